/**
 * Compositions served by the gateway: their store, the platform that makes them functions of the namespace
 * ({@code /function}, {@code /async-function}, {@code /system/functions}), the step invoker that calls functions on
 * the platforms for a composition's owner, and the {@code /federation/v1/compositions} API.
 */
package io.faasfed.gateway.composition.runtime;
