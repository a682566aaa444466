package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store behind the federated namespace: function name to its placements, at most one per (platform, scope).
 * Lookups are key accesses (a map get in memory, one hash read in Redis), never scans. Implementations: in memory
 * (the embedded default) and Redis (shared by every gateway replica).
 *
 * <p>Writes are conditional on time, so that a discovery pass racing with a deploy or a delete through the gateway
 * neither drops the deploy nor brings the deleted function back: a discovery pass carries the time its listing
 * started; a placement written by a deploy after that time, or removed by a delete after that time (which leaves a
 * tombstone), wins over what the pass listed. Each write is atomic on its own.
 */
public interface FunctionRegistry {

    /** The placements of {@code name}, in no particular order; empty list when the name is unknown. */
    Mono<List<Placement>> lookup(String name);

    /**
     * The placements of {@code name} when the store can tell without I/O (an in-process store), else null: the
     * invocation path then skips building a reactive pipeline. The list must not be modified.
     */
    default List<Placement> lookupNow(String name) {
        return null;
    }

    /**
     * Adds or replaces the placement of its function on its (platform, scope), as of its {@link Placement#seenAt()}
     * (a deploy through the gateway, or a function found on a miss); clears a tombstone of that placement.
     */
    Mono<Void> put(Placement placement);

    /**
     * Removes the placement of {@code name} on {@code platform} in {@code scope} (a delete through the gateway at
     * {@code deletedAt}) and leaves a tombstone, so that a discovery pass that started before {@code deletedAt}
     * does not bring it back; completes quietly when it was not there.
     */
    Mono<Void> remove(String name, PlatformId platform, String scope, Instant deletedAt);

    /**
     * Makes {@code placements} what {@code platform} hosts, as a discovery pass whose listing started at
     * {@code listedAt} saw it: adds and refreshes them (fresh, seen at {@code listedAt}) and removes the platform's
     * placements that are not among them; but leaves alone every placement written after {@code listedAt}, and does
     * not add back one deleted after {@code listedAt}. Tombstones older than {@code listedAt} are dropped.
     */
    Mono<Void> replacePlatform(PlatformId platform, Collection<Placement> placements, Instant listedAt);

    /** Marks every placement of {@code platform} stale (kept, but possibly out of date), atomically per placement. */
    Mono<Void> markStale(PlatformId platform);

    /**
     * Completes when writes can be made now; errors with {@link RegistryUnavailableException} when the store is
     * known to be away, so that a management operation is refused before it touches a platform. In-process stores
     * are always writable.
     */
    default Mono<Void> ensureWritable() {
        return Mono.empty();
    }

    /** Every name with its placements. */
    Flux<List<Placement>> all();

    /** How many names the namespace holds. */
    Mono<Long> size();
}
