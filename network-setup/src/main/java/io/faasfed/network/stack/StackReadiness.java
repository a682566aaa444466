package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.Engine;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Waits for a deployed stack to be ready: every service with tasks wanted has that many running, and where its
 * containers have a health check, healthy. Read through Engine API 1.41 as it is: {@code GET /services} by the stack's
 * namespace label, {@code GET /tasks?filters={"service":[..],"desired-state":["running"]}} per service, and
 * {@code GET /containers/{id}/json} ({@code State.Health.Status}) for each running task on this node. A task on another
 * node counts as healthy when Swarm reports it running (Swarm itself holds a task in {@code starting} until its
 * container's first health check passes).
 */
public final class StackReadiness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;

    /** Readiness on {@code engine}, a Swarm manager. */
    public StackReadiness(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /** Each service of {@code stack} as it is now, by name. */
    public Mono<List<ServiceReadiness>> check(String stack) {
        requireNonNull(stack, "stack");
        return engine.json("read this node's id", "GET", "/info", null)
                .map(info -> info.path("Swarm").path("NodeID").asText(""))
                .flatMap(node -> check(stack, node));
    }

    /**
     * Polls every {@code interval} until every service of {@code stack} is {@link ServiceReadiness#ready() ready}, one
     * progress step per service (begun when the service is first seen, ended when it is ready); returns the last
     * answer.
     *
     * @throws SetupException (in the Mono) STACK_NOT_READY when {@code timeout} passes first, naming each service that
     *         is not ready with its newest task error
     */
    public Mono<List<ServiceReadiness>> await(String stack, Duration timeout, Duration interval, Progress progress) {
        requireNonNull(stack, "stack");
        requireNonNull(timeout, "timeout");
        requireNonNull(interval, "interval");
        requireNonNull(progress, "progress");
        return Mono.defer(() -> {
            Map<String, Progress.Step> steps = new ConcurrentHashMap<>();
            Set<String> done = ConcurrentHashMap.newKeySet();
            AtomicReference<List<ServiceReadiness>> last = new AtomicReference<>(List.of());
            return engine.json("read this node's id", "GET", "/info", null)
                    .map(info -> info.path("Swarm").path("NodeID").asText(""))
                    .flatMapMany(node -> Flux.interval(Duration.ZERO, interval)
                            .onBackpressureDrop()
                            .concatMap(tick -> check(stack, node), 1))
                    .doOnNext(services -> {
                        last.set(services);
                        for (ServiceReadiness s : services) {
                            Progress.Step step = steps.computeIfAbsent(s.name(), n -> progress.begin("Waiting for " + n));
                            if (s.ready() && done.add(s.name())) {
                                step.ok(s.describe());
                            }
                        }
                    })
                    .filter(services -> services.stream().allMatch(ServiceReadiness::ready))
                    .next()
                    .timeout(timeout, Mono.error(() -> notReady(stack, last.get(), timeout)))
                    .doOnError(e -> last.get().stream().filter(s -> !done.contains(s.name()))
                            .forEach(s -> steps.get(s.name()).fail(s.describe()
                                    + (s.lastError().isEmpty() ? "" : ": " + s.lastError()))))
                    .doOnCancel(() -> steps.forEach((name, step) -> step.fail("cancelled")));
        });
    }

    private Mono<List<ServiceReadiness>> check(String stack, String node) {
        return engine.json("list services of stack " + stack, "GET",
                        "/services?filters=" + filters(Map.of("label", List.of(StackDeployer.NAMESPACE + "=" + stack))), null)
                .flatMapMany(Flux::fromIterable)
                .concatMap(service -> service(service, node))
                .sort(Comparator.comparing(ServiceReadiness::name))
                .collectList()
                .map(List::copyOf);
    }

    private Mono<ServiceReadiness> service(JsonNode service, String node) {
        JsonNode spec = service.path("Spec");
        String name = spec.path("Name").asText();
        boolean global = spec.path("Mode").has("Global");
        // The API document spells it HealthCheck and the engine reads it so (Go's decoder ignores case), but answers
        // with its Go field's name, Healthcheck.
        JsonNode container = spec.path("TaskTemplate").path("ContainerSpec");
        JsonNode specCheck = (container.has("Healthcheck") ? container.path("Healthcheck") : container.path("HealthCheck"))
                .path("Test");
        boolean specChecked = specCheck.isArray() && specCheck.size() > 0 && !"NONE".equals(specCheck.get(0).asText());
        return engine.json("list tasks of service " + name, "GET", "/tasks?filters=" + filters(Map.of("service",
                        List.of(name), "desired-state", List.of("running"))), null)
                .flatMap(tasks -> {
                    List<JsonNode> wanted = new ArrayList<>();
                    tasks.forEach(wanted::add);
                    int desired = global ? wanted.size() : spec.path("Mode").path("Replicated").path("Replicas").asInt(1);
                    List<JsonNode> running = wanted.stream()
                            .filter(t -> "running".equals(t.path("Status").path("State").asText())).toList();
                    return Flux.fromIterable(running)
                            .concatMap(task -> health(task, node))
                            .collectList()
                            .flatMap(health -> {
                                boolean checked = specChecked || health.stream().anyMatch(h -> !h.status().isEmpty());
                                int healthy = (int) health.stream().filter(Health::healthy).count();
                                String unhealthy = health.stream().filter(h -> !h.healthy() && !h.output().isEmpty())
                                        .map(Health::output).findFirst().orElse("");
                                ServiceReadiness now = new ServiceReadiness(name, desired, running.size(), checked,
                                        healthy, "");
                                if (now.ready()) {
                                    return Mono.just(now);
                                }
                                return newestError(name).map(error -> new ServiceReadiness(name, desired, running.size(),
                                        checked, healthy, !error.isEmpty() ? error
                                        : unhealthy.isEmpty() ? "" : "health check: " + unhealthy));
                            });
                });
    }

    /**
     * A running task's container health: its {@code State.Health} when the task runs on this node; a task elsewhere
     * counts as healthy (the engine here cannot inspect its container).
     */
    private record Health(String status, String output) {
        boolean healthy() {
            return status.isEmpty() || "healthy".equals(status) || "remote".equals(status);
        }
    }

    private Mono<Health> health(JsonNode task, String node) {
        String container = task.path("Status").path("ContainerStatus").path("ContainerID").asText("");
        if (container.isEmpty() || !node.equals(task.path("NodeID").asText())) {
            return Mono.just(new Health("remote", ""));
        }
        return engine.json("inspect container " + container, "GET",
                        "/containers/" + URLEncoder.encode(container, StandardCharsets.UTF_8) + "/json", null)
                .map(inspect -> {
                    JsonNode health = inspect.path("State").path("Health");
                    if (health.isMissingNode() || health.isNull()) {
                        return new Health("", "");
                    }
                    JsonNode log = health.path("Log");
                    String output = log.isArray() && log.size() > 0 ? log.get(log.size() - 1).path("Output").asText("") : "";
                    return new Health(health.path("Status").asText(""), output.replace('\n', ' ').strip());
                })
                // the task may have just ended and its container gone: not healthy this time
                .onErrorResume(SetupException.class, e -> Mono.just(new Health("gone", "")));
    }

    private Mono<String> newestError(String service) {
        return engine.json("list tasks of service " + service, "GET",
                        "/tasks?filters=" + filters(Map.of("service", List.of(service))), null)
                .map(tasks -> {
                    List<JsonNode> all = new ArrayList<>();
                    tasks.forEach(all::add);
                    return all.stream()
                            .filter(t -> !t.path("Status").path("Err").asText("").isEmpty())
                            .max(Comparator.comparing(t -> t.path("UpdatedAt").asText("")))
                            .map(t -> t.path("Status").path("Err").asText())
                            .orElse("");
                });
    }

    private static SetupException notReady(String stack, List<ServiceReadiness> services, Duration timeout) {
        List<ServiceReadiness> stuck = services.stream().filter(s -> !s.ready()).toList();
        String which = stuck.isEmpty() ? "the stack has no services yet"
                : stuck.stream().map(s -> s.name() + " (" + s.describe()
                        + (s.lastError().isEmpty() ? "" : "; last task error: " + s.lastError()) + ")")
                .collect(Collectors.joining(", "));
        return new SetupException(SetupProblem.STACK_NOT_READY, "Stack " + stack + " was not ready after "
                + seconds(timeout) + ": " + which + ".", "See 'faasfed stack status --stack " + stack
                + "' and the services' logs ('docker service logs SERVICE'); wait longer with --timeout.");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String filters(Map<String, List<String>> filters) {
        try {
            return URLEncoder.encode(JSON.writeValueAsString(new java.util.TreeMap<>(filters)), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
