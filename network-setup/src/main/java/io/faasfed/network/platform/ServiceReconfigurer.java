package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceMode;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;

import io.faasfed.network.Engine;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import reactor.core.publisher.Mono;

/**
 * Changes a Swarm service in one update (network attachment with alias, environment), as {@code docker service update}
 * does, then waits until its new tasks run: a rollout that Swarm pauses or rolls back is an error that says so.
 */
final class ServiceReconfigurer {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final Engine engine;
    private final Duration rolloutTimeout;

    ServiceReconfigurer(Engine engine, Duration rolloutTimeout) {
        this.engine = requireNonNull(engine, "engine");
        this.rolloutTimeout = requireNonNull(rolloutTimeout, "rolloutTimeout");
    }

    /** Carries out {@code work} on its service and waits for the new tasks. */
    Mono<Void> apply(PlatformPlanner.Work work, ExistingNetwork network, Progress progress) {
        Located service = work.target().located();
        String alias = work.wanted().component().dnsName();
        boolean joins = work.attach() || work.addAlias();
        List<String> what = new ArrayList<>();
        if (work.attach()) {
            what.add("attach to " + network.name() + " as " + alias);
        } else if (work.addAlias()) {
            what.add("alias " + alias + " on " + network.name());
        }
        if (!work.env().isEmpty()) {
            what.add("set " + PlatformPlanner.assignments(work.env()));
        }
        Mono<String> update = engine.updateService(service.id(),
                        spec -> edit(spec, joins ? network : null, alias, work.env()))
                .thenReturn("updated; Swarm replaces its tasks");
        return progress.track("Updating service " + service.name() + ": " + String.join(", ", what), update, r -> r)
                .then(progress.track("Waiting for service " + service.name() + "'s tasks to run with the new settings",
                        awaitRollout(service, joins ? network : null, alias, work.env()), r -> r))
                .then();
    }

    /**
     * {@code spec} with the network attached with {@code alias} (an attachment that exists gets the alias added) and
     * {@code env} set in its container spec (lines with the same keys replaced, others kept in order). Service-level
     * networks, deprecated, are moved to the task template first, as the docker CLI does.
     *
     * @param network the network to attach; null to leave the networks alone
     */
    static ServiceSpec edit(ServiceSpec spec, ExistingNetwork network, String alias, Map<String, String> env) {
        TaskSpec task = spec.getTaskTemplate() == null ? new TaskSpec() : spec.getTaskTemplate();
        spec.withTaskTemplate(task);
        if (network != null) {
            List<NetworkAttachmentConfig> networks = new ArrayList<>();
            if (task.getNetworks() != null && !task.getNetworks().isEmpty()) {
                networks.addAll(task.getNetworks());
            } else if (spec.getNetworks() != null) {
                networks.addAll(spec.getNetworks());
            }
            spec.withNetworks(null);
            NetworkAttachmentConfig existing = networks.stream()
                    .filter(n -> network.id().equals(n.getTarget()) || network.name().equals(n.getTarget()))
                    .findFirst().orElse(null);
            if (existing == null) {
                networks.add(new NetworkAttachmentConfig().withTarget(network.id()).withAliases(List.of(alias)));
            } else {
                List<String> aliases = new ArrayList<>(existing.getAliases() == null ? List.of() : existing.getAliases());
                if (!aliases.contains(alias)) {
                    aliases.add(alias);
                }
                existing.withAliases(aliases);
            }
            task.withNetworks(networks);
        }
        if (!env.isEmpty()) {
            ContainerSpec container = task.getContainerSpec() == null ? new ContainerSpec() : task.getContainerSpec();
            task.withContainerSpec(container);
            container.withEnv(mergeEnv(container.getEnv(), env));
        }
        return spec;
    }

    /** {@code lines} ({@code KEY=VALUE}) with each key of {@code env} set once: replaced where it was, appended otherwise. */
    static List<String> mergeEnv(List<String> lines, Map<String, String> env) {
        Map<String, String> pending = new LinkedHashMap<>(env);
        List<String> out = new ArrayList<>();
        for (String line : lines == null ? List.<String>of() : lines) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')) : line;
            if (env.containsKey(key)) {
                String value = pending.remove(key);
                if (value != null) {
                    out.add(key + "=" + value);
                }
            } else {
                out.add(line);
            }
        }
        pending.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private Mono<String> awaitRollout(Located service, ExistingNetwork network, String alias, Map<String, String> env) {
        AtomicReference<String> seen = new AtomicReference<>("no task seen yet");
        return Mono.defer(() -> engine.call("read the tasks of service " + service.name(),
                                c -> rollout(c, service, network, alias, env)))
                .doOnNext(r -> seen.set(r.summary()))
                .filter(Rollout::done)
                .repeatWhenEmpty(ticks -> ticks.concatMap(tick -> Mono.delay(POLL)))
                .map(Rollout::summary)
                .timeout(rolloutTimeout, Mono.defer(() -> Mono.error(new SetupException(SetupProblem.ENGINE_ERROR,
                        "Service " + service.name() + "'s new tasks did not all run within " + rolloutTimeout.toSeconds()
                                + " s: " + seen.get() + ".",
                        "See why with 'docker service ps --no-trunc " + service.name() + "'; 'docker service rollback "
                                + service.name() + "' restores its previous settings."))));
    }

    private static Rollout rollout(DockerClient c, Located located, ExistingNetwork network, String alias,
                                   Map<String, String> env) {
        Service service = c.inspectServiceCmd(located.id()).exec();
        ServiceUpdateStatus status = service.getUpdateStatus();
        if (status != null && status.getState() != null && switch (status.getState()) {
            case PAUSED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED -> true;
            default -> false;
        }) {
            boolean rolledBack = status.getState() != ServiceUpdateState.PAUSED;
            throw new SetupException(SetupProblem.ENGINE_ERROR,
                    "Swarm " + (rolledBack ? "rolled back" : "paused") + " the update of service " + located.name() + ": "
                            + Objects.requireNonNullElse(status.getMessage(), "its new tasks failed") + ".",
                    "See why its new tasks fail with 'docker service ps --no-trunc " + located.name() + "'"
                            + (rolledBack ? "; it runs with its previous settings." : "; 'docker service rollback "
                            + located.name() + "' restores its previous settings."));
        }
        Long replicas = null;
        if (service.getSpec().getMode() != null && service.getSpec().getMode().getMode() == ServiceMode.REPLICATED
                && service.getSpec().getMode().getReplicated() != null) {
            replicas = service.getSpec().getMode().getReplicated().getReplicas();
        }
        if (replicas != null && replicas == 0) {
            return new Rollout(true, "scaled to 0: no task to restart");
        }
        List<Task> tasks = c.listTasksCmd().withServiceFilter(located.id()).exec();
        List<Task> desired = tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).toList();
        List<Task> fresh = desired.stream().filter(t -> current(t, network, alias, env)).toList();
        long running = fresh.stream().filter(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING).count();
        long want = replicas != null ? replicas : Math.max(1, desired.size());
        String error = tasks.stream()
                .filter(t -> current(t, network, alias, env) && t.getStatus() != null && t.getStatus().getErr() != null
                        && !t.getStatus().getErr().isBlank())
                .max(Comparator.comparing(t -> Objects.requireNonNullElse(t.getStatus().getTimestamp(), "")))
                .map(t -> "; last task error: " + t.getStatus().getErr())
                .orElse("");
        boolean done = fresh.size() == desired.size() && running >= want;
        return new Rollout(done, running + " of " + want + (want == 1 ? " task" : " tasks") + " running with the new settings"
                + error);
    }

    /** Whether a task runs the new spec: the settings in its environment and the network with the alias. */
    private static boolean current(Task task, ExistingNetwork network, String alias, Map<String, String> env) {
        TaskSpec spec = task.getSpec();
        if (spec == null) {
            return false;
        }
        List<String> lines = spec.getContainerSpec() == null || spec.getContainerSpec().getEnv() == null
                ? List.of() : spec.getContainerSpec().getEnv();
        boolean envOk = env.entrySet().stream().allMatch(e -> lines.contains(e.getKey() + "=" + e.getValue()));
        if (network == null) {
            return envOk;
        }
        boolean networkOk = spec.getNetworks() != null && spec.getNetworks().stream()
                .anyMatch(n -> (network.id().equals(n.getTarget()) || network.name().equals(n.getTarget()))
                        && n.getAliases() != null && n.getAliases().contains(alias));
        return envOk && networkOk;
    }

    private record Rollout(boolean done, String summary) {
    }
}
