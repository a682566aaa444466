package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one namespace over every platform: resolves names to placements (registry, then an on-miss refresh), applies
 * the placement policy, and deploys, deletes and scales through the right platform, keeping the registry in step.
 * Both management APIs and the invocation path go through it.
 */
public final class FederatedNamespace {

    /** The environment variable that tells a function where the gateway is. */
    public static final String GATEWAY_URL_ENV = "FAASFED_GATEWAY_URL";

    private final PlatformDirectory directory;
    private final FunctionRegistry registry;
    private final Discovery discovery;
    private final PlacementPolicy policy;
    private final URI publicUrl;

    /** The namespace over {@code directory}'s platforms. */
    public FederatedNamespace(PlatformDirectory directory, FunctionRegistry registry, Discovery discovery,
                              URI publicUrl) {
        this.directory = directory;
        this.registry = registry;
        this.discovery = discovery;
        this.policy = new PlacementPolicy(directory);
        this.publicUrl = publicUrl;
    }

    /** The platforms. */
    public PlatformDirectory directory() {
        return directory;
    }

    /** The policy that orders a name's placements. */
    public PlacementPolicy policy() {
        return policy;
    }

    /** The discovery that fills the registry. */
    public Discovery discovery() {
        return discovery;
    }

    /**
     * The placements of {@code name} on enabled platforms, best first; looks on the platforms once when the registry
     * does not know the name. Empty when no platform has it.
     */
    public Mono<List<Placement>> placements(String name) {
        return registry.lookup(name)
                .flatMap(found -> found.isEmpty()
                        ? discovery.refreshOnMiss(name).flatMap(any -> any ? registry.lookup(name) : Mono.just(found))
                        : Mono.just(found))
                .map(this::enabledInOrder);
    }

    /**
     * The placement that serves {@code name} (in {@code scope}, when one is given), with its platform;
     * {@link FaasException.FunctionNotFound} when there is none. With an in-process store a known name resolves
     * without building a pipeline: one map get, and an ordering only when the name lives on several platforms.
     */
    public Mono<Route> route(String name, String scope) {
        List<Placement> known = registry.lookupNow(name);
        if (known != null && !known.isEmpty()) {
            Route route = choose(enabledInOrder(known), scope);
            if (route != null) {
                return Mono.just(route);
            }
        }
        return placements(name).flatMap(found -> {
            Route route = choose(found, scope);
            return route != null ? Mono.just(route)
                    : Mono.error(new FaasException.FunctionNotFound(null, scope == null ? name : name + "." + scope));
        });
    }

    private Route choose(List<Placement> ordered, String scope) {
        for (Placement placement : ordered) {
            if (scope == null || scope.equals(placement.function().scope())) {
                ConfiguredPlatform platform = directory.find(placement.platform()).orElse(null);
                if (platform != null) {
                    return new Route(placement, platform);
                }
            }
        }
        return null;
    }

    private List<Placement> enabledInOrder(List<Placement> found) {
        for (Placement placement : found) {
            if (directory.find(placement.platform()).isEmpty()) {
                return policy.order(found.stream()
                        .filter(candidate -> directory.find(candidate.platform()).isPresent()).toList());
            }
        }
        return policy.order(found);
    }

    /** Every name with its placements, best first. */
    public Flux<List<Placement>> all() {
        return registry.all().map(policy::order);
    }

    /** How many names the namespace holds. */
    public Mono<Long> size() {
        return registry.size();
    }

    /**
     * The platform a deploy of {@code spec} goes to: the one its {@code faasfed.platform} label or annotation names,
     * else the configured default. {@link FaasException.InvalidSpec} naming the enabled platforms when the named one
     * is unknown or disabled.
     */
    public ConfiguredPlatform targetOf(FunctionSpec spec) {
        String named = spec.labelOrAnnotation(Placement.PIN_LABEL);
        if (named != null) {
            return directory.find(named).orElseThrow(() -> new FaasException.InvalidSpec(null,
                    "labels." + Placement.PIN_LABEL, "'" + named + "' is not an enabled platform (expected one of: "
                    + directory.ids() + ")"));
        }
        return directory.defaultPlatform().orElseThrow(() -> new FaasException.InvalidSpec(null,
                "labels." + Placement.PIN_LABEL, "no platform is configured to deploy to; configure "
                + "faasfed.platforms.<id>.type"));
    }

    /** Deploys {@code spec} (create or update) on its target platform and records it in the registry. */
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        return Mono.fromCallable(() -> targetOf(spec)).flatMap(target -> deployOn(target, spec));
    }

    /**
     * Updates the function {@code route} serves: on the platform that serves it, unless the spec's
     * {@code faasfed.platform} label names another one (which then hosts it too, pinned).
     */
    public Mono<FunctionInfo> update(FunctionSpec spec, Route route) {
        return Mono.fromCallable(() -> spec.labelOrAnnotation(Placement.PIN_LABEL) != null ? targetOf(spec)
                : route.platform()).flatMap(target -> deployOn(target, spec));
    }

    private Mono<FunctionInfo> deployOn(ConfiguredPlatform target, FunctionSpec spec) {
        return target.platform().deploy(withGatewayUrl(spec))
                .flatMap(info -> discovery.recordDeployed(info).thenReturn(info));
    }

    /**
     * Deletes the placement of {@code name} that serves calls (or the one on {@code platformId} when given) and
     * removes it from the registry; {@link FaasException.FunctionNotFound} when there is none.
     */
    public Mono<Placement> delete(String name, String platformId) {
        return placements(name).flatMap(found -> {
            Placement chosen = found.stream()
                    .filter(placement -> platformId == null || placement.platform().value().equals(platformId))
                    .findFirst().orElse(null);
            if (chosen == null) {
                return Mono.error(new FaasException.FunctionNotFound(null, name));
            }
            return directory.require(chosen.platform()).platform().delete(name)
                    .onErrorResume(FaasException.FunctionNotFound.class,
                            notFound -> registry.remove(name, chosen.platform()).then(Mono.error(notFound)))
                    .then(registry.remove(name, chosen.platform()))
                    .thenReturn(chosen);
        });
    }

    /**
     * What the platform that serves {@code route} reports about its function now: a live read, not the registry's
     * copy from the last deploy or discovery pass.
     */
    public Mono<FunctionInfo> live(Route route) {
        return route.platform().platform().get(route.placement().name());
    }

    /** Sets the replicas of {@code name} on the platform that serves it. */
    public Mono<Route> scale(String name, String scope, int replicas) {
        return route(name, scope).flatMap(route -> route.platform().platform().scale(name, replicas).thenReturn(route));
    }

    private FunctionSpec withGatewayUrl(FunctionSpec spec) {
        if (publicUrl == null || spec.env().containsKey(GATEWAY_URL_ENV)) {
            return spec;
        }
        return spec.toBuilder().env(GATEWAY_URL_ENV, publicUrl.toString()).build();
    }

    /**
     * A name resolved to the placement that serves it.
     *
     * @param placement the placement
     * @param platform  its platform
     */
    public record Route(Placement placement, ConfiguredPlatform platform) {
    }
}
