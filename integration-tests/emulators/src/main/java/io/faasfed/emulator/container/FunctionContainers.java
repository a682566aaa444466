package io.faasfed.emulator.container;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faasfed.network.Engine;
import io.faasfed.network.SetupException;
import io.netty.buffer.Unpooled;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * The function containers of one emulator: made through the Engine API on demand (one per function key, replaced when
 * its spec changes), called over the network at port {@value #FUNCTION_PORT}, removed with their function and when the
 * emulator closes. Every container carries {@value #OWNER_LABEL}{@code =<owner>}, so a restarted emulator first
 * removes what an earlier run left.
 */
public final class FunctionContainers implements AutoCloseable {

    /** The label whose value names the emulator that owns a container. */
    public static final String OWNER_LABEL = "io.faasfed.emulator";

    /** The label holding the function key. */
    public static final String KEY_LABEL = "io.faasfed.emulator.function";

    /** The label holding the spec's revision. */
    public static final String REVISION_LABEL = "io.faasfed.emulator.revision";

    /** The port every function container listens on (the watchdog's). */
    public static final int FUNCTION_PORT = 8080;

    private static final Logger log = LoggerFactory.getLogger(FunctionContainers.class);

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-connection", "content-length");

    private static final Duration READY_POLL = Duration.ofMillis(250);

    private final Engine engine;
    private final ContainerSettings settings;
    private final ConnectionProvider connections;
    private final HttpClient http;
    private final Map<String, Made> containers = new ConcurrentHashMap<>();
    private final boolean ownsEngine;

    /** Containers on {@code engine} as {@code settings} says; nothing is done until a method is subscribed to. */
    public FunctionContainers(Engine engine, ContainerSettings settings) {
        this(engine, settings, false);
    }

    private FunctionContainers(Engine engine, ContainerSettings settings, boolean ownsEngine) {
        this.ownsEngine = ownsEngine;
        this.engine = requireNonNull(engine, "engine");
        this.settings = requireNonNull(settings, "settings");
        this.connections = ConnectionProvider.builder("emulator-functions-" + settings.owner())
                .maxConnections(256).pendingAcquireMaxCount(1024).maxIdleTime(Duration.ofSeconds(20)).build();
        this.http = HttpClient.create(connections).keepAlive(false);
    }

    /**
     * The containers of the {@code platform} emulator in container mode {@code mode}: connects to its engine (closed
     * with these) and removes what an earlier emulator with the same owner left. Blocks: call it at start only.
     */
    public static FunctionContainers open(ContainerMode mode, String platform, int maxResponseBytes) {
        requireNonNull(mode, "mode");
        Engine engine = Engine.connect(mode.docker());
        FunctionContainers containers = new FunctionContainers(engine, mode.settings(platform, maxResponseBytes), true);
        try {
            Integer stale = containers.removeStale().block(Duration.ofMinutes(2));
            if (stale != null && stale > 0) {
                log.info("Removed {} function containers an earlier {} emulator left", stale, platform);
            }
            return containers;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** The settings. */
    public ContainerSettings settings() {
        return settings;
    }

    /** The engine. */
    public Engine engine() {
        return engine;
    }

    /** Removes every container labelled with this emulator's owner (left by an earlier run). */
    public Mono<Integer> removeStale() {
        return owned().flatMap(id -> forceRemove(id).thenReturn(1)).reduce(0, Integer::sum);
    }

    /**
     * The running container for {@code spec}: the one already made if its revision matches, else a new one (an older
     * one for the key is removed first). Concurrent calls for one key share one creation. Fails with
     * {@link FunctionUnavailable} saying why no container answers.
     */
    public Mono<FunctionContainer> ensure(FunctionContainerSpec spec) {
        requireNonNull(spec, "spec");
        String revision = spec.revision();
        return Mono.defer(() -> {
            Made made = containers.compute(spec.key(), (key, existing) -> existing != null
                    && existing.revision().equals(revision) ? existing : replace(existing, spec, revision));
            return made.container().onErrorResume(failure -> {
                containers.remove(spec.key(), made);
                return Mono.error(failure);
            });
        });
    }

    /** The container for {@code key} if one was made and has started; empty otherwise. */
    public Mono<FunctionContainer> existing(String key) {
        Made made = containers.get(key);
        return made == null ? Mono.empty() : made.container().onErrorResume(failure -> Mono.empty());
    }

    /**
     * Forgets {@code container} (it stopped answering): the next {@link #ensure} for its key makes a new one, removing
     * this one first.
     */
    public void invalidate(FunctionContainer container) {
        containers.computeIfPresent(container.key(), (key, made) -> made.revision().equals(container.revision())
                ? null : made);
    }

    /** Removes the container of {@code key}, if any. */
    public Mono<Void> remove(String key) {
        Made made = containers.remove(key);
        Mono<Void> known = made == null ? Mono.empty()
                : made.container().onErrorResume(failure -> Mono.empty()).flatMap(c -> forceRemove(c.id()));
        // Also a container of this key that an earlier emulator process made.
        return known.then(ownedWithKey(key).flatMap(this::forceRemove).then());
    }

    /**
     * One HTTP request to the function container; the answer (status, headers, at most the settings' byte cap of
     * body) whatever its status. Fails with {@link FunctionTimedOut} when no answer came within {@code timeout} and
     * with {@link FunctionUnavailable} when the container could not be reached or its answer was too large.
     */
    public Mono<FunctionResponse> call(FunctionContainer container, String method, String pathAndQuery,
            List<Map.Entry<String, String>> headers, byte[] body, Duration timeout) {
        requireNonNull(container, "container");
        requireNonNull(method, "method");
        String path = pathAndQuery == null || pathAndQuery.isEmpty() ? "/" : pathAndQuery;
        return http.responseTimeout(timeout)
                .headers(h -> {
                    headers.forEach(header -> {
                        if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))
                                && !"host".equalsIgnoreCase(header.getKey())) {
                            h.add(header.getKey(), header.getValue());
                        }
                    });
                    h.set("Content-Length", Integer.toString(body == null ? 0 : body.length));
                })
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)))
                .uri(container.baseUrl() + (path.startsWith("/") ? path : "/" + path))
                .send(Mono.just(Unpooled.wrappedBuffer(body == null ? new byte[0] : body)))
                .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> {
                            if (bytes.length > settings.maxResponseBytes()) {
                                throw new FunctionUnavailable("function " + container.name() + " answered more than "
                                        + settings.maxResponseBytes() + " bytes");
                            }
                            List<Map.Entry<String, String>> answer = new ArrayList<>();
                            response.responseHeaders().forEach(h -> {
                                if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                                    answer.add(Map.entry(h.getKey(), h.getValue()));
                                }
                            });
                            return new FunctionResponse(response.status().code(), answer, bytes);
                        }))
                .timeout(timeout.plusSeconds(1))
                .onErrorMap(failure -> failure instanceof ReadTimeoutException || failure instanceof TimeoutException
                        || failure.getCause() instanceof ReadTimeoutException, failure -> new FunctionTimedOut(timeout))
                .onErrorMap(failure -> !(failure instanceof FunctionTimedOut) && !(failure instanceof FunctionUnavailable),
                        failure -> new FunctionUnavailable("cannot reach function container " + container.name()
                                + " at " + container.baseUrl() + ": " + describe(failure), failure));
    }

    /**
     * One call on the container of {@code spec}, made first when there is none or an outdated one. A container that
     * cannot be reached, or that is gone when the call times out (a removed container's address stays silent), is
     * forgotten, so the next call makes a new one.
     */
    public Mono<FunctionResponse> callMaking(FunctionContainerSpec spec, String method, String pathAndQuery,
            List<Map.Entry<String, String>> headers, byte[] body, Duration timeout) {
        return ensure(spec).flatMap(container -> call(container, method, pathAndQuery, headers, body, timeout)
                .doOnError(FunctionUnavailable.class, unreachable -> invalidate(container))
                .onErrorResume(FunctionTimedOut.class, timedOut -> running(container.id()).flatMap(running -> {
                    if (!running) {
                        invalidate(container);
                    }
                    return Mono.error(timedOut);
                })));
    }

    /** Whether container {@code id} is running; false when it is gone. */
    public Mono<Boolean> running(String id) {
        return engine.json("inspect function container " + id, "GET", "/containers/" + id + "/json", null)
                .map(inspect -> inspect.path("State").path("Running").asBoolean(false))
                .onErrorResume(failure -> Mono.just(false));
    }

    /** {@link #remove}, logging instead of failing. */
    public Mono<Void> removeQuietly(String key) {
        return remove(key).onErrorResume(failure -> {
            log.warn("Could not remove the container of {}: {}", key, failure.getMessage());
            return Mono.empty();
        });
    }

    /** The networks labelled {@code openfaas=true}, by name, in the engine's order (faas-swarm's default network). */
    public Flux<String> networksLabelledOpenFaas() {
        return engine.json("list networks labelled openfaas=true", "GET",
                        "/networks?filters=" + encode("{\"label\":[\"openfaas=true\"]}"), null)
                .flatMapMany(list -> Flux.fromIterable(list))
                .map(network -> network.path("Name").asText())
                .filter(name -> !name.isEmpty());
    }

    /** Removes every container this emulator owns, waiting at most {@code within}. */
    public void removeAll(Duration within) {
        containers.clear();
        try {
            removeStale().block(within);
        } catch (RuntimeException e) {
            log.warn("Could not remove the function containers of {}: {}", settings.owner(), e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            removeAll(Duration.ofSeconds(30));
            connections.dispose();
        } finally {
            if (ownsEngine) {
                engine.close();
            }
        }
    }

    // ---- making containers ----

    private Made replace(Made existing, FunctionContainerSpec spec, String revision) {
        Mono<Void> removeOld = (existing == null ? Mono.<FunctionContainer>empty()
                : existing.container().onErrorResume(failure -> Mono.empty()))
                .flatMap(old -> forceRemove(old.id()))
                .then(ownedWithKey(spec.key()).flatMap(this::forceRemove).then());
        return new Made(revision, removeOld.then(create(spec, revision)).cache());
    }

    private Mono<FunctionContainer> create(FunctionContainerSpec spec, String revision) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("Image", spec.image());
        var env = body.putArray("Env");
        spec.env().forEach((k, v) -> env.add(k + '=' + v));
        ObjectNode labels = body.putObject("Labels");
        spec.labels().forEach(labels::put);
        labels.put(OWNER_LABEL, settings.owner());
        labels.put(KEY_LABEL, spec.key());
        labels.put(REVISION_LABEL, revision);
        labels.put("io.faasfed.managed-by", "faasfed");
        body.putObject("ExposedPorts").putObject(FUNCTION_PORT + "/tcp");
        ObjectNode host = body.putObject("HostConfig");
        host.put("NetworkMode", spec.network());
        host.putObject("RestartPolicy").put("Name", "no");
        host.putObject("LogConfig").put("Type", "json-file").putObject("Config").put("max-size", "1m");
        ObjectNode endpoint = body.putObject("NetworkingConfig").putObject("EndpointsConfig").putObject(spec.network());
        var aliases = endpoint.putArray("Aliases");
        spec.aliases().forEach(aliases::add);
        String name = spec.name();
        return engine.json("create function container " + name, "POST", "/containers/create?name=" + encode(name), body)
                .onErrorMap(SetupException.class, failure -> new FunctionUnavailable(
                        "cannot create the container for " + spec.key() + " from image " + spec.image() + " on network "
                                + spec.network() + ": " + failure.getMessage(), failure))
                .map(created -> created.path("Id").asText())
                .flatMap(id -> engine.json("start function container " + name, "POST",
                                "/containers/" + id + "/start", null)
                        .then(Mono.defer(() -> inspectAddress(id, spec.network())))
                        .flatMap(address -> awaitReady(new FunctionContainer(spec.key(), id, name, spec.network(),
                                address, revision)))
                        .onErrorResume(failure -> forceRemove(id).then(Mono.error(
                                failure instanceof FunctionUnavailable ? failure : new FunctionUnavailable(
                                        "function container " + name + " did not start: " + failure.getMessage(),
                                        failure)))))
                .doOnNext(c -> log.info("Function {} runs in container {} ({}) on {}", c.key(), c.name(),
                        c.id().substring(0, 12), c.network()));
    }

    private Mono<String> inspectAddress(String id, String network) {
        if (settings.addressing() == Addressing.NAME) {
            return engine.json("inspect function container " + id, "GET", "/containers/" + id + "/json", null)
                    .map(inspect -> inspect.path("Name").asText().replaceFirst("^/", ""));
        }
        return engine.json("inspect function container " + id, "GET", "/containers/" + id + "/json", null)
                .map(inspect -> {
                    JsonNode attached = inspect.path("NetworkSettings").path("Networks").path(network);
                    String ip = attached.path("IPAddress").asText();
                    if (ip.isEmpty()) {
                        throw new FunctionUnavailable("function container " + id.substring(0, 12)
                                + " has no address on network " + network);
                    }
                    return ip;
                });
    }

    /**
     * Polls the watchdog's {@code /_/health} until it answers (any status), failing early when the container exits.
     */
    private Mono<FunctionContainer> awaitReady(FunctionContainer container) {
        Mono<FunctionContainer> probe = http.responseTimeout(Duration.ofSeconds(2))
                .get().uri(container.baseUrl() + "/_/health")
                .responseSingle((response, content) -> content.then(Mono.just(container)))
                .onErrorResume(failure -> stillRunning(container).then(Mono.error(failure)));
        return probe
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, READY_POLL)
                        .filter(failure -> !(failure instanceof FunctionUnavailable)))
                .timeout(settings.startTimeout(), Mono.defer(() -> Mono.error(new FunctionUnavailable(
                        "function container " + container.name() + " did not answer on port " + FUNCTION_PORT
                                + " within " + settings.startTimeout().toSeconds() + " s"))))
                .onErrorMap(failure -> failure instanceof IllegalStateException && failure.getCause() != null
                        ? failure.getCause() : failure);
    }

    private Mono<Void> stillRunning(FunctionContainer container) {
        return engine.json("inspect function container " + container.name(), "GET",
                        "/containers/" + container.id() + "/json", null)
                .flatMap(inspect -> {
                    JsonNode state = inspect.path("State");
                    if (state.path("Running").asBoolean(false)) {
                        return Mono.<Void>empty();
                    }
                    return logsTail(container.id()).defaultIfEmpty("").flatMap(logs -> Mono.error(new FunctionUnavailable(
                            "function container " + container.name() + " exited with status "
                                    + state.path("ExitCode").asInt() + (logs.isBlank() ? "" : ": " + logs.strip()))));
                });
    }

    private Mono<String> logsTail(String id) {
        return engine.call("read the log of " + id, c -> {
            StringBuilder out = new StringBuilder();
            try {
                c.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(20)
                        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                            @Override
                            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text = out.toString();
            return text.length() > 800 ? "…" + text.substring(text.length() - 800) : text;
        }).onErrorResume(failure -> Mono.just(""));
    }

    private Flux<String> owned() {
        return engine.json("list the containers of " + settings.owner(), "GET", "/containers/json?all=true&filters="
                        + encode("{\"label\":[\"" + OWNER_LABEL + "=" + settings.owner() + "\"]}"), null)
                .flatMapMany(Flux::fromIterable)
                .map(c -> c.path("Id").asText());
    }

    private Flux<String> ownedWithKey(String key) {
        return engine.json("list the containers of " + key, "GET", "/containers/json?all=true&filters="
                        + encode("{\"label\":[\"" + OWNER_LABEL + "=" + settings.owner() + "\",\"" + KEY_LABEL + "="
                                + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}"), null)
                .flatMapMany(Flux::fromIterable)
                .map(c -> c.path("Id").asText());
    }

    private Mono<Void> forceRemove(String id) {
        return engine.json("remove function container " + id, "DELETE", "/containers/" + id + "?force=true&v=true", null)
                .then()
                .onErrorResume(failure -> {
                    String message = String.valueOf(failure.getMessage());
                    if (message.contains("No such container") || message.contains("404")
                            || message.contains("already in progress")) {
                        return Mono.empty();
                    }
                    log.warn("Could not remove function container {}: {}", id, message);
                    return Mono.empty();
                });
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException || failure instanceof PrematureCloseException) {
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The shared creation of one key's container, and the revision it makes. */
    private record Made(String revision, Mono<FunctionContainer> container) {
    }
}
