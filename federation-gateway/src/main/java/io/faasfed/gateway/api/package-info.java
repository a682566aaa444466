/**
 * The native API, {@code /federation/v1}: platforms with their health and sync state, and functions with the neutral
 * descriptor and every placement (collisions visible). Described by the OpenAPI document at {@code /v3/api-docs}.
 */
package io.faasfed.gateway.api;
