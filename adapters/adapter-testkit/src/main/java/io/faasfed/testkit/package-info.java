/**
 * Test support shared by every faasfed module: the adapter contract test ({@code contract}), the loopback WireMock
 * extension ({@code wiremock}), the Redis test extension ({@code redis}) and {@link io.faasfed.testkit.InMemoryPlatform},
 * a platform without network for tests of the code above the SPI. Depend on this module in test scope; the
 * benchmarks, whose state is built from {@code InMemoryPlatform}, are the one exception.
 */
package io.faasfed.testkit;
