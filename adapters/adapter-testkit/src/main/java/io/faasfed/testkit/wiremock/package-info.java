/**
 * WireMock for adapter tests: {@link io.faasfed.testkit.wiremock.LoopbackWireMock}, the JUnit 5 extension that runs a
 * loopback WireMock server for a test class and resets it before each test.
 */
package io.faasfed.testkit.wiremock;
