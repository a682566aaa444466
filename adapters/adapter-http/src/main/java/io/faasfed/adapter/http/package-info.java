/**
 * The template base shared by HTTP platform adapters: {@link io.faasfed.adapter.http.AbstractHttpFaasPlatform} owns
 * the pooled {@code WebClient}, timeouts, streaming of bodies and the translation of HTTP and network failures into
 * the SPI's error family, so that each adapter holds only what is specific to its platform.
 */
package io.faasfed.adapter.http;
