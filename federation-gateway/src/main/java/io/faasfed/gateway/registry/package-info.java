/**
 * The federated namespace: function name to placements (platform and backend reference), kept in a
 * {@link io.faasfed.gateway.registry.FunctionRegistry store} (in memory or Redis), filled by deploys and by discovery,
 * and ordered by a documented placement policy when a name lives on several platforms.
 */
package io.faasfed.gateway.registry;
