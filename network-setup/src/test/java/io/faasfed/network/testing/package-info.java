/**
 * Docker engines for tests, shipped in network-setup's test jar: a real private {@code dockerd}
 * ({@link io.faasfed.network.testing.PrivateDockerEngine}) for what this machine can run, and a recording stub
 * ({@link io.faasfed.network.testing.RecordingDockerStub}, {@link io.faasfed.network.testing.StubbedEngine}) whose every
 * request is checked against the Engine API v1.41 document ({@link io.faasfed.network.testing.EngineApiSpec}) for what
 * it cannot (a Swarm worker, a locked swarm, VIP-mode services, an encrypted overlay, engine failures).
 */
package io.faasfed.network.testing;
