package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import io.faasfed.network.Engine;
import io.faasfed.network.Progress;
import reactor.core.publisher.Mono;

/** Runs {@code faasfed network verify}: every hop from the network to each platform's health endpoint. */
public final class NetworkVerifier {

    private final Engine engine;

    /** A verifier on {@code engine}. */
    public NetworkVerifier(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /** The verify table; a failing hop is a FAIL row, not an error (errors are for an engine that cannot be asked). */
    public Mono<VerifyReport> verify(VerifyRequest request, Progress progress) {
        return Mono.error(new UnsupportedOperationException("filled by the verify work"));
    }
}
