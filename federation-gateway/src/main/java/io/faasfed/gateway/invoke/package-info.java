/**
 * The unified endpoint {@code /function/{name}[.{namespace}][/**]}: names resolve through the federated namespace;
 * plain HTTP platforms are forwarded by Spring Cloud Gateway's pooled, streaming Netty client, and calls that need
 * translation go through the adapter's {@code invoke}.
 */
package io.faasfed.gateway.invoke;
