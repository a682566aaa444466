/**
 * Rate limits per key, per tenant and per client address: token buckets checked by a {@link
 * io.faasfed.gateway.ratelimit.RateLimiter} (in memory for the embedded default, in Redis with one Lua call per check),
 * applied to every request after authentication by {@link io.faasfed.gateway.ratelimit.RateLimitWebFilter}, with a
 * per-route-class choice of what happens when the store cannot answer.
 */
package io.faasfed.gateway.ratelimit;
