/**
 * The unified endpoint {@code /function/{name}[.{namespace}][/**]}: names resolve through the federated namespace;
 * plain HTTP platforms are forwarded on each platform's own pooled, streaming client, and calls that need
 * translation go through the adapter's {@code invoke}.
 */
package io.faasfed.gateway.invoke;
