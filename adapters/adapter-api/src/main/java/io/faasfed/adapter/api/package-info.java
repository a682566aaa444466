/**
 * The platform SPI of faasfed: one reactive interface, {@link io.faasfed.adapter.api.FaasPlatform}, that every
 * FaaS platform adapter implements, the platform-neutral records it speaks in, and the small family of errors
 * the gateway maps to HTTP status codes in one place. This package depends on Reactor only.
 */
package io.faasfed.adapter.api;
