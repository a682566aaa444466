/**
 * Bootstraps the shared attachable overlay network and the Swarm stack with docker-java; filled by the
 * network-setup issue (see docs/architecture.md).
 */
package io.faasfed.network;
