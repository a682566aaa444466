/**
 * Distributed tracing of function calls: each call to a platform is a client span under the span of the work that
 * made it, and carries that span to the function as W3C {@code traceparent}; spans go through Micrometer Tracing's
 * OpenTelemetry bridge and are exported over OTLP when an endpoint is configured.
 */
package io.faasfed.gateway.tracing;
