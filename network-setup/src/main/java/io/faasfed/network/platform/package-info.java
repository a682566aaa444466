/**
 * Each platform's part of the shared network: which of its services or containers must join it, which settings make
 * it start function containers on it ({@code FN_DOCKER_NETWORKS}, {@code CONFIG_whisk_containerFactory_containerArgs_network},
 * the OpenFaaS adapter's {@code network}), applied to running services and containers or printed for people who run
 * the platforms themselves.
 */
package io.faasfed.network.platform;
