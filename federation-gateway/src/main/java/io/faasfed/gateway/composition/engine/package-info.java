/**
 * The composition engine: runs a {@link io.faasfed.gateway.composition.CompositionDefinition} as pure reactive code,
 * calling functions through a {@link io.faasfed.gateway.composition.engine.StepInvoker} and reporting every step to a
 * {@link io.faasfed.gateway.composition.engine.RunListener}. It has no HTTP and no Spring wiring of its own; the
 * gateway supplies the invoker (over the platforms or the federated namespace) and persists the trace.
 */
package io.faasfed.gateway.composition.engine;
