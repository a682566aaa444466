package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import java.net.URI;
import java.util.List;
import java.util.function.Predicate;
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

    /** A spec deployed as it is, in the scope it names. */
    public static final Placing AS_GIVEN = (platform, spec) -> spec;

    /** Every placement: what an admin, or the gateway itself, sees. */
    public static final Predicate<Placement> ALL = placement -> true;

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
        return placements(name, null, ALL);
    }

    /** {@link #placements(String)} restricted to the placements {@code visible} accepts (a caller's tenant). */
    public Mono<List<Placement>> placements(String name, Predicate<Placement> visible) {
        return placements(name, null, visible);
    }

    /**
     * The placements of {@code name}, best first; looks on the platforms once (for the name in {@code scope}) when
     * the registry has no placement that serves the name in that scope, e.g. {@code echo.dev} while only the
     * default scope's {@code echo} is known.
     */
    private Mono<List<Placement>> placements(String name, String scope, Predicate<Placement> visible) {
        return registry.lookup(name).flatMap(found -> {
            List<Placement> ordered = enabledInOrder(found, visible);
            if (!ordered.isEmpty() && serving(ordered, scope) != null) {
                return Mono.just(ordered);
            }
            return discovery.refreshOnMiss(name, scope).flatMap(any -> any
                    ? registry.lookup(name).map(again -> enabledInOrder(again, visible)) : Mono.just(ordered));
        });
    }

    /**
     * The placement that serves {@code name} in {@code scope}, with its platform; {@link FaasException.FunctionNotFound}
     * when there is none. {@link #serving(List, String)} states the rule. With an in-process store a known name
     * resolves without building a pipeline: one map get, and an ordering only when the name has several placements.
     */
    public Mono<Route> route(String name, String scope) {
        return route(name, scope, ALL);
    }

    /**
     * {@link #route(String, String)} among the placements {@code visible} accepts (a caller's tenant): a placement it
     * refuses is the same {@link FaasException.FunctionNotFound} as one that does not exist.
     */
    public Mono<Route> route(String name, String scope, Predicate<Placement> visible) {
        List<Placement> known = registry.lookupNow(name);
        if (known != null && !known.isEmpty()) {
            Route route = routeOf(serving(enabledInOrder(known, visible), scope));
            if (route != null) {
                return Mono.just(route);
            }
        }
        return placements(name, scope, visible).flatMap(found -> {
            Route route = routeOf(serving(found, scope));
            return route != null ? Mono.just(route)
                    : Mono.error(new FaasException.FunctionNotFound(null, scope == null ? name : name + "." + scope));
        });
    }

    /**
     * The placement that serves a name in {@code scope}, from its placements on enabled platforms best first; null
     * when none does. The rule, the same for calls, reads, updates, scaling and deletes:
     * <ul>
     *   <li>no scope: the best placement in a platform's default scope; when the name lives only in other scopes,
     *       the best of those;</li>
     *   <li>a scope: the best placement {@linkplain #inScope in that scope}.</li>
     * </ul>
     */
    public Placement serving(List<Placement> ordered, String scope) {
        Placement fallback = null;
        for (Placement placement : ordered) {
            if (scope == null) {
                if (placement.scope() == null) {
                    return placement;
                }
                fallback = fallback == null ? placement : fallback;
            } else if (inScope(placement, scope)) {
                return placement;
            }
        }
        return fallback;
    }

    /** The best placement strictly {@linkplain #inScope in} {@code scope}, from placements best first; else null. */
    public Placement bestIn(List<Placement> ordered, String scope) {
        for (Placement placement : ordered) {
            if (inScope(placement, scope)) {
                return placement;
            }
        }
        return null;
    }

    /**
     * Whether {@code placement} lives in {@code scope}: null means a platform's default scope; a name means that
     * scope, and also the default scope of a platform whose own name for it it is (OpenWhisk's {@code guest}, an Fn
     * platform's default app, an OpenFaaS platform's namespace).
     */
    public boolean inScope(Placement placement, String scope) {
        if (scope == null || placement.scope() != null) {
            return java.util.Objects.equals(scope, placement.scope());
        }
        return directory.find(placement.platform())
                .map(platform -> scope.equals(platform.platform().defaultScope()))
                .orElse(false);
    }

    private Route routeOf(Placement placement) {
        if (placement == null) {
            return null;
        }
        ConfiguredPlatform platform = directory.find(placement.platform()).orElse(null);
        return platform == null ? null : new Route(placement, platform);
    }

    private List<Placement> enabledInOrder(List<Placement> found, Predicate<Placement> visible) {
        for (Placement placement : found) {
            if (directory.find(placement.platform()).isEmpty() || !visible.test(placement)) {
                return policy.order(found.stream()
                        .filter(candidate -> directory.find(candidate.platform()).isPresent() && visible.test(candidate))
                        .toList());
            }
        }
        return policy.order(found);
    }

    /**
     * Forgets one placement that its platform says is gone (a forwarded call's "no such function"), so that the next
     * resolution of the name looks on the platforms again instead of trusting the registry until the next discovery.
     */
    public Mono<Void> evict(Placement placement) {
        discovery.forgetMiss(placement.name());
        return registry.remove(placement.name(), placement.platform(), placement.scope(), java.time.Instant.now())
                .onErrorResume(RegistryUnavailableException.class, unavailable -> Mono.empty());
    }

    /** Every name with its placements, best first. */
    public Flux<List<Placement>> all() {
        return registry.all().map(policy::order);
    }

    /** Every name with the placements {@code visible} accepts, best first; names with none are left out. */
    public Flux<List<Placement>> all(Predicate<Placement> visible) {
        return registry.all().map(found -> policy.order(found.stream().filter(visible).toList()))
                .filter(found -> !found.isEmpty());
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

    /**
     * Deploys {@code spec} (create or update) on its target platform and records it in the registry. When the
     * registry cannot be written ({@link RegistryUnavailableException}) the platform is not touched.
     */
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        return deploy(spec, AS_GIVEN);
    }

    /**
     * {@link #deploy(FunctionSpec)}, with the spec first placed on its target platform by {@code placing} (which
     * sets a tenant's scope there, or refuses).
     */
    public Mono<FunctionInfo> deploy(FunctionSpec spec, Placing placing) {
        return Mono.fromCallable(() -> {
            ConfiguredPlatform target = targetOf(spec);
            return new Placed(target, placing.place(target, spec));
        }).flatMap(placed -> deployOn(placed.platform(), placed.spec()));
    }

    /**
     * Updates the function {@code route} serves: on the platform and in the scope that serve it, unless the spec's
     * {@code faasfed.platform} label names another platform (which then hosts it too, pinned).
     */
    public Mono<FunctionInfo> update(FunctionSpec spec, Route route) {
        return update(spec, route, AS_GIVEN);
    }

    /**
     * {@link #update(FunctionSpec, Route)}; when the spec's label names another platform, the spec is placed there by
     * {@code placing} first.
     */
    public Mono<FunctionInfo> update(FunctionSpec spec, Route route, Placing placing) {
        return Mono.fromCallable(() -> {
                    if (spec.labelOrAnnotation(Placement.PIN_LABEL) == null
                            || route.platform().id().value().equals(spec.labelOrAnnotation(Placement.PIN_LABEL))) {
                        return null;
                    }
                    ConfiguredPlatform other = targetOf(spec);
                    return new Placed(other, placing.place(other, spec));
                })
                .flatMap(placed -> deployOn(placed.platform(), placed.spec()))
                .switchIfEmpty(Mono.defer(() -> deployOn(route.platform(),
                        spec.toBuilder().scope(route.placement().scope()).build())));
    }

    private Mono<FunctionInfo> deployOn(ConfiguredPlatform target, FunctionSpec spec) {
        return registry.ensureWritable()
                .then(Mono.defer(() -> target.platform().deploy(withGatewayUrl(spec))))
                .flatMap(info -> discovery.recordDeployed(info).thenReturn(info));
    }

    /**
     * Deletes the placement of {@code name} that serves it in {@code scope} (by the rule of
     * {@link #serving(List, String)}; only among those on {@code platformId} when given) through its reference, and
     * removes exactly that placement from the registry; {@link FaasException.FunctionNotFound} when there is none.
     * When the registry cannot be written ({@link RegistryUnavailableException}) the platform is not touched.
     */
    public Mono<Placement> delete(String name, String scope, String platformId) {
        return delete(name, scope, platformId, ALL);
    }

    /** {@link #delete(String, String, String)} among the placements {@code visible} accepts. */
    public Mono<Placement> delete(String name, String scope, String platformId, Predicate<Placement> visible) {
        return placements(name, null, visible).flatMap(found -> {
            Placement chosen = serving(found.stream()
                    .filter(placement -> platformId == null || placement.platform().value().equals(platformId))
                    .toList(), scope);
            if (chosen == null) {
                return Mono.error(new FaasException.FunctionNotFound(null, scope == null ? name : name + "." + scope));
            }
            Mono<Void> forget = Mono.defer(() -> registry.remove(name, chosen.platform(), chosen.scope(),
                    java.time.Instant.now()));
            return registry.ensureWritable()
                    .then(Mono.defer(() -> directory.require(chosen.platform()).platform().delete(chosen.ref())))
                    .onErrorResume(FaasException.FunctionNotFound.class,
                            notFound -> forget.then(Mono.error(notFound)))
                    .then(forget)
                    .thenReturn(chosen);
        });
    }

    /**
     * What the platform that serves {@code route} reports about its function now: a live read through the
     * placement's reference, not the registry's copy from the last deploy or discovery pass.
     */
    public Mono<FunctionInfo> live(Route route) {
        return route.platform().platform().get(route.ref());
    }

    /** Sets the replicas of the function that serves {@code name} in {@code scope}, through its reference. */
    public Mono<Route> scale(String name, String scope, int replicas) {
        return scale(name, scope, replicas, ALL);
    }

    /** {@link #scale(String, String, int)} among the placements {@code visible} accepts. */
    public Mono<Route> scale(String name, String scope, int replicas, Predicate<Placement> visible) {
        return route(name, scope, visible).flatMap(route -> route.platform().platform().scale(route.ref(), replicas)
                .thenReturn(route));
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

        /** The reference every call of this route uses: name, scope and backend id of the placement. */
        public io.faasfed.adapter.api.FunctionRef ref() {
            return placement.ref();
        }
    }

    /** Where on its target platform a spec goes: the security layer sets a tenant's scope, or refuses. */
    @FunctionalInterface
    public interface Placing {

        /** {@code spec} as it is to be deployed on {@code platform}; a failure (e.g. a 400) refuses the deploy. */
        FunctionSpec place(ConfiguredPlatform platform, FunctionSpec spec);
    }

    private record Placed(ConfiguredPlatform platform, FunctionSpec spec) {
    }
}
