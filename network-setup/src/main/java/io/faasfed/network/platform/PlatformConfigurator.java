package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Service;

import io.faasfed.network.Engine;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.ModeDetection;
import io.faasfed.network.ModeDetector;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.SwarmRole;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Puts a platform on the shared network: attaches its components and sets what makes it start function containers
 * there (CONTRACTS.md §4), on running Swarm services or single-host containers; or prints that configuration.
 *
 * <ul>
 *   <li>OpenFaaS (Swarm): the gateway and faas-swarm join the network; the faasfed gateway, when found, joins it and
 *       gets {@code FAASFED_PLATFORMS_OPENFAAS_NETWORK} so its adapter sends {@code network} on every deploy and
 *       update. On a single host there is no OpenFaaS provider that puts functions on a Docker network: only the
 *       gateway joins, and the plan says so.</li>
 *   <li>OpenWhisk: the controller and the invoker join; the invoker gets
 *       {@code CONFIG_whisk_containerFactory_containerArgs_network}.</li>
 *   <li>Fn: fnserver joins and gets {@code FN_DOCKER_NETWORKS} naming exactly this one network.</li>
 * </ul>
 *
 * <p>A component joins with its DNS name as alias. A Swarm service is changed in one update and apply waits for its
 * new tasks; a container whose environment must change is re-created with everything else it was created with, and
 * rolled back if that fails. {@link #plan} only reads; {@link #apply} plans again and carries the plan out, so a second
 * apply changes nothing.
 */
public final class PlatformConfigurator {

    /** How long apply waits for a changed service's new tasks to run. */
    static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(3);

    private final Engine engine;
    private final ComponentLocator locator;
    private final ServiceReconfigurer services;
    private final ContainerReconfigurer containers;

    /** A configurator on {@code engine}. */
    public PlatformConfigurator(Engine engine) {
        this(engine, UnaryOperator.identity());
    }

    /** A configurator whose container re-creates pass their create command through {@code beforeCreate} (for tests). */
    PlatformConfigurator(Engine engine, UnaryOperator<CreateContainerCmd> beforeCreate) {
        this.engine = requireNonNull(engine, "engine");
        this.locator = new ComponentLocator(engine);
        this.services = new ServiceReconfigurer(engine, ROLLOUT_TIMEOUT);
        this.containers = new ContainerReconfigurer(engine, beforeCreate);
    }

    /**
     * What {@link #apply} would do; nothing is changed.
     *
     * @param platform the platform to configure
     * @param layout where its components run and what they are called
     * @param network the shared network's name; it must exist ({@code faasfed network apply})
     * @param mode the mode asked for; {@link ModeChoice#AUTO} follows the engine
     * @param progress where each step reports
     * @return the plan; it fails with a {@link SetupException}: NETWORK_MISSING when the network does not exist,
     *         PLATFORM_NOT_FOUND when a component is not found (or a name matches several), NETWORK_CONFLICT when the
     *         network is of a kind a component cannot join, NOT_A_SWARM_MANAGER, DOCKER_UNREACHABLE
     */
    public Mono<PlatformPlan> plan(Platform platform, PlatformLayout layout, String network, ModeChoice mode, Progress progress) {
        return planned(platform, layout, network, mode, progress).map(PlatformPlanner.Planned::plan);
    }

    /**
     * Plans and carries the plan out, one component after another; a second apply changes nothing. It refuses, before
     * changing anything, when a container to re-create cannot be (PLATFORM_CONFLICT: started with {@code --rm}, or a
     * leftover {@code <name>-faasfed-old} in the way).
     *
     * @return the plan that was carried out
     */
    public Mono<PlatformPlan> apply(Platform platform, PlatformLayout layout, String network, ModeChoice mode, Progress progress) {
        return planned(platform, layout, network, mode, progress).flatMap(planned -> {
            if (!planned.blockers().isEmpty()) {
                return Mono.error(new SetupException(SetupProblem.PLATFORM_CONFLICT,
                        "configure " + platform.id() + " changed nothing: " + String.join(" ", planned.blockers()),
                        "Resolve the above and apply again; 'faasfed configure " + platform.id() + "' without --apply "
                                + "prints the settings to make yourself."));
            }
            return Flux.fromIterable(planned.work())
                    .concatMap(work -> work.target().located().kind() == Located.Kind.SERVICE
                            ? services.apply(work, planned.network(), progress)
                            : containers.apply(work, planned.network(), progress))
                    .then(Mono.just(planned.plan()));
        });
    }

    /**
     * The configuration people who run {@code platform} themselves set, in {@code format}; needs no engine. The output
     * is deterministic: lines end with {@code \n}, settings are sorted, components come in configure's order.
     *
     * @throws SetupException INVALID_INPUT when {@code network} is not a name Docker accepts
     */
    public static String render(Platform platform, PlatformLayout layout, String network, Mode mode, ConfigFormat format) {
        requireNonNull(platform, "platform");
        requireNonNull(layout, "layout");
        requireNonNull(mode, "mode");
        requireNonNull(format, "format");
        NetworkSpec.named(requireNonNull(network, "network"));
        return ConfigRenderer.render(platform, layout, network, mode, format);
    }

    private Mono<PlatformPlanner.Planned> planned(Platform platform, PlatformLayout layout, String network, ModeChoice choice,
                                                  Progress progress) {
        requireNonNull(platform, "platform");
        requireNonNull(layout, "layout");
        requireNonNull(choice, "mode");
        requireNonNull(progress, "progress");
        try {
            NetworkSpec.named(requireNonNull(network, "network"));
        } catch (SetupException invalid) {
            return Mono.error(invalid);
        }
        return progress.track("Connecting to Docker at " + engine.endpoint().host(), engine.state(),
                        s -> "Docker " + s.serverVersion() + (s.swarmRole() == SwarmRole.NONE ? ", no swarm"
                                : ", swarm " + s.swarmState()))
                .flatMap(state -> progress.track("Choosing the mode", Mono.fromCallable(() -> ModeDetector.detect(state, choice)),
                        d -> d.mode().label()))
                .flatMap(detection -> progress.track("Looking for network " + network, network(network, detection.mode()),
                                n -> n.map(found -> "found: " + found.driver() + ", " + found.scope() + " scope"
                                        + (found.attachable() ? ", attachable" : "")).orElse("not found"))
                        .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(missing(network, detection.mode()))))
                        .flatMap(net -> plan(platform, layout, detection, net, progress)));
    }

    private Mono<PlatformPlanner.Planned> plan(Platform platform, PlatformLayout layout, ModeDetection detection,
                                               ExistingNetwork network, Progress progress) {
        List<Wanted> wanted = Wanted.of(platform, layout, network.name(), detection.mode());
        return Flux.fromIterable(wanted)
                .concatMap(w -> progress.track("Looking for the " + describe(w.component()) + " '" + w.component().name() + "'",
                                locator.locate(w.component(), detection.mode())
                                        .flatMap(located -> target(located, network))
                                        .map(Optional::of)
                                        .defaultIfEmpty(Optional.empty()),
                                t -> t.map(found -> found(found, network)).orElse(w.optional() ? "not found (optional)" : "not found"))
                        .map(t -> Map.entry(w.component().role(), t)))
                .collectList()
                .map(entries -> {
                    Map<String, Target> found = new LinkedHashMap<>();
                    entries.forEach(e -> e.getValue().ifPresent(t -> found.put(e.getKey(), t)));
                    return PlatformPlanner.plan(platform, detection, network, wanted, found);
                });
    }

    /** The network called {@code name}; of several (a local and a swarm one), the one of the mode's scope. */
    private Mono<Optional<ExistingNetwork>> network(String name, Mode mode) {
        String scope = mode == Mode.SWARM ? "swarm" : "local";
        return engine.networksNamed(name).collectList().map(all -> all.stream()
                .filter(n -> n.scope().equals(scope)).findFirst()
                .or(() -> all.stream().findFirst()));
    }

    private static SetupException missing(String network, Mode mode) {
        return new SetupException(SetupProblem.NETWORK_MISSING, "There is no network called " + network + " on this engine.",
                "Create it first: run 'faasfed network apply --network " + network
                        + (mode == Mode.SINGLE_HOST ? " --mode single-host" : "") + "', then configure again.");
    }

    private Mono<Target> target(Located located, ExistingNetwork network) {
        return engine.call("inspect " + located.kind().word() + " " + located.name(), c ->
                located.kind() == Located.Kind.SERVICE ? service(c, located, network) : container(c, located, network));
    }

    private static Target service(DockerClient c, Located located, ExistingNetwork network) {
        Service service = c.inspectServiceCmd(located.id()).exec();
        List<String> aliases = Engine.networksOf(service.getSpec()).stream()
                .filter(n -> network.id().equals(n.getTarget()) || network.name().equals(n.getTarget()))
                .findFirst()
                .map(n -> n.getAliases() == null ? List.<String>of() : n.getAliases())
                .orElse(List.of());
        ContainerSpec spec = service.getSpec().getTaskTemplate() == null ? null : service.getSpec().getTaskTemplate().getContainerSpec();
        boolean socket = located.env().containsKey("DOCKER_HOST") || (spec != null && spec.getMounts() != null
                && spec.getMounts().stream().anyMatch(m -> m.getTarget() != null && m.getTarget().endsWith("docker.sock")));
        return Target.service(located, aliases, service.getSpec().getLabels(), socket);
    }

    private static Target container(DockerClient c, Located located, ExistingNetwork network) {
        InspectContainerResponse inspect = c.inspectContainerCmd(located.id()).exec();
        List<String> aliases = List.of();
        if (inspect.getNetworkSettings() != null && inspect.getNetworkSettings().getNetworks() != null) {
            ContainerNetwork on = inspect.getNetworkSettings().getNetworks().get(network.name());
            if (on != null && on.getAliases() != null) {
                aliases = on.getAliases();
            }
        }
        boolean socket = located.env().containsKey("DOCKER_HOST") || (inspect.getMounts() != null && inspect.getMounts().stream()
                .anyMatch(m -> m.getDestination() != null && m.getDestination().getPath().endsWith("docker.sock")));
        String oldName = located.name() + Target.OLD_SUFFIX;
        boolean leftover = c.listContainersCmd().withShowAll(true).withNameFilter(List.of(oldName)).exec().stream()
                .anyMatch(k -> k.getNames() != null && List.of(k.getNames()).contains("/" + oldName));
        return new Target(located, aliases, inspect.getConfig() == null ? Map.of() : inspect.getConfig().getLabels(),
                inspect.getHostConfig() == null ? "" : inspect.getHostConfig().getNetworkMode(),
                inspect.getHostConfig() != null && Boolean.TRUE.equals(inspect.getHostConfig().getAutoRemove()),
                leftover, socket);
    }

    private static String found(Target target, ExistingNetwork network) {
        Located l = target.located();
        boolean on = l.attachedTo(network.id(), network.name());
        return "found " + l.kind().word() + " " + l.name() + " (" + (l.running() ? "running" : "not running") + ", "
                + (on ? "on " + network.name() : "not on " + network.name()) + ")";
    }

    /** The platform's name for people: OpenFaaS, OpenWhisk, Fn. */
    static String displayName(Platform platform) {
        return switch (platform) {
            case OPENFAAS -> "OpenFaaS";
            case OPENWHISK -> "OpenWhisk";
            case FN -> "Fn";
        };
    }

    /** What a component is, for people: "OpenFaaS gateway", "Fn server", "faasfed gateway". */
    static String describe(Component component) {
        return switch (component.role()) {
            case "faas-swarm" -> "OpenFaaS Swarm provider";
            case "fnserver" -> "Fn server";
            case PlatformLayout.FAASFED_GATEWAY -> "faasfed gateway";
            default -> component.platform().map(PlatformConfigurator::displayName).orElse("faasfed") + " " + component.role();
        };
    }
}
