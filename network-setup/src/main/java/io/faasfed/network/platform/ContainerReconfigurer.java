package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

import io.faasfed.network.Engine;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import reactor.core.publisher.Mono;

/**
 * Changes a plain container: connects it to the network with its alias, or re-creates it with new environment.
 *
 * <p>A re-create keeps everything the container was created with (image, command, entrypoint, environment, labels,
 * exposed ports, host configuration with binds, port bindings, restart policy and network mode, working directory,
 * user, hostname, stop signal and timeout, healthcheck, its networks with their aliases and addresses, and its anonymous
 * volumes) and adds the new settings and the shared network. It goes: rename the old container to
 * {@code <name>-faasfed-old}, create the new one under the old name, connect it to its networks, stop the old one,
 * start the new one, remove the old one. Any failure before the old one is removed is rolled back (the new one removed,
 * the old one named and started as before), and the error says what happened.
 */
final class ContainerReconfigurer {

    private final Engine engine;
    private final UnaryOperator<CreateContainerCmd> beforeCreate;

    /**
     * @param beforeCreate applied to the create command of a re-create before it is sent (a test can break it on
     *                     purpose to see the rollback); the identity in production
     */
    ContainerReconfigurer(Engine engine, UnaryOperator<CreateContainerCmd> beforeCreate) {
        this.engine = requireNonNull(engine, "engine");
        this.beforeCreate = requireNonNull(beforeCreate, "beforeCreate");
    }

    /** Carries out {@code work} on its container. */
    Mono<Void> apply(PlatformPlanner.Work work, ExistingNetwork network, Progress progress) {
        if (work.recreate()) {
            return recreate(work, network, progress);
        }
        Located container = work.target().located();
        String alias = work.wanted().component().dnsName();
        if (work.attach()) {
            return progress.track("Connecting container " + container.name() + " to " + network.name() + " as " + alias,
                    engine.run("connect container " + container.name() + " to " + network.name(), c -> c.connectToNetworkCmd()
                            .withNetworkId(network.id()).withContainerId(container.id())
                            .withContainerNetwork(new ContainerNetwork().withAliases(alias)).exec())
                            .thenReturn("connected"), r -> r).then();
        }
        if (work.addAlias()) {
            List<String> aliases = new ArrayList<>(work.target().aliases().stream()
                    .filter(a -> !container.id().startsWith(a)).toList());
            aliases.add(alias);
            return progress.track("Reconnecting container " + container.name() + " to " + network.name() + " with the alias "
                            + alias,
                    engine.run("reconnect container " + container.name() + " to " + network.name(), c -> {
                        // An endpoint's aliases are fixed when it joins: leave and join again with them.
                        c.disconnectFromNetworkCmd().withNetworkId(network.id()).withContainerId(container.id()).exec();
                        try {
                            c.connectToNetworkCmd().withNetworkId(network.id()).withContainerId(container.id())
                                    .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec();
                        } catch (RuntimeException failed) {
                            List<String> before = aliases.subList(0, aliases.size() - 1);
                            try {
                                c.connectToNetworkCmd().withNetworkId(network.id()).withContainerId(container.id())
                                        .withContainerNetwork(new ContainerNetwork().withAliases(before)).exec();
                            } catch (RuntimeException alsoFailed) {
                                failed.addSuppressed(alsoFailed);
                            }
                            throw failed;
                        }
                    }).thenReturn("reconnected"), r -> r).then();
        }
        return Mono.empty();
    }

    private Mono<Void> recreate(PlatformPlanner.Work work, ExistingNetwork network, Progress progress) {
        Located container = work.target().located();
        return progress.track("Reading container " + container.name() + "'s configuration",
                        engine.call("inspect container " + container.name(), c -> Blueprint.read(c, container.id())),
                        Blueprint::summary)
                .flatMap(blueprint -> new Recreation(work, network, blueprint, progress).run());
    }

    /** One re-create, with what it has done so far, for the rollback. */
    private final class Recreation {

        private final PlatformPlanner.Work work;
        private final ExistingNetwork network;
        private final Blueprint blueprint;
        private final Progress progress;
        private final String name;
        private final String oldName;
        private final String oldId;
        private String step = "";
        private boolean renamed;
        private String newId;
        private boolean oldStopped;

        Recreation(PlatformPlanner.Work work, ExistingNetwork network, Blueprint blueprint, Progress progress) {
            this.work = work;
            this.network = network;
            this.blueprint = blueprint;
            this.progress = progress;
            this.name = work.target().located().name();
            this.oldName = work.target().oldName();
            this.oldId = blueprint.inspect().getId();
        }

        Mono<Void> run() {
            boolean running = blueprint.running();
            List<Connection> later = blueprint.laterConnections(work, network);
            Mono<String> forward = step("Renaming container " + name + " to " + oldName, "rename " + name, c -> {
                c.renameContainerCmd(oldId).withName(oldName).exec();
                renamed = true;
                return "renamed";
            }).then(step("Creating the new " + name + " with " + PlatformPlanner.assignments(work.env()), "create " + name, c -> {
                newId = create(c);
                return "created (id " + newId.substring(0, Math.min(12, newId.length())) + ")";
            })).then(later.isEmpty() ? Mono.<String>empty() : step("Connecting the new " + name + " to "
                    + later.stream().map(Connection::network).collect(Collectors.joining(", ")), "connect " + name, c -> {
                for (Connection connection : later) {
                    c.connectToNetworkCmd().withNetworkId(connection.network()).withContainerId(newId)
                            .withContainerNetwork(connection.settings()).exec();
                }
                return "connected";
            })).then(!running ? Mono.<String>empty() : step("Stopping the old container", "stop " + oldName, c -> {
                try {
                    var stop = c.stopContainerCmd(oldId);
                    if (blueprint.stopTimeout() != null) {
                        // docker-java sends t=10 unless told: wait as long as the container asked for.
                        stop.withTimeout(blueprint.stopTimeout());
                    }
                    stop.exec();
                } catch (NotModifiedException alreadyStopped) {
                    // it stopped by itself meanwhile
                }
                oldStopped = true;
                return "stopped";
            })).then(!running ? Mono.<String>empty() : step("Starting the new " + name, "start " + name, c -> {
                c.startContainerCmd(newId).exec();
                InspectContainerResponse.ContainerState state = c.inspectContainerCmd(newId).exec().getState();
                if (state != null && !Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting())) {
                    throw new SetupException(SetupProblem.ENGINE_ERROR, "the new container exited at once (exit code "
                            + state.getExitCodeLong() + (state.getError() == null || state.getError().isBlank() ? ""
                            : ": " + state.getError()) + ")", "");
                }
                return "running";
            }));
            return forward.then()
                    .onErrorResume(this::rollback)
                    .then(step("Removing the old container " + oldName, "remove " + oldName, c -> {
                        c.removeContainerCmd(oldId).withRemoveVolumes(false).exec();
                        return "removed";
                    }).onErrorMap(error -> new SetupException(SetupProblem.ENGINE_ERROR,
                            "Container " + name + " was re-created with " + PlatformPlanner.assignments(work.env())
                                    + ", but the old one, now called " + oldName + ", could not be removed: "
                                    + error.getMessage(),
                            "Remove it yourself ('docker rm " + oldName + "'); configure refuses to re-create " + name
                                    + " while it is there.", error)))
                    .then();
        }

        private Mono<String> step(String what, String call, java.util.function.Function<DockerClient, String> action) {
            return progress.track(what, Mono.defer(() -> {
                step = what.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + what.substring(1);
                return engine.call(call, action);
            }), r -> r);
        }

        private String create(DockerClient c) {
            CreateContainerCmd cmd = blueprint.createCommand(c, name, work, network);
            return beforeCreate.apply(cmd).exec().getId();
        }

        /** Undoes what was done, in reverse, then fails with the whole story. */
        private Mono<Void> rollback(Throwable error) {
            String failedAt = step;
            List<String> undone = new ArrayList<>();
            List<String> stuck = new ArrayList<>();
            Mono<Void> removeNew = newId == null ? Mono.empty() : undo("Rolling back: removing the new " + name,
                    "remove the new " + name, c -> c.removeContainerCmd(newId).withForce(true).withRemoveVolumes(false).exec(),
                    "removed the new container", "the new container " + newId.substring(0, 12) + " is still there", undone, stuck);
            Mono<Void> renameBack = !renamed ? Mono.empty() : Mono.defer(() -> undo("Rolling back: renaming " + oldName
                            + " back to " + name, "rename " + oldName,
                    c -> c.renameContainerCmd(oldId).withName(name).exec(),
                    "renamed the old one back to " + name, "the old one is still called " + oldName, undone, stuck));
            Mono<Void> startOld = !oldStopped ? Mono.empty() : undo("Rolling back: starting " + name + " again",
                    "start " + name, c -> c.startContainerCmd(oldId).exec(), "started it again", "the old one is stopped",
                    undone, stuck);
            return removeNew.then(renameBack).then(startOld).then(Mono.defer(() -> {
                String cause = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
                String story = stuck.isEmpty()
                        ? "Rolled back (" + String.join(", ", undone) + "): " + name + " is as it was."
                        : "Rolling back did not finish: " + String.join("; ", stuck) + ".";
                String hint = stuck.isEmpty()
                        ? "Fix the cause above and run configure again."
                        : "Restore it by hand: 'docker rm -f " + name + "' if the new one is there, then 'docker rename "
                                + oldName + " " + name + "' and 'docker start " + name + "'.";
                SetupProblem problem = error instanceof SetupException s && s.problem() != SetupProblem.ENGINE_ERROR
                        ? s.problem() : SetupProblem.ENGINE_ERROR;
                return Mono.error(new SetupException(problem, "Re-creating container " + name + " with "
                        + PlatformPlanner.assignments(work.env()) + " failed while " + failedAt + ": " + cause + ". " + story,
                        hint, error));
            }));
        }

        private Mono<Void> undo(String what, String call, java.util.function.Consumer<DockerClient> action, String ok,
                                String notOk, List<String> undone, List<String> stuck) {
            return progress.track(what, engine.run(call, action).thenReturn("done"), r -> r)
                    .doOnNext(r -> undone.add(ok))
                    .onErrorResume(e -> {
                        stuck.add(notOk + " (" + e.getMessage() + ")");
                        return Mono.empty();
                    })
                    .then();
        }
    }

    /**
     * A network the new container joins after it is created (the engine takes only one at create time).
     *
     * @param network the network's name
     * @param settings its aliases, addresses and links there
     */
    private record Connection(String network, ContainerNetwork settings) {
    }

    /**
     * The old container as the engine describes it, and the image to re-create it from.
     *
     * @param inspect the old container
     * @param image its image by the name it was created with, when that name still means the same image; its id
     *              otherwise
     */
    private record Blueprint(InspectContainerResponse inspect, String image) {

        static Blueprint read(DockerClient c, String id) {
            InspectContainerResponse inspect = c.inspectContainerCmd(id).exec();
            String byName = inspect.getConfig() == null ? null : inspect.getConfig().getImage();
            String image = inspect.getImageId();
            if (byName != null && !byName.isBlank()) {
                try {
                    if (inspect.getImageId().equals(c.inspectImageCmd(byName).exec().getId())) {
                        image = byName;
                    }
                } catch (NotFoundException retagged) {
                    // the name is gone: keep the exact image by id
                }
            }
            return new Blueprint(inspect, image);
        }

        /**
         * The container's configuration exactly as the engine returned it: docker-java keeps a top-level answer's JSON,
         * with the fields its model lacks ({@code StopSignal}, {@code StopTimeout}).
         */
        @SuppressWarnings("unchecked")
        Map<String, Object> rawConfig() {
            Object config = inspect.getRawValues() == null ? null : inspect.getRawValues().get("Config");
            return config instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        /** The seconds the engine waits after the stop signal before it kills the container; null: its default. */
        Integer stopTimeout() {
            return rawConfig().get("StopTimeout") instanceof Number seconds ? seconds.intValue() : null;
        }

        String summary() {
            int networks = inspect.getNetworkSettings() == null || inspect.getNetworkSettings().getNetworks() == null
                    ? 0 : inspect.getNetworkSettings().getNetworks().size();
            return "image " + image + ", " + networks + (networks == 1 ? " network" : " networks") + (running() ? ", running" : ", stopped");
        }

        boolean running() {
            return inspect.getState() != null && Boolean.TRUE.equals(inspect.getState().getRunning());
        }

        /** The network the container is created on: its network mode, {@code bridge} for {@code default}. */
        String primaryNetwork() {
            String mode = inspect.getHostConfig() == null ? null : inspect.getHostConfig().getNetworkMode();
            return mode == null || mode.isEmpty() || mode.equals("default") ? "bridge" : mode;
        }

        private static boolean userDefined(String network) {
            return !(network.equals("bridge") || network.equals("host") || network.equals("none") || network.startsWith("container:"));
        }

        private Map<String, ContainerNetwork> networks() {
            Map<String, ContainerNetwork> out = new LinkedHashMap<>();
            if (inspect.getNetworkSettings() != null && inspect.getNetworkSettings().getNetworks() != null) {
                out.putAll(inspect.getNetworkSettings().getNetworks());
            }
            return out;
        }

        /** Its aliases on {@code network}, less the short id the engine gave the old container, plus {@code extra}. */
        private List<String> aliases(String network, String extra) {
            List<String> out = new ArrayList<>();
            ContainerNetwork settings = networks().get(network);
            if (settings != null && settings.getAliases() != null) {
                settings.getAliases().stream().filter(a -> !inspect.getId().startsWith(a)).forEach(out::add);
            }
            if (extra != null && !out.contains(extra)) {
                out.add(extra);
            }
            return out;
        }

        /** The alias the shared network needs on the new container; null for other networks or when none is added. */
        private static String aliasOn(String networkName, PlatformPlanner.Work work, ExistingNetwork shared) {
            boolean sharedOne = networkName.equals(shared.name()) || networkName.equals(shared.id());
            return sharedOne && (work.attach() || work.addAlias()) ? work.wanted().component().dnsName() : null;
        }

        /** The networks other than the primary one, and the shared network when it is new to the container. */
        List<Connection> laterConnections(PlatformPlanner.Work work, ExistingNetwork shared) {
            String primary = primaryNetwork();
            List<Connection> out = new ArrayList<>();
            networks().forEach((networkName, settings) -> {
                if (networkName.equals(primary)) {
                    return;
                }
                ContainerNetwork endpoint = new ContainerNetwork();
                if (userDefined(networkName)) {
                    endpoint.withAliases(aliases(networkName, aliasOn(networkName, work, shared)));
                }
                if (settings.getIpamConfig() != null) {
                    endpoint.withIpamConfig(settings.getIpamConfig());
                }
                if (settings.getLinks() != null && settings.getLinks().length > 0) {
                    endpoint.withLinks(settings.getLinks());
                }
                out.add(new Connection(networkName, endpoint));
            });
            boolean onShared = networks().containsKey(shared.name()) || primary.equals(shared.name());
            if (work.attach() && !onShared) {
                out.add(new Connection(shared.name(), new ContainerNetwork().withAliases(work.wanted().component().dnsName())));
            }
            return out;
        }

        /** The create command for the new container: the old one's configuration with {@code work}'s settings. */
        CreateContainerCmd createCommand(DockerClient c, String name, PlatformPlanner.Work work, ExistingNetwork shared) {
            ContainerConfig config = inspect.getConfig();
            HostConfig host = inspect.getHostConfig() == null ? HostConfig.newHostConfig() : inspect.getHostConfig();
            CreateContainerCmd cmd = c.createContainerCmd(image).withName(name);
            if (config.getCmd() != null) {
                cmd.withCmd(config.getCmd());
            }
            if (config.getEntrypoint() != null) {
                cmd.withEntrypoint(config.getEntrypoint());
            }
            cmd.withEnv(ServiceReconfigurer.mergeEnv(config.getEnv() == null ? List.of() : Arrays.asList(config.getEnv()),
                    work.env()));
            if (config.getLabels() != null) {
                cmd.withLabels(config.getLabels());
            }
            if (config.getExposedPorts() != null) {
                cmd.withExposedPorts(config.getExposedPorts());
            }
            if (config.getVolumes() != null && !config.getVolumes().isEmpty()) {
                cmd.withVolumes(config.getVolumes().keySet().stream().map(Volume::new).toList());
            }
            // The engine names a container's host after its short id unless told otherwise: keep only a chosen one.
            if (config.getHostName() != null && !config.getHostName().isEmpty() && !inspect.getId().startsWith(config.getHostName())) {
                cmd.withHostName(config.getHostName());
            }
            if (config.getDomainName() != null && !config.getDomainName().isEmpty()) {
                cmd.withDomainName(config.getDomainName());
            }
            if (config.getUser() != null && !config.getUser().isEmpty()) {
                cmd.withUser(config.getUser());
            }
            if (config.getWorkingDir() != null && !config.getWorkingDir().isEmpty()) {
                cmd.withWorkingDir(config.getWorkingDir());
            }
            if (config.getMacAddress() != null && !config.getMacAddress().isEmpty()) {
                cmd.withMacAddress(config.getMacAddress());
            }
            // docker-java refuses null for these: set only what the engine reported.
            setIfPresent(config.getTty(), cmd::withTty);
            setIfPresent(config.getStdinOpen(), cmd::withStdinOpen);
            setIfPresent(config.getStdInOnce(), cmd::withStdInOnce);
            setIfPresent(config.getAttachStdin(), cmd::withAttachStdin);
            setIfPresent(config.getAttachStdout(), cmd::withAttachStdout);
            setIfPresent(config.getAttachStderr(), cmd::withAttachStderr);
            setIfPresent(config.getNetworkDisabled(), cmd::withNetworkDisabled);
            if (config.getHealthcheck() != null) {
                cmd.withHealthcheck(config.getHealthcheck());
            }
            // docker-java's ContainerConfig has no fields for these: they come from the engine's own JSON.
            if (rawConfig().get("StopSignal") instanceof String signal && !signal.isEmpty()) {
                cmd.withStopSignal(signal);
            }
            if (stopTimeout() != null) {
                cmd.withStopTimeout(stopTimeout());
            }
            host.withBinds(bindsWithAnonymousVolumes(host));
            cmd.withHostConfig(host);
            String primary = primaryNetwork();
            if (userDefined(primary)) {
                cmd.withAliases(aliases(primary, aliasOn(primary, work, shared)));
                ContainerNetwork settings = networks().get(primary);
                if (settings != null && settings.getIpamConfig() != null) {
                    if (settings.getIpamConfig().getIpv4Address() != null && !settings.getIpamConfig().getIpv4Address().isEmpty()) {
                        cmd.withIpv4Address(settings.getIpamConfig().getIpv4Address());
                    }
                    if (settings.getIpamConfig().getIpv6Address() != null && !settings.getIpamConfig().getIpv6Address().isEmpty()) {
                        cmd.withIpv6Address(settings.getIpamConfig().getIpv6Address());
                    }
                }
            }
            return cmd;
        }

        private static <T> void setIfPresent(T value, java.util.function.Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }

        /**
         * The old container's binds plus its anonymous volumes (an image's {@code VOLUME}, {@code -v /path}) as named
         * binds, so the new container gets the same data rather than empty new volumes.
         */
        private List<Bind> bindsWithAnonymousVolumes(HostConfig host) {
            List<Bind> binds = new ArrayList<>(host.getBinds() == null ? List.of() : Arrays.asList(host.getBinds()));
            Set<String> covered = binds.stream().map(b -> b.getVolume().getPath()).collect(Collectors.toSet());
            if (host.getMounts() != null) {
                host.getMounts().forEach(m -> covered.add(m.getTarget()));
            }
            if (inspect.getMounts() != null) {
                for (InspectContainerResponse.Mount mount : inspect.getMounts()) {
                    if (mount.getName() == null || mount.getName().isEmpty() || mount.getDestination() == null
                            || covered.contains(mount.getDestination().getPath())) {
                        continue;
                    }
                    AccessMode access = Boolean.FALSE.equals(mount.getRW()) ? AccessMode.ro : AccessMode.rw;
                    binds.add(new Bind(mount.getName(), mount.getDestination(), access));
                }
            }
            return binds;
        }
    }
}
