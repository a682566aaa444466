package io.faasfed.gateway.calls;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where calls are kept for reading back, each for a limited time: the entries by id, and per tenant the children of
 * each parent call, in order of start. The children index is per tenant, so a tenant that names another tenant's call
 * as its parent only adds to its own index: it never shows up in the other tenant's tree.
 *
 * <p>In memory ({@link InMemoryCallLog}, bounded) or in Redis ({@link RedisCallLog}, shared by every replica). Every
 * method fails with the store's own exception when the store cannot be reached.
 */
public interface CallLog {

    /** Stores {@code entries} and links each that has a parent to its parent, in its tenant's children index. */
    Mono<Void> write(List<CallEntry> entries);

    /** The entry of a call; empty when there is none (never recorded, or expired). */
    Mono<CallEntry> entry(String id);

    /**
     * The ids of the calls made under {@code parentId} by {@code tenant}'s callers, oldest first, at most
     * {@code limit}.
     */
    Flux<String> children(String tenant, String parentId, int limit);
}
