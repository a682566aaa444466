package io.faasfed.gateway.registry;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * The health of the registry's shared store (the {@code redis} entry of {@code /actuator/health}): a live ping, plus
 * what the gateway does meanwhile. DOWN while the store does not answer, with the error, since when, the local copy's
 * age and whether calls still resolve from it. It belongs to no probe group: the gateway stays live (and serving from
 * its copy) while the store is away.
 */
public final class RegistryHealthIndicator implements ReactiveHealthIndicator {

    private final LocalCopyFunctionRegistry registry;
    private final Duration timeout;

    /**
     * @param registry the registry with its local copy
     * @param timeout  the longest a ping may take (the store's command timeout and a little more)
     */
    public RegistryHealthIndicator(LocalCopyFunctionRegistry registry, Duration timeout) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Mono<Health> health() {
        StoreAvailability store = registry.availability();
        return store.ping()
                .timeout(timeout)
                .then(Mono.fromSupplier(() -> details(Health.up()).build()))
                .onErrorResume(error -> Mono.just(details(Health.down())
                        .withDetail("error", registry.outageCause() != null ? registry.outageCause()
                                : error.getClass().getSimpleName()
                                + (error.getMessage() == null ? "" : ": " + error.getMessage()))
                        .withDetail("invocations", registry.copyServes()
                                ? "resolve from the local copy until it is " + registry.maxStaleness() + " old"
                                : "answer 503: the local copy is older than " + registry.maxStaleness())
                        .withDetail("writes", "answer 503 Registry unavailable")
                        .build()));
    }

    private Health.Builder details(Health.Builder builder) {
        Duration age = registry.copyAge();
        builder.withDetail("store", registry.availability().describe());
        if (registry.unavailableSince() != null) {
            builder.withDetail("unavailableSince", registry.unavailableSince().toString());
        }
        builder.withDetail("localCopyAgeSeconds", age == null ? -1 : age.toSeconds());
        builder.withDetail("localCopyMaxStalenessSeconds", registry.maxStaleness().toSeconds());
        return builder;
    }
}
