/**
 * The template base shared by HTTP platform adapters: {@link io.faasfed.adapter.http.AbstractHttpFaasPlatform} owns
 * the pooled {@code WebClient}, timeouts, streaming of bodies and the translation of HTTP and network failures into
 * the SPI's error family, so that each adapter holds only what is specific to its platform. Likewise
 * {@link io.faasfed.adapter.http.HttpPlatformProperties} holds the connection properties every adapter binds (URL,
 * credentials, timeouts, pool) and turns them into {@link io.faasfed.adapter.http.HttpPlatformSettings}.
 */
package io.faasfed.adapter.http;
