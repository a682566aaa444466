/**
 * The shared attachable network that the gateway, every platform and every function container join, so that
 * functions on different platforms call each other by name: planned, created, verified and removed on a Docker engine
 * in Swarm mode (an attachable overlay) or on a single host (a bridge), through docker-java pinned to Engine API 1.41,
 * with every blocking call kept on {@code Schedulers.boundedElastic()}.
 */
package io.faasfed.network;
