package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.SwarmSpec;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Plans, creates and removes the shared network: {@code network plan}, {@code apply} and {@code destroy}.
 *
 * <p>{@link #plan} only reads. {@link #apply} plans again and carries the plan out, so running it twice changes
 * nothing the second time. {@link #destroy} removes only a network faasfed labelled, and refuses while anything is
 * attached unless forced, in which case it says what it detached.
 */
public final class NetworkSetup {

    private final Engine engine;

    /** Network setup on {@code engine}. */
    public NetworkSetup(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /** What {@link #apply} would do for {@code request}; nothing is changed. */
    public Mono<NetworkPlan> plan(NetworkRequest request, Progress progress) {
        requireNonNull(request, "request");
        requireNonNull(progress, "progress");
        return progress.track("Connecting to Docker at " + engine.endpoint().host(), engine.state(),
                        s -> "Docker " + s.serverVersion() + ", API " + engine.endpoint().apiVersion()
                                + (s.swarmRole() == SwarmRole.NONE ? ", no swarm" : ", swarm " + s.swarmState()
                                + " (" + s.swarmRole().name().toLowerCase(java.util.Locale.ROOT) + ")"))
                .flatMap(state -> {
                    ModeDetection detection = ModeDetector.detect(state, request);
                    String kind = detection.mode() == Mode.SWARM ? "an attachable overlay" : "a bridge";
                    return progress.track("Looking for network " + request.spec().name(),
                                    engine.networks().collectList(),
                                    all -> describeLookup(all, request.spec().name()))
                            .map(all -> NetworkPlanner.plan(state, detection, request.spec(), request.advertiseAddress(), all))
                            .flatMap(plan -> progress.track("Checking it can be " + kind + " network",
                                    Mono.just(plan), p -> p.upToDate() ? "as wanted: nothing to change"
                                            : p.changes().size() + (p.changes().size() == 1 ? " change" : " changes")));
                });
    }

    /** Plans {@code request} and carries the plan out; a plan with no changes changes nothing. */
    public Mono<NetworkPlan> apply(NetworkRequest request, Progress progress) {
        return plan(request, progress).flatMap(plan -> execute(plan, progress).thenReturn(plan));
    }

    private Mono<Void> execute(NetworkPlan plan, Progress progress) {
        return Flux.fromIterable(plan.changes())
                .concatMap(change -> progress.track(capitalise(change.description()), perform(plan, change), r -> r))
                .then();
    }

    private Mono<String> perform(NetworkPlan plan, Change change) {
        return switch (change.action()) {
            case INIT_SWARM -> initSwarm(plan);
            case CREATE_NETWORK -> create(plan);
            default -> Mono.error(new IllegalStateException("apply does not " + change.action()));
        };
    }

    private Mono<String> initSwarm(NetworkPlan plan) {
        return engine.call("initialise a swarm", c -> {
            var cmd = c.initializeSwarmCmd(new SwarmSpec()).withListenAddr("0.0.0.0:2377");
            advertise(plan).ifPresent(cmd::withAdvertiseAddr);
            try {
                cmd.exec();
            } catch (DockerException e) {
                String said = Engine.engineMessage(e);
                if (said.contains("advertise")) {
                    throw new SetupException(SetupProblem.NOT_A_SWARM_MANAGER, "Docker could not initialise a swarm: " + said,
                            "Pass --advertise-addr with this host's IP address (e.g. --advertise-addr 10.0.0.5).", e);
                }
                throw e;
            }
            return "this engine is now a Swarm manager";
        });
    }

    private static Optional<String> advertise(NetworkPlan plan) {
        return plan.changes().stream().filter(c -> c.action() == Change.Action.INIT_SWARM)
                .map(Change::target).filter(t -> !t.isEmpty()).findFirst();
    }

    private Mono<String> create(NetworkPlan plan) {
        NetworkSpec spec = plan.spec();
        Mode mode = plan.detection().mode();
        return engine.call("create network " + spec.name(), c -> {
            CreateNetworkCmd cmd = c.createNetworkCmd()
                    .withName(spec.name())
                    .withDriver(mode.driver())
                    .withCheckDuplicate(true)
                    .withLabels(Labels.network());
            if (mode == Mode.SWARM) {
                cmd.withAttachable(true);
            }
            Map<String, String> options = new HashMap<>();
            if (spec.encrypted()) {
                options.put("encrypted", "");
            }
            if (!options.isEmpty()) {
                cmd.withOptions(options);
            }
            spec.subnet().ifPresent(subnet -> {
                Network.Ipam.Config config = new Network.Ipam.Config().withSubnet(subnet.cidr());
                spec.gateway().ifPresent(config::withGateway);
                cmd.withIpam(new Network.Ipam().withDriver("default").withConfig(config));
            });
            try {
                return cmd.exec().getId();
            } catch (ConflictException e) {
                throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                        "A network called " + spec.name() + " appeared while faasfed was creating it: " + Engine.engineMessage(e),
                        "Run 'faasfed network plan' again to see what it is.", e);
            } catch (DockerException e) {
                String said = Engine.engineMessage(e);
                if (said.contains("overlap")) {
                    throw new SetupException(SetupProblem.SUBNET_OVERLAP, "Docker refused the subnet: " + said,
                            "Pick a block no other network or host route uses, or leave --subnet out.", e);
                }
                throw e;
            }
        }).map(id -> "created (id " + (id.length() > 12 ? id.substring(0, 12) : id) + ")");
    }

    /**
     * Removes the network {@code name} if faasfed created it. While containers or services are attached it refuses,
     * unless {@code force}, which detaches them first and reports each.
     */
    public Mono<DestroyResult> destroy(String name, boolean force, Progress progress) {
        NetworkSpec.named(name);
        return progress.track("Connecting to Docker at " + engine.endpoint().host(), engine.state(),
                        s -> "Docker " + s.serverVersion())
                .flatMap(state -> progress.track("Looking for network " + name, engine.networksNamed(name).collectList(),
                                found -> found.isEmpty() ? "not found" : found.size() == 1 ? "found (id " + found.get(0).shortId() + ")"
                                        : found.size() + " networks have that name")
                        .flatMap(found -> destroy(state, name, found, force, progress)));
    }

    private Mono<DestroyResult> destroy(EngineState state, String name, List<ExistingNetwork> found, boolean force,
                                        Progress progress) {
        if (found.isEmpty()) {
            return Mono.just(new DestroyResult(name, List.of(), List.of("There is no network called " + name + ": nothing to remove.")));
        }
        List<String> notes = new ArrayList<>();
        List<ExistingNetwork> ours = new ArrayList<>();
        for (ExistingNetwork network : found) {
            if (network.managed()) {
                ours.add(network);
            } else {
                notes.add("Network " + name + " (id " + network.shortId() + ") was not created by faasfed (no label "
                        + Labels.MANAGED_BY + "=" + Labels.FAASFED + "): left alone.");
            }
        }
        if (ours.isEmpty()) {
            return Mono.error(new SetupException(SetupProblem.NETWORK_CONFLICT,
                    "Network " + name + " was not created by faasfed, so faasfed will not remove it.",
                    "Remove it yourself if you mean to ('docker network rm " + name + "'), or name faasfed's network with --network."));
        }
        return Flux.fromIterable(ours)
                .concatMap(network -> destroyOne(state, network, force, progress))
                .flatMapIterable(changes -> changes)
                .collectList()
                .map(changes -> new DestroyResult(name, changes, notes));
    }

    private Mono<List<Change>> destroyOne(EngineState state, ExistingNetwork listed, boolean force, Progress progress) {
        Mono<List<Engine.ServiceRef>> services = state.swarmRole() == SwarmRole.MANAGER
                ? engine.servicesOn(listed.id(), listed.name()).collectList()
                : Mono.just(List.of());
        return progress.track("Checking what is attached to " + listed.name(),
                        Mono.zip(engine.inspect(listed.id()).defaultIfEmpty(listed), services),
                        t -> attachedSummary(t.getT1(), t.getT2()))
                .flatMap(t -> {
                    ExistingNetwork network = t.getT1();
                    List<Engine.ServiceRef> attachedServices = t.getT2();
                    List<ExistingNetwork.Attachment> probes = network.containers().stream()
                            .filter(a -> a.name().startsWith(Probes.NAME_PREFIX)).toList();
                    List<ExistingNetwork.Attachment> containers = network.containers().stream()
                            .filter(a -> !a.name().startsWith(Probes.NAME_PREFIX)).toList();
                    if (!force && (!containers.isEmpty() || !attachedServices.isEmpty())) {
                        return Mono.error(inUse(network, containers, attachedServices));
                    }
                    List<Change> changes = new ArrayList<>();
                    Flux<Change> steps = Flux.concat(
                            Flux.fromIterable(probes).concatMap(p -> progress.track("Removing probe container " + p.name(),
                                    engine.run("remove probe " + p.name(), c -> c.removeContainerCmd(p.id()).withForce(true).exec())
                                            .thenReturn(new Change(Change.Action.REMOVE_PROBE, p.name(), "removed probe container " + p.name())),
                                    Change::description)),
                            Flux.fromIterable(attachedServices).concatMap(s -> progress.track("Taking service " + s.name() + " off " + network.name(),
                                    engine.updateService(s.id(), spec -> Specs.withoutNetwork(spec, network.id(), network.name()))
                                            .thenReturn(new Change(Change.Action.DETACH_SERVICE, s.name(),
                                                    "took service " + s.name() + " off " + network.name() + " (its tasks restart)")),
                                    Change::description)),
                            Flux.fromIterable(containers).concatMap(a -> progress.track("Detaching container " + a.name(),
                                    engine.run("detach " + a.name(), c -> c.disconnectFromNetworkCmd()
                                                    .withNetworkId(network.id()).withContainerId(a.id()).withForce(true).exec())
                                            .thenReturn(new Change(Change.Action.DETACH_CONTAINER, a.name(),
                                                    "detached container " + a.name() + " from " + network.name())),
                                    Change::description)),
                            progress.track("Removing network " + network.name(), remove(network),
                                    c -> "removed"));
                    return steps.doOnNext(changes::add).then(Mono.fromSupplier(() -> changes));
                });
    }

    /**
     * Removes the network. A service just taken off it keeps its old tasks on it until they have stopped (up to their
     * stop grace period), and the engine refuses meanwhile, with "network ... is in use by task ..." from the swarm or
     * "... has active endpoints" from the node: both are retried for up to a minute.
     */
    private Mono<Change> remove(ExistingNetwork network) {
        return engine.run("remove network " + network.name(), c -> c.removeNetworkCmd(network.id()).exec())
                .retryWhen(Retry.backoff(30, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2))
                        .filter(e -> e instanceof SetupException s && (s.getMessage().contains("active endpoints")
                                || s.getMessage().contains("is in use by task")))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .thenReturn(new Change(Change.Action.REMOVE_NETWORK, network.name(),
                        "removed network " + network.name() + " (id " + network.shortId() + ")"));
    }

    private static SetupException inUse(ExistingNetwork network, List<ExistingNetwork.Attachment> containers,
                                        List<Engine.ServiceRef> services) {
        List<String> names = new ArrayList<>();
        services.forEach(s -> names.add("service " + s.name()));
        containers.forEach(c -> names.add("container " + c.name()));
        return new SetupException(SetupProblem.NETWORK_IN_USE,
                "Network " + network.name() + " is in use by " + String.join(", ", names) + ".",
                "Stop or remove them first, or run 'faasfed network destroy --force' to detach them (their tasks restart "
                        + "without the network).");
    }

    private static String attachedSummary(ExistingNetwork network, List<Engine.ServiceRef> services) {
        int containers = network.containers().size();
        if (containers == 0 && services.isEmpty()) {
            return "nothing attached";
        }
        return containers + (containers == 1 ? " container" : " containers") + ", " + services.size()
                + (services.size() == 1 ? " service" : " services");
    }

    private static String describeLookup(List<ExistingNetwork> all, String name) {
        List<ExistingNetwork> named = all.stream().filter(n -> n.name().equals(name)).toList();
        if (named.isEmpty()) {
            return "not found";
        }
        ExistingNetwork n = named.get(0);
        return "found: " + n.driver() + ", " + n.scope() + " scope" + (n.attachable() ? ", attachable" : "")
                + (n.managed() ? ", made by faasfed" : ", not made by faasfed");
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
