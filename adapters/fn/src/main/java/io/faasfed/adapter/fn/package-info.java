/**
 * The Fn Project adapter: {@link io.faasfed.adapter.fn.FnPlatform} makes an Fn server a faasfed platform, with
 * every federated function in one configured app, calls through HTTP triggers, and the factory and
 * auto-configuration the gateway uses to create it from {@code faasfed.platforms.<id>.*}.
 */
package io.faasfed.adapter.fn;
