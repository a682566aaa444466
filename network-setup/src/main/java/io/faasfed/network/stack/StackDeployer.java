package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import com.github.dockerjava.api.model.VolumeOptions;

import io.faasfed.network.Engine;
import io.faasfed.network.Labels;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.stack.StackPlan.Action;
import io.faasfed.network.stack.StackPlan.Change;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Deploys a {@link StackDefinition} on a Swarm manager as {@code docker stack deploy} would: services named
 * {@code <stack>_<service>}, labelled {@code com.docker.stack.namespace=<stack>} and
 * {@code io.faasfed.managed-by=faasfed}, with no image resolution (nothing is pulled).
 *
 * <p>Specs are built with docker-java's {@code ServiceSpec} model (it has every field a stack file sets here) but sent
 * as JSON through {@link Engine#json}, with the two spellings that model gets wrong put right ({@code HealthCheck},
 * no {@code Mode.mode}); an update sends the whole wanted spec, as {@code docker stack deploy} does, so fields set by
 * hand on a stack's service (outside the files) are dropped by the next change. A deploy is idempotent: the wanted spec's SHA-256 is kept in the label {@value #SPEC_HASH}, and a service whose label matches is
 * left alone. File-based secrets are created as {@code <stack>_<key>} with their content's hash as a label; Docker
 * secrets cannot change, so a changed file is refused with a hint.
 */
public final class StackDeployer {

    /** The label {@code docker stack} puts on what belongs to a stack; its value is the stack's name. */
    public static final String NAMESPACE = "com.docker.stack.namespace";

    /** The label holding the SHA-256 of the spec faasfed deployed (of a service) or of the content (of a secret). */
    public static final String SPEC_HASH = "io.faasfed.stack.spec-hash";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern BYTES = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?");
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Engine engine;

    /** A deployer that talks to {@code engine}, which must be a Swarm manager. */
    public StackDeployer(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /**
     * What {@link #deploy} would do; changes nothing.
     *
     * @throws SetupException (in the Mono) NETWORK_MISSING when an external network does not exist, INVALID_INPUT when
     *         an external secret does not exist or a secret's file cannot be read or changed
     */
    public Mono<StackPlan> plan(StackDefinition definition, String stack, Progress progress) {
        requireNonNull(definition, "definition");
        checkName(stack);
        requireNonNull(progress, "progress");
        return plan(definition, stack, Set.of(), progress);
    }

    /**
     * As {@link #plan(StackDefinition, String, Progress)}, for a plan made before the external networks and secrets
     * named in {@code comingFirst} exist ({@code faasfed bootstrap --dry-run}): a missing one of those is listed as
     * created first instead of refused.
     */
    public Mono<StackPlan> plan(StackDefinition definition, String stack, Set<String> comingFirst, Progress progress) {
        requireNonNull(definition, "definition");
        checkName(stack);
        requireNonNull(comingFirst, "comingFirst");
        requireNonNull(progress, "progress");
        return progress.track("plan stack " + stack, survey(definition, stack, comingFirst).map(Survey::plan),
                p -> p.changed() ? p.changes().stream().filter(c -> c.action() != Action.UNCHANGED).count() + " to change"
                        : "no change");
    }

    /** Applies the plan: creates networks and secrets, creates or updates services that differ; returns the plan. */
    public Mono<StackPlan> deploy(StackDefinition definition, String stack, Progress progress) {
        requireNonNull(definition, "definition");
        checkName(stack);
        requireNonNull(progress, "progress");
        return progress.track("plan stack " + stack, survey(definition, stack, Set.of()), s -> s.plan().changed() ? "changes" : "no change")
                .flatMap(survey -> apply(definition, stack, survey, progress).thenReturn(survey.plan()));
    }

    /** Each service of the stack, with its running and wanted tasks and, when it lags, its newest task error. */
    public Mono<List<ServiceStatus>> status(String stack, Progress progress) {
        checkName(stack);
        requireNonNull(progress, "progress");
        return progress.track("status of stack " + stack, engine.call("list services of stack " + stack, c -> {
            List<ServiceStatus> statuses = new ArrayList<>();
            for (Service service : c.listServicesCmd().withLabelFilter(Map.of(NAMESPACE, stack)).exec()) {
                ServiceSpec spec = service.getSpec();
                List<Task> tasks = c.listTasksCmd().withServiceFilter(spec.getName()).exec();
                int running = (int) tasks.stream()
                        .filter(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING).count();
                int desired = spec.getMode() != null && spec.getMode().getReplicated() != null
                        ? (int) spec.getMode().getReplicated().getReplicas() : running;
                String error = running >= desired ? "" : tasks.stream()
                        .filter(t -> t.getStatus() != null && t.getStatus().getErr() != null && !t.getStatus().getErr().isEmpty())
                        .max(Comparator.comparing(t -> t.getUpdatedAt() == null ? "" : t.getUpdatedAt()))
                        .map(t -> t.getStatus().getErr()).orElse("");
                String image = spec.getTaskTemplate() == null || spec.getTaskTemplate().getContainerSpec() == null ? ""
                        : spec.getTaskTemplate().getContainerSpec().getImage();
                statuses.add(new ServiceStatus(spec.getName(), image, running, desired, error));
            }
            statuses.sort(Comparator.comparing(ServiceStatus::name));
            return List.copyOf(statuses);
        }), s -> s.size() + " services");
    }

    /**
     * Removes the stack's services, then its secrets, networks and volumes: only those labelled both
     * {@code io.faasfed.managed-by=faasfed} and with the stack's namespace (never an external network). Returns what
     * was removed, as {@code kind name}.
     */
    public Mono<List<String>> rm(String stack, Progress progress) {
        checkName(stack);
        requireNonNull(progress, "progress");
        Map<String, String> ours = ours(stack);
        Mono<List<String>> services = engine.call("remove services of stack " + stack, c -> {
            List<String> removed = new ArrayList<>();
            for (Service s : c.listServicesCmd().withLabelFilter(ours).exec()) {
                c.removeServiceCmd(s.getId()).exec();
                removed.add("service " + s.getSpec().getName());
            }
            return removed;
        });
        Mono<List<String>> secrets = engine.call("remove secrets of stack " + stack, c -> {
            List<String> removed = new ArrayList<>();
            for (Secret s : c.listSecretsCmd().withLabelFilter(ours).exec()) {
                c.removeSecretCmd(s.getId()).exec();
                removed.add("secret " + s.getSpec().getName());
            }
            return removed;
        });
        // Networks and volumes are in use until the removed services' tasks have stopped: tried again for a while.
        Mono<List<String>> networks = engine.call("remove networks of stack " + stack, c -> {
            List<String> removed = new ArrayList<>();
            for (var n : c.listNetworksCmd().withFilter("label", List.of(Labels.MANAGED_BY + "=" + Labels.FAASFED,
                    NAMESPACE + "=" + stack)).exec()) {
                c.removeNetworkCmd(n.getId()).exec();
                removed.add("network " + n.getName());
            }
            return removed;
        }).retryWhen(Retry.fixedDelay(30, Duration.ofSeconds(1)).onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        Mono<List<String>> volumes = engine.call("remove volumes of stack " + stack, c -> {
            List<String> removed = new ArrayList<>();
            var answer = c.listVolumesCmd().withFilter("label", List.of(Labels.MANAGED_BY + "=" + Labels.FAASFED,
                    NAMESPACE + "=" + stack)).exec();
            if (answer.getVolumes() != null) {
                for (var v : answer.getVolumes()) {
                    c.removeVolumeCmd(v.getName()).exec();
                    removed.add("volume " + v.getName());
                }
            }
            return removed;
        }).retryWhen(Retry.fixedDelay(30, Duration.ofSeconds(1)).onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        Mono<List<String>> all = Flux.concat(services, secrets, networks, volumes)
                .flatMapIterable(list -> list).collectList().map(List::copyOf);
        return progress.track("remove stack " + stack, all, r -> r.isEmpty() ? "nothing to remove" : r.size() + " removed");
    }

    /** What is there now and what is wanted, read in one go on the engine's scheduler. */
    private record Survey(StackPlan plan, Map<String, ServiceSpec> wanted, Map<String, String> serviceIds,
                          Map<String, byte[]> secretContents) {
    }

    private Mono<Survey> survey(StackDefinition definition, String stack, Set<String> comingFirst) {
        return engine.call("read stack " + stack, c -> {
            List<Change> changes = new ArrayList<>();
            for (StackNetwork network : definition.networks().values()) {
                String name = networkName(network, stack);
                boolean exists = c.listNetworksCmd().withNameFilter(name).exec().stream().anyMatch(n -> name.equals(n.getName()));
                if (network.external() && !exists && comingFirst.contains(name)) {
                    changes.add(new Change("network", name, Action.CREATE, "external, made first"));
                    continue;
                }
                if (network.external() && !exists) {
                    throw new SetupException(SetupProblem.NETWORK_MISSING, "The stack needs the external network '" + name
                            + "' (key '" + network.key() + "'), and this engine has no network of that name.",
                            "Create it first with `faasfed network apply` (or fix the network's name in the stack file).");
                }
                changes.add(new Change("network", name, exists ? Action.UNCHANGED : Action.CREATE,
                        network.external() ? "external, present" : exists ? "present" : "overlay, attachable"));
            }
            Map<String, byte[]> contents = new LinkedHashMap<>();
            for (StackSecret secret : definition.secrets().values()) {
                String name = secretName(secret, stack);
                Optional<Secret> existing = c.listSecretsCmd().withNameFilter(List.of(name)).exec().stream()
                        .filter(s -> name.equals(s.getSpec().getName())).findFirst();
                if (secret.external()) {
                    if (existing.isEmpty() && comingFirst.contains(name)) {
                        changes.add(new Change("secret", name, Action.CREATE, "external, made first"));
                        continue;
                    }
                    if (existing.isEmpty()) {
                        throw new SetupException(SetupProblem.INVALID_INPUT, "The stack needs the external Docker secret '"
                                + name + "' (key '" + secret.key() + "'), and this swarm has no secret of that name.",
                                "Create it first: `printf '%s' VALUE | docker secret create " + name + " -` (or run `faasfed bootstrap`).");
                    }
                    changes.add(new Change("secret", name, Action.UNCHANGED, "external, present"));
                    continue;
                }
                byte[] content = read(definition, secret);
                String hash = sha256(content);
                if (existing.isEmpty()) {
                    contents.put(secret.key(), content);
                    changes.add(new Change("secret", name, Action.CREATE, "from " + secret.file()));
                } else if (hash.equals(labelsOf(existing.get().getSpec().getLabels()).get(SPEC_HASH))) {
                    changes.add(new Change("secret", name, Action.UNCHANGED, "same content"));
                } else {
                    throw new SetupException(SetupProblem.INVALID_INPUT, "The Docker secret '" + name + "' exists with other "
                            + "content than " + secret.file() + ", and Docker secrets cannot be changed.",
                            "Remove the stack first (`faasfed stack rm --stack " + stack + "`), or rename the secret in the stack file.");
                }
            }
            Map<String, ServiceSpec> wanted = new LinkedHashMap<>();
            Map<String, String> ids = new LinkedHashMap<>();
            for (StackService service : definition.services().values()) {
                String name = stack + "_" + service.name();
                ServiceSpec spec = spec(definition, service, stack, Map.of());
                String hash = sha256(engineJson(spec).toString().getBytes(StandardCharsets.UTF_8));
                spec.withLabels(with(spec.getLabels(), SPEC_HASH, hash));
                wanted.put(name, spec);
                Optional<Service> existing = c.listServicesCmd().withNameFilter(List.of(name)).exec().stream()
                        .filter(s -> name.equals(s.getSpec().getName())).findFirst();
                if (existing.isEmpty()) {
                    changes.add(new Change("service", name, Action.CREATE, service.image() + " x" + service.replicas()));
                } else {
                    ids.put(name, existing.get().getId());
                    boolean same = hash.equals(labelsOf(existing.get().getSpec().getLabels()).get(SPEC_HASH));
                    changes.add(new Change("service", name, same ? Action.UNCHANGED : Action.UPDATE,
                            same ? "same spec" : "spec changed"));
                }
            }
            return new Survey(new StackPlan(stack, changes), wanted, ids, contents);
        });
    }

    private Mono<Void> apply(StackDefinition definition, String stack, Survey survey, Progress progress) {
        Map<String, String> secretIds = new LinkedHashMap<>();
        Mono<Void> prepare = engine.run("create networks of stack " + stack, c -> {
            for (StackNetwork network : definition.networks().values()) {
                String name = networkName(network, stack);
                if (!network.external() && action(survey.plan(), "network", name) == Action.CREATE) {
                    c.createNetworkCmd().withName(name).withDriver(network.driver().isEmpty() ? "overlay" : network.driver())
                            .withAttachable(true).withLabels(with(network.labels(), ours(stack))).exec();
                }
            }
            for (StackSecret secret : definition.secrets().values()) {
                String name = secretName(secret, stack);
                c.listSecretsCmd().withNameFilter(List.of(name)).exec().stream()
                        .filter(s -> name.equals(s.getSpec().getName()))
                        .findFirst().ifPresent(s -> secretIds.put(secret.key(), s.getId()));
            }
        });
        // Created as JSON of its own: docker-java's SecretSpec takes the content as a String, which would garble a
        // file that is not UTF-8 text.
        Flux<Void> secrets = Flux.fromIterable(definition.secrets().values())
                .filter(secret -> survey.secretContents().containsKey(secret.key()))
                .concatMap(secret -> {
                    String name = secretName(secret, stack);
                    byte[] content = survey.secretContents().get(secret.key());
                    Map<String, String> labels = with(secret.labels(), ours(stack));
                    labels.put(SPEC_HASH, sha256(content));
                    ObjectNode body = JSON.createObjectNode().put("Name", name);
                    body.set("Labels", JSON.valueToTree(labels));
                    body.put("Data", Base64.getEncoder().encodeToString(content));
                    return progress.track("create secret " + name,
                            engine.json("create secret " + name, "POST", "/secrets/create", body)
                                    .doOnNext(answer -> secretIds.put(secret.key(), answer.path("ID").asText())),
                            answer -> "created").then();
                });
        Flux<Void> services = Flux.fromIterable(definition.services().values()).concatMap(service -> {
            String name = stack + "_" + service.name();
            Action action = action(survey.plan(), "service", name);
            if (action == Action.UNCHANGED) {
                return Mono.empty();
            }
            ServiceSpec spec = spec(definition, service, stack, secretIds)
                    .withLabels(survey.wanted().get(name).getLabels());
            // Sent as JSON of its own (not createServiceCmd, not updateService): docker-java's ContainerSpec spells
            // HealthCheck wrongly and its ServiceModeConfig adds "mode"; an update replaces the whole spec as
            // `docker stack deploy` does.
            JsonNode body = engineJson(spec);
            Mono<Void> work;
            if (action == Action.CREATE) {
                work = engine.json("create service " + name, "POST", "/services/create", body).then();
            } else {
                String path = "/services/" + URLEncoder.encode(survey.serviceIds().get(name), StandardCharsets.UTF_8);
                work = engine.json("read service " + name, "GET", path, null)
                        .flatMap(current -> engine.json("update service " + name, "POST",
                                path + "/update?version=" + current.path("Version").path("Index").asLong(), body))
                        .then();
            }
            return progress.track((action == Action.CREATE ? "create" : "update") + " service " + name, work, v -> "done");
        });
        return prepare.thenMany(secrets).thenMany(services).then();
    }

    private static Action action(StackPlan plan, String kind, String name) {
        return plan.changes().stream().filter(c -> c.kind().equals(kind) && c.name().equals(name))
                .map(Change::action).findFirst().orElse(Action.UNCHANGED);
    }

    /** The service spec wanted for {@code service}; secret references carry the IDs in {@code secretIds} (by key). */
    static ServiceSpec spec(StackDefinition definition, StackService service, String stack, Map<String, String> secretIds) {
        ContainerSpec container = new ContainerSpec().withImage(service.image())
                .withLabels(with(service.labels(), Map.of(NAMESPACE, stack)));
        if (!service.command().isEmpty()) {
            // As docker stack deploy: the Compose "command" is the container's Args (the image's ENTRYPOINT stays).
            container.withArgs(service.command());
        }
        if (!service.environment().isEmpty()) {
            container.withEnv(service.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        if (!service.secrets().isEmpty()) {
            container.withSecrets(service.secrets().stream().map(m -> {
                StackSecret secret = definition.secrets().get(m.source());
                if (secret == null) {
                    throw new SetupException(SetupProblem.INVALID_INPUT, "The service '" + service.name()
                            + "' mounts the secret '" + m.source() + "', which the stack does not declare.",
                            "Declare it under the top-level 'secrets:' of a stack file.");
                }
                ContainerSpecSecret ref = new ContainerSpecSecret().withSecretName(secretName(secret, stack))
                        .withFile(new ContainerSpecFile().withName(m.target()).withUid(m.uid()).withGid(m.gid())
                                .withMode((long) m.mode().orElse(0444)));
                String id = secretIds.get(m.source());
                return id == null ? ref : ref.withSecretId(id);
            }).toList());
        }
        if (!service.volumes().isEmpty()) {
            container.withMounts(service.volumes().stream().map(v -> mount(definition, v, stack)).toList());
        }
        service.healthcheck().ifPresent(h -> {
            HealthCheck check = new HealthCheck().withTest(h.test());
            nanos(h.interval()).ifPresent(check::withInterval);
            nanos(h.timeout()).ifPresent(check::withTimeout);
            nanos(h.startPeriod()).ifPresent(check::withStartPeriod);
            if (h.retries() > 0) {
                check.withRetries(h.retries());
            }
            container.withHealthCheck(check);
        });
        TaskSpec task = new TaskSpec().withContainerSpec(container);
        List<NetworkAttachmentConfig> networks = new ArrayList<>();
        service.networks().values().forEach(attachment -> {
            StackNetwork network = definition.networks().get(attachment.key());
            String target = network == null ? stack + "_" + attachment.key() : networkName(network, stack);
            List<String> aliases = new ArrayList<>();
            aliases.add(service.name());
            attachment.aliases().stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
            networks.add(new NetworkAttachmentConfig().withTarget(target).withAliases(aliases));
        });
        if (!networks.isEmpty()) {
            task.withNetworks(networks);
        }
        service.restart().ifPresent(r -> {
            ServiceRestartPolicy policy = new ServiceRestartPolicy()
                    .withCondition(ServiceRestartCondition.valueOf(r.condition().toUpperCase(Locale.ROOT).replace('-', '_')));
            nanos(r.delay()).ifPresent(policy::withDelay);
            nanos(r.window()).ifPresent(policy::withWindow);
            if (r.maxAttempts() > 0) {
                policy.withMaxAttempts((long) r.maxAttempts());
            }
            task.withRestartPolicy(policy);
        });
        StackService.Resources r = service.resources();
        ResourceSpecs limits = resources(r.limitCpus(), r.limitMemory());
        ResourceSpecs reservations = resources(r.reservedCpus(), r.reservedMemory());
        if (limits != null || reservations != null) {
            task.withResources(new ResourceRequirements().withLimits(limits).withReservations(reservations));
        }
        if (!service.constraints().isEmpty()) {
            task.withPlacement(new ServicePlacement().withConstraints(service.constraints()));
        }
        ServiceSpec spec = new ServiceSpec().withName(stack + "_" + service.name()).withTaskTemplate(task)
                .withLabels(with(service.serviceLabels(), ours(stack)))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(service.replicas())))
                .withEndpointSpec(new EndpointSpec().withMode("dnsrr".equalsIgnoreCase(service.endpointMode())
                        ? EndpointResolutionMode.DNSRR : EndpointResolutionMode.VIP));
        service.update().ifPresent(u -> spec.withUpdateConfig(update(u)));
        service.rollback().ifPresent(u -> spec.withRollbackConfig(update(u)));
        return spec;
    }

    private static Mount mount(StackDefinition definition, StackService.Mount m, String stack) {
        Mount mount = new Mount().withTarget(m.target()).withReadOnly(m.readOnly());
        switch (m.type()) {
            case "bind" -> mount.withType(MountType.BIND).withSource(m.source());
            case "tmpfs" -> mount.withType(MountType.TMPFS);
            default -> {
                StackVolume volume = definition.volumes().get(m.source());
                String source = volume == null ? m.source() : volume.external() ? volume.name() : stack + "_" + volume.name();
                mount.withType(MountType.VOLUME).withSource(source);
                if (volume != null && !volume.external()) {
                    mount.withVolumeOptions(new VolumeOptions().withLabels(with(volume.labels(), ours(stack))));
                }
            }
        }
        return mount;
    }

    private static UpdateConfig update(StackService.UpdateConfig u) {
        UpdateConfig config = new UpdateConfig().withParallelism((long) u.parallelism());
        nanos(u.delay()).ifPresent(config::withDelay);
        nanos(u.monitor()).ifPresent(config::withMonitor);
        if (!u.order().isEmpty()) {
            config.withOrder(UpdateOrder.valueOf(u.order().toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        if (!u.failureAction().isEmpty()) {
            config.withFailureAction(UpdateFailureAction.valueOf(u.failureAction().toUpperCase(Locale.ROOT)));
        }
        if (!u.maxFailureRatio().isEmpty()) {
            config.withMaxFailureRatio(Float.parseFloat(u.maxFailureRatio()));
        }
        return config;
    }

    private static ResourceSpecs resources(String cpus, String memory) {
        if (cpus.isEmpty() && memory.isEmpty()) {
            return null;
        }
        ResourceSpecs specs = new ResourceSpecs();
        if (!cpus.isEmpty()) {
            specs.withNanoCPUs(new BigDecimal(cpus).multiply(BigDecimal.valueOf(1_000_000_000L)).longValueExact());
        }
        if (!memory.isEmpty()) {
            specs.withMemoryBytes(bytes(memory));
        }
        return specs;
    }

    /** A Go duration as Compose writes it ({@code 1m30s}, {@code 500ms}) in nanoseconds; empty for an empty string. */
    static Optional<Long> nanos(String duration) {
        if (duration.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(duration);
        BigDecimal total = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            end = m.end();
        }
        if (end != duration.length() || end == 0) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "'" + duration + "' is not a duration.",
                    "Write durations as Compose does: 10s, 1m30s, 500ms.");
        }
        return Optional.of(total.longValue());
    }

    /** A size as Compose writes it ({@code 256M}, {@code 1g}, {@code 512mb}) in bytes. */
    static long bytes(String size) {
        Matcher m = BYTES.matcher(size.trim());
        if (!m.matches()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "'" + size + "' is not a size.",
                    "Write sizes as Compose does: 256M, 1G, 512k (or bytes).");
        }
        int power = "bkmgt".indexOf(m.group(2).isEmpty() ? "b" : m.group(2).toLowerCase(Locale.ROOT));
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024L).pow(power)).longValue();
    }

    private static String networkName(StackNetwork network, String stack) {
        return network.external() ? network.name() : stack + "_" + network.name();
    }

    private static String secretName(StackSecret secret, String stack) {
        return secret.external() ? secret.name() : stack + "_" + secret.key();
    }

    private static byte[] read(StackDefinition definition, StackSecret secret) {
        Path file = Path.of(secret.file());
        if (!file.isAbsolute() && !definition.files().isEmpty()) {
            Path parent = Path.of(definition.files().get(0)).toAbsolutePath().getParent();
            file = parent == null ? file : parent.resolve(file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The secret '" + secret.key() + "' is read from " + file
                    + ", which cannot be read: " + e.getMessage(), "Create the file, or fix its path in the stack file.", e);
        }
    }

    private static Map<String, String> labelsOf(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    private static Map<String, String> with(Map<String, String> labels, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(labelsOf(labels));
        all.putAll(more);
        return all;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        return with(labels, Map.of(key, value));
    }

    /** The spec as the Engine API spells it (see the note in {@link #apply}); no nulls, map keys sorted. */
    static ObjectNode engineJson(ServiceSpec spec) {
        ObjectNode json = (ObjectNode) withoutNulls(JSON.valueToTree(spec));
        JsonNode container = json.path("TaskTemplate").path("ContainerSpec");
        if (container instanceof ObjectNode c && c.has("Healthcheck")) {
            c.set("HealthCheck", c.remove("Healthcheck"));
        }
        if (json.path("Mode") instanceof ObjectNode mode) {
            mode.remove("mode");
        }
        return json;
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            object.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    withoutNulls(e.getValue());
                }
            });
            object.remove(nulls);
        } else if (node.isArray()) {
            node.forEach(StackDeployer::withoutNulls);
        }
        return node;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Map<String, String> ours(String stack) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.FAASFED);
        labels.put(NAMESPACE, stack);
        return labels;
    }

    private static void checkName(String stack) {
        requireNonNull(stack, "stack");
        if (!stack.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "'" + stack + "' is not a stack name Docker accepts.",
                    "Use letters, digits, '_', '.' and '-', starting with a letter or digit (the default is faasfed).");
        }
    }
}
