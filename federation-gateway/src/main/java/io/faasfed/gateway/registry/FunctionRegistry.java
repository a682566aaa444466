package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store behind the federated namespace: function name to its placements, at most one per platform. Lookups are
 * key accesses (a map get in memory, one hash read in Redis), never scans. Implementations: in memory (the embedded
 * default) and Redis (shared by every gateway replica).
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

    /** Adds or replaces the placement of its function on its platform. */
    Mono<Void> put(Placement placement);

    /** Removes {@code name} from {@code platform}; completes quietly when it was not there. */
    Mono<Void> remove(String name, PlatformId platform);

    /**
     * Makes {@code placements} exactly what {@code platform} hosts: adds and refreshes them, marks them fresh, and
     * removes the platform's placements that are not among them (a discovery pass).
     */
    Mono<Void> replacePlatform(PlatformId platform, Collection<Placement> placements);

    /** Marks every placement of {@code platform} stale (kept, but possibly out of date). */
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
