package io.faasfed.gateway.registry;

import reactor.core.publisher.Mono;

/** How {@link LocalCopyFunctionRegistry} tells that its shared store is away: a cheap live check and a classifier. */
public interface StoreAvailability {

    /** Completes when the store answers now; errors (within the store's command timeout) when it does not. */
    Mono<Void> ping();

    /** Whether {@code error} means the store cannot be reached or did not answer (as opposed to a bug or bad data). */
    boolean isOutage(Throwable error);

    /** What the store is, for messages and health, e.g. {@code redis}; never credentials. */
    String describe();
}
