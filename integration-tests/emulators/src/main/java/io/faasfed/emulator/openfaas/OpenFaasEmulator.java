package io.faasfed.emulator.openfaas;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.BackgroundTasks;
import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.Emulator;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.EmulatorServer;
import io.faasfed.emulator.GoDuration;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.ProcessCall;
import io.faasfed.emulator.ProcessFunctionRunner;
import io.faasfed.emulator.ProcessOutcome;
import io.faasfed.emulator.Router;
import io.faasfed.emulator.SandboxPlatforms;
import io.faasfed.emulator.WatchdogEnvironment;
import io.faasfed.emulator.container.FunctionContainerSpec;
import io.faasfed.emulator.container.FunctionResponse;
import io.faasfed.emulator.container.FunctionTimedOut;
import io.faasfed.emulator.container.FunctionUnavailable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful emulator of the OpenFaaS CE gateway API in front of one provider ({@link OpenFaasProvider}): deploy,
 * update (PUT, 404 when missing, so clients fall back to POST), delete with a JSON body and scale answer the
 * provider's 202 or 200; errors are plain text; {@code /system/*} needs Basic auth while {@code /function/*},
 * {@code /async-function/*} and {@code /healthz} do not. CE manages one namespace, the function namespace: a deploy to
 * another is refused, and {@code /function/name.ns} always means function {@code name} in namespace {@code ns}.
 * Invocations run the function as a local process under the classic watchdog's contract; async invocations answer 202
 * with {@code X-Call-Id} and POST the result to {@code X-Callback-Url} as the queue-worker does.
 *
 * <p>In container mode ({@link EmulatorOptions#containers()}) each function is a container made at deploy time from
 * its image, as faas-swarm makes a service ({@link OpenFaasContainers} says how and where it differs), and an
 * invocation is proxied to it as the gateway's forwarding proxy does: method, the path after the function's name,
 * query, headers and body through, the function's status, headers and body back. No answer within the upstream
 * timeout is the same 502 as in process mode; a container that cannot be reached is the gateway's bare 502. Either
 * way a container that is gone or stopped is forgotten and the next call makes it again.
 */
public final class OpenFaasEmulator implements Emulator {

    /** The default namespace of faas-netes, used when a request names none. */
    public static final String DEFAULT_NAMESPACE = "openfaas-fn";

    /** The gateway upstream timeout used when a function sets no {@code exec_timeout} and the options give none. */
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(OpenFaasEmulator.class);
    private static final Pattern NAME = Pattern.compile("[-a-zA-Z_0-9.]+");
    private static final int MAX_REPLICAS = 5;
    private static final String SERVED_BY = "openfaas-ce/faasfed-emulator";
    private static final List<String> COPIED_FIELDS = List.of("image", "namespace", "envProcess", "envVars", "labels",
            "annotations", "secrets", "constraints", "limits", "requests", "readOnlyRootFilesystem");

    private final EmulatorOptions options;
    private final OpenFaasProvider provider;
    private final Credentials credentials;
    private final String defaultNamespace;
    private final ProcessFunctionRunner runner;
    private final OpenFaasContainers containers;
    private final Map<String, Deployed> functions = new ConcurrentHashMap<>();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final BackgroundTasks background = new BackgroundTasks();
    private final HttpClient callbacks = HttpClient.create().responseTimeout(Duration.ofSeconds(30));
    private final EmulatorServer server;

    private OpenFaasEmulator(EmulatorOptions options) {
        this.options = options;
        this.provider = options.openFaasProvider();
        this.credentials = options.credentialsOr(SandboxPlatforms.OPENFAAS_CREDENTIALS);
        this.defaultNamespace = options.namespace() != null ? options.namespace() : DEFAULT_NAMESPACE;
        this.runner = new ProcessFunctionRunner(options.maxOutputBytes());
        this.containers = options.containerMode()
                ? OpenFaasContainers.start(options.containers(), options.maxOutputBytes()) : null;
        Router router = new Router(
                request -> Mono.just(goError(404, "404 page not found")),
                request -> Mono.just(goError(405, "Method Not Allowed")))
                .route("GET", "/healthz", request -> Mono.just(EmulatorResponse.text(200, "OK")))
                .route("GET", "/system/info", secured(this::info))
                .route("GET", "/system/namespaces", secured(this::namespaces))
                .route("GET", "/system/functions", secured(this::list))
                .route("POST", "/system/functions", secured(this::create))
                .route("PUT", "/system/functions", secured(this::update))
                .route("DELETE", "/system/functions", secured(this::delete))
                .route("GET", "/system/function/{name}", secured(this::get))
                .route("POST", "/system/scale-function/{name}", secured(this::scale))
                .route("GET", "/system/secrets", secured(this::listSecrets))
                .route("POST", "/system/secrets", secured(this::createSecret))
                .route("DELETE", "/system/secrets", secured(this::deleteSecret))
                .route("*", "/function/{target}{rest*}", this::invoke)
                .route("POST", "/async-function/{target}{rest*}", this::invokeAsync);
        try {
            this.server = EmulatorServer.start("OpenFaaS", options.host(), options.port(), options.maxRequestBytes(),
                    router, OpenFaasEmulator::failure);
        } catch (RuntimeException e) {
            if (containers != null) {
                containers.close();
            }
            throw e;
        }
    }

    /** Starts an emulator on 127.0.0.1. */
    public static OpenFaasEmulator start(EmulatorOptions options) {
        return new OpenFaasEmulator(requireNonNull(options, "options"));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The credentials {@code /system/*} demands. */
    public Credentials credentials() {
        return credentials;
    }

    @Override
    public void close() {
        background.close();
        server.close();
        runner.close();
        if (containers != null) {
            containers.close();
        }
    }

    // ---- /system ----

    private Router.Handler secured(Router.Handler handler) {
        return request -> credentials.matches(request.header("Authorization")) ? handler.handle(request)
                : Mono.just(goError(401, "invalid credentials").withHeader("Www-Authenticate",
                        "Basic realm=\"Restricted\""));
    }

    private Mono<EmulatorResponse> info(EmulatorRequest request) {
        ObjectNode info = Json.object();
        ObjectNode provider = info.putObject("provider");
        provider.put("provider", "faasfed-emulator");
        provider.put("orchestration", "process");
        provider.putObject("version").put("sha", "").put("release", "0.1.0");
        info.putObject("version").put("commit_message", "faasfed OpenFaaS emulator").put("sha", "")
                .put("release", "0.27.12");
        info.put("arch", System.getProperty("os.arch"));
        return Mono.just(EmulatorResponse.json(200, info));
    }

    /**
     * {@code []}, as the recorded CE gateway 0.27.12 answered {@code faas-cli namespaces} and
     * {@code faas-cli namespace list} (recorded {@code openfaas-gateway-with-faas-cli.txt}, the two
     * {@code GET /system/namespaces} exchanges): clients must fall back to the function namespace.
     */
    private Mono<EmulatorResponse> namespaces(EmulatorRequest request) {
        return Mono.just(EmulatorResponse.json(200, Json.array()));
    }

    private Mono<EmulatorResponse> list(EmulatorRequest request) {
        String namespace = namespaceOf(request.queryParam("namespace"));
        return running().map(running -> {
            ArrayNode array = Json.array();
            functions.values().stream().filter(function -> function.namespace().equals(namespace))
                    .sorted(Comparator.comparing(Deployed::name))
                    .forEach(function -> array.add(function.status(available(function, running))));
            return EmulatorResponse.json(200, array);
        });
    }

    private Mono<EmulatorResponse> get(EmulatorRequest request) {
        String name = request.param("name");
        Deployed function = functions.get(key(namespaceOf(request.queryParam("namespace")), name));
        if (function == null) {
            return Mono.just(goError(404, "function " + name + " not found"));
        }
        return running().map(running -> EmulatorResponse.json(200, function.status(available(function, running))));
    }

    /** The keys of functions whose container runs (container mode); null in process mode, where all are available. */
    private Mono<Optional<Set<String>>> running() {
        return containers == null ? Mono.just(Optional.empty()) : containers.runningKeys().map(Optional::of);
    }

    /** The available replicas: all in process mode; in container mode all while its container runs, else none. */
    private static int available(Deployed function, Optional<Set<String>> running) {
        return running.map(keys -> keys.contains(key(function.namespace(), function.name()))
                ? function.replicas() : 0).orElse(function.replicas());
    }

    private Mono<EmulatorResponse> create(EmulatorRequest request) {
        ObjectNode deployment = Json.parseObject(request.body());
        Optional<EmulatorResponse> invalid = validate(deployment);
        if (invalid.isPresent()) {
            return Mono.just(invalid.get());
        }
        String name = deployment.get("service").stringValue();
        String namespace = defaultNamespace;
        if (containers != null) {
            return createContainer(name, namespace, deployment);
        }
        Deployed fresh = new Deployed(name, namespace, deployment, Instant.now(), 1, new AtomicLong(), null);
        if (functions.putIfAbsent(key(namespace, name), fresh) != null) {
            return Mono.just(goError(400, "function " + name + " already exists in namespace " + namespace));
        }
        log.info("Deployed OpenFaaS function {}.{}", name, namespace);
        return Mono.just(EmulatorResponse.empty(provider.acceptedStatus()));
    }

    /**
     * A deploy in container mode: placed on its network, registered, then its container made and started; answered
     * once the container's watchdog answers. A refusal or a container that does not start leaves no function behind.
     */
    private Mono<EmulatorResponse> createContainer(String name, String namespace, ObjectNode deployment) {
        String key = key(namespace, name);
        if (functions.containsKey(key)) {
            return Mono.just(goError(400, "function " + name + " already exists in namespace " + namespace));
        }
        return containers.place(Json.string(deployment, "network", null), Json.string(deployment, "image", ""))
                .flatMap(network -> {
                    Deployed fresh = new Deployed(name, namespace, deployment, Instant.now(), 1, new AtomicLong(),
                            network);
                    if (functions.putIfAbsent(key, fresh) != null) {
                        return Mono.just(goError(400, "function " + name + " already exists in namespace "
                                + namespace));
                    }
                    return containers.ensure(spec(fresh))
                            .map(container -> {
                                log.info("Deployed OpenFaaS function {}.{} as container {} on {}", name, namespace,
                                        container.name(), network);
                                return EmulatorResponse.empty(provider.acceptedStatus());
                            })
                            .onErrorResume(FunctionUnavailable.class, failure -> {
                                functions.remove(key, fresh);
                                return Mono.just(OpenFaasContainers.deploymentError(provider, failure.getMessage()));
                            });
                })
                .onErrorResume(OpenFaasContainers.DeployRefused.class,
                        refused -> Mono.just(OpenFaasContainers.deploymentError(provider, refused.getMessage())));
    }

    private Mono<EmulatorResponse> update(EmulatorRequest request) {
        ObjectNode deployment = Json.parseObject(request.body());
        Optional<EmulatorResponse> invalid = validate(deployment);
        if (invalid.isPresent()) {
            return Mono.just(invalid.get());
        }
        String name = deployment.get("service").stringValue();
        String namespace = defaultNamespace;
        if (containers != null) {
            return updateContainer(name, namespace, deployment);
        }
        Deployed replaced = functions.computeIfPresent(key(namespace, name), (key, current) ->
                new Deployed(name, namespace, deployment, current.createdAt(), current.replicas(),
                        current.invocations(), null));
        if (replaced == null) {
            return Mono.just(goError(404, "function " + name + " not found"));
        }
        return Mono.just(EmulatorResponse.empty(provider.acceptedStatus()));
    }

    /**
     * An update in container mode: placed again as a deploy is (faas-swarm re-reads the labelled network when the
     * update names none), then the function's container replaced by one from the new deployment.
     */
    private Mono<EmulatorResponse> updateContainer(String name, String namespace, ObjectNode deployment) {
        String key = key(namespace, name);
        if (!functions.containsKey(key)) {
            return Mono.just(goError(404, "function " + name + " not found"));
        }
        return containers.place(Json.string(deployment, "network", null), Json.string(deployment, "image", ""))
                .flatMap(network -> {
                    Deployed replaced = functions.computeIfPresent(key, (k, current) -> new Deployed(name, namespace,
                            deployment, current.createdAt(), current.replicas(), current.invocations(), network));
                    if (replaced == null) {
                        return Mono.just(goError(404, "function " + name + " not found"));
                    }
                    return containers.ensure(spec(replaced))
                            .map(container -> EmulatorResponse.empty(provider.acceptedStatus()))
                            .onErrorResume(FunctionUnavailable.class, failure -> Mono.just(
                                    OpenFaasContainers.deploymentError(provider, failure.getMessage())));
                })
                .onErrorResume(OpenFaasContainers.DeployRefused.class,
                        refused -> Mono.just(OpenFaasContainers.deploymentError(provider, refused.getMessage())));
    }

    private Mono<EmulatorResponse> delete(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = Json.string(body, "functionName", "");
        if (name.isBlank()) {
            return Mono.just(goError(400, "functionName is required in the request body"));
        }
        String namespace = namespaceOf(Json.string(body, "namespace", null));
        if (functions.remove(key(namespace, name)) == null) {
            return Mono.just(goError(404, "function " + name + " not found"));
        }
        log.info("Removed OpenFaaS function {}.{}", name, namespace);
        if (containers != null) {
            return containers.remove(key(namespace, name)).thenReturn(EmulatorResponse.empty(provider.acceptedStatus()));
        }
        return Mono.just(EmulatorResponse.empty(provider.acceptedStatus()));
    }

    private Mono<EmulatorResponse> scale(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = request.param("name");
        String namespace = namespaceOf(Json.string(body, "namespace", request.queryParam("namespace")));
        JsonNode replicas = body.get("replicas");
        if (replicas == null || !replicas.isIntegralNumber() || replicas.asLong() < 1) {
            return Mono.just(goError(400, "replicas must be a whole number of at least 1"));
        }
        int clamped = (int) Math.min(replicas.asLong(), MAX_REPLICAS);
        Deployed scaled = functions.computeIfPresent(key(namespace, name), (key, current) ->
                new Deployed(current.name(), current.namespace(), current.deployment(), current.createdAt(), clamped,
                        current.invocations(), current.network()));
        if (scaled == null) {
            return Mono.just(goError(404, "function " + name + " not found"));
        }
        return Mono.just(EmulatorResponse.empty(provider.acceptedStatus()));
    }

    /**
     * Checks a deployment as the provider does before it touches a function: a service and an image, a namespace the
     * provider manages (CE: only the function namespace), and secrets that exist.
     */
    private Optional<EmulatorResponse> validate(ObjectNode deployment) {
        return validateFields(deployment).or(() -> {
            String namespace = Json.string(deployment, "namespace", "");
            if (!namespace.isEmpty() && !namespace.equals(defaultNamespace)) {
                return Optional.of(goError(400, provider.namespaceRefused(defaultNamespace)));
            }
            JsonNode wanted = deployment.get("secrets");
            if (wanted != null && wanted.isArray()) {
                for (JsonNode secret : wanted) {
                    if (!secrets.contains(secret.asString())) {
                        return Optional.of(goError(400, provider.secretMissing(secret.asString())));
                    }
                }
            }
            return Optional.empty();
        });
    }

    private static Optional<EmulatorResponse> validateFields(ObjectNode deployment) {
        String service = Json.string(deployment, "service", "");
        if (service.isBlank()) {
            return Optional.of(goError(400, "service is required"));
        }
        if (!NAME.matcher(service).matches()) {
            return Optional.of(goError(400, "invalid function name: " + service + " (expected: [-a-zA-Z_0-9.]+)"));
        }
        if (Json.string(deployment, "image", "").isBlank()) {
            return Optional.of(goError(400, "image is required"));
        }
        return Optional.empty();
    }

    /**
     * The secrets' names; the body is sent as {@code text/plain}, as the recorded gateway sent its {@code []}
     * (recorded {@code openfaas-gateway-with-faas-cli.txt}, {@code faas-cli secret list}).
     */
    private Mono<EmulatorResponse> listSecrets(EmulatorRequest request) {
        ArrayNode array = Json.array();
        new TreeSet<>(secrets).forEach(name -> array.addObject().put("name", name));
        return Mono.just(EmulatorResponse.json(200, EmulatorResponse.TEXT_PLAIN, array));
    }

    /** Creates a secret: 201 with no body, as recorded for {@code faas-cli secret create}. */
    private Mono<EmulatorResponse> createSecret(EmulatorRequest request) {
        String name = Json.string(Json.parseObject(request.body()), "name", "");
        if (name.isBlank()) {
            return Mono.just(goError(400, "name is required in the request body"));
        }
        if (!secrets.add(name)) {
            return Mono.just(goError(409, "secret " + name + " already exists"));
        }
        return Mono.just(EmulatorResponse.empty(201));
    }

    /** Removes a secret: 200 with no body, as recorded for {@code faas-cli secret remove}. */
    private Mono<EmulatorResponse> deleteSecret(EmulatorRequest request) {
        String name = Json.string(Json.parseObject(request.body()), "name", "");
        if (!secrets.remove(name)) {
            return Mono.just(goError(404, "secret " + name + " not found"));
        }
        return Mono.just(EmulatorResponse.empty(200));
    }

    // ---- invocation ----

    private Mono<EmulatorResponse> invoke(EmulatorRequest request) {
        Target target = Target.of(request.param("target"));
        Deployed function = resolve(target);
        if (function == null) {
            return Mono.just(notFound(target));
        }
        String callId = Optional.ofNullable(request.header("X-Call-Id")).orElseGet(Ids::uuid);
        long startNanos = Instant.now().toEpochMilli() * 1_000_000L;
        return execute(function, request, request.method())
                .map(response -> response.withHeader("X-Call-Id", callId)
                        .withHeader("X-Served-By", SERVED_BY)
                        .withHeader("X-Start-Time", Long.toString(startNanos)));
    }

    private Mono<EmulatorResponse> invokeAsync(EmulatorRequest request) {
        String callbackUrl = request.header("X-Callback-Url");
        if (callbackUrl != null && !callbackUrl.isBlank() && !absoluteHttpUrl(callbackUrl)) {
            return Mono.just(goError(400, "X-Callback-Url is not an absolute URL: " + callbackUrl));
        }
        String callId = Optional.ofNullable(request.header("X-Call-Id")).orElseGet(Ids::uuid);
        Target target = Target.of(request.param("target"));
        Mono<EmulatorResponse> call = Mono.defer(() -> {
            Deployed function = resolve(target);
            return function == null ? Mono.just(notFound(target)) : execute(function, request, "POST");
        });
        Mono<Void> work = call
                .flatMap(result -> callbackUrl == null || callbackUrl.isBlank() ? Mono.<Void>empty()
                        : postCallback(callbackUrl, callId, target.name(), result))
                .onErrorResume(failure -> {
                    log.warn("Async call {} to {} failed", callId, target, failure);
                    return Mono.empty();
                });
        background.start(work);
        return Mono.just(EmulatorResponse.empty(202).withHeader("X-Call-Id", callId));
    }

    private Mono<Void> postCallback(String url, String callId, String function, EmulatorResponse result) {
        return callbacks
                .headers(headers -> {
                    result.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
                    headers.set("X-Call-Id", callId);
                    headers.set("X-Function-Status", Integer.toString(result.status()));
                    headers.set("X-Function-Name", function);
                    if (result.header("X-Duration-Seconds") == null) {
                        headers.set("X-Duration-Seconds", "0.000000");
                    }
                })
                .post()
                .uri(url)
                .send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(result.body())))
                .responseSingle((response, body) -> body.then(Mono.<Void>empty()))
                .doOnError(failure -> log.warn("Callback {} for call {} failed: {}", url, callId,
                        failure.toString()));
    }

    private Mono<EmulatorResponse> execute(Deployed function, EmulatorRequest request, String method) {
        function.invocations().incrementAndGet();
        if (containers != null) {
            return proxy(function, request, method);
        }
        Map<String, String> functionEnv = function.env();
        Optional<List<String>> command = options.catalog().resolve(function.image(), functionEnv);
        if (command.isEmpty()) {
            return Mono.just(goError(502, "image " + function.image() + " is not in the sandbox catalog and the "
                    + "function sets no fprocess"));
        }
        Map<String, String> env = new HashMap<>(functionEnv);
        env.putAll(WatchdogEnvironment.of(method, emptyToSlash(request.param("rest")), request.rawQuery(),
                request.headers()));
        if (options.gatewayUrl() != null) {
            env.put("FAASFED_GATEWAY_URL", options.gatewayUrl());
        }
        Optional<Duration> execTimeout = GoDuration.parse(functionEnv.get("exec_timeout"));
        Duration upstream = options.functionTimeoutOverride().orElse(DEFAULT_UPSTREAM_TIMEOUT);
        Duration timeout = execTimeout.filter(exec -> exec.compareTo(upstream) < 0).orElse(upstream);
        boolean merge = !"false".equalsIgnoreCase(functionEnv.get("combine_output"));
        String contentType = Optional.ofNullable(functionEnv.get("content_type"))
                .or(() -> Optional.ofNullable(request.header("Content-Type")))
                .orElse(EmulatorResponse.TEXT_PLAIN);
        return runner.run(new ProcessCall(command.get(), env, request.body(), timeout, merge))
                .map(outcome -> answer(outcome, contentType, execTimeout.isPresent() && timeout.equals(execTimeout.get()),
                        timeout, function));
    }

    private EmulatorResponse answer(ProcessOutcome outcome, String contentType, boolean watchdogTimeout,
            Duration timeout, Deployed function) {
        return switch (outcome.status()) {
            case EXITED -> {
                if (outcome.exitCode() == 0) {
                    yield EmulatorResponse.bytes(200, contentType, outcome.stdout())
                            .withHeader("X-Duration-Seconds", outcome.durationSeconds());
                }
                String output = outcome.stdoutText() + outcome.stderrText();
                yield EmulatorResponse.text(500, (output.isEmpty() || output.endsWith("\n") ? output : output + "\n")
                        + "exit status " + outcome.exitCode() + "\n")
                        .withHeader("X-Duration-Seconds", outcome.durationSeconds());
            }
            case TIMED_OUT -> watchdogTimeout
                    ? EmulatorResponse.text(408, "Killed process after exec_timeout of " + GoDuration.format(timeout)
                            + "\n").withHeader("X-Duration-Seconds", outcome.durationSeconds())
                    : goError(502, "upstream timeout: function " + function.name() + " did not answer within "
                            + GoDuration.format(timeout));
            case OUTPUT_TOO_LARGE -> goError(502, "function " + function.name() + ": " + outcome.message());
            case NOT_STARTED -> goError(502, "function " + function.name() + " could not start: "
                    + outcome.message());
        };
    }

    /**
     * Container mode: the gateway's forwarding proxy ({@code forwardRequest}): the request goes to the function's
     * container with its method, the path after {@code /function/<name>}, the query, the headers less the hop-by-hop
     * ones plus {@code X-Forwarded-Host}, {@code X-Call-Id} and {@code X-Start-Time}; the container's status, headers
     * and body come back as they are. The upstream timeout is the one process mode applies (the function's
     * {@code exec_timeout} is the watchdog's own business inside the container, which answers 408 itself).
     */
    private Mono<EmulatorResponse> proxy(Deployed function, EmulatorRequest request, String method) {
        Duration upstream = options.functionTimeoutOverride().orElse(DEFAULT_UPSTREAM_TIMEOUT);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.headers().forEach(header -> {
            if (!"X-Call-Id".equalsIgnoreCase(header.getKey())) {
                headers.add(header);
            }
        });
        String host = request.header("Host");
        if (host != null && !host.isEmpty() && request.header("X-Forwarded-Host") == null) {
            headers.add(Map.entry("X-Forwarded-Host", host));
        }
        headers.add(Map.entry("X-Call-Id", Optional.ofNullable(request.header("X-Call-Id")).orElseGet(Ids::uuid)));
        headers.add(Map.entry("X-Start-Time", Long.toString(Instant.now().toEpochMilli() * 1_000_000L)));
        String path = restOf(request.path()) + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        long started = System.nanoTime();
        return containers.call(spec(function), method, path, headers, request.body(), upstream)
                .map(answer -> relay(answer, started))
                .onErrorResume(FunctionTimedOut.class, timedOut -> Mono.just(goError(502, "upstream timeout: function "
                        + function.name() + " did not answer within " + GoDuration.format(upstream))))
                .onErrorResume(FunctionUnavailable.class, unreachable -> {
                    // the gateway writes a bare 502 when its upstream request fails (forwarding_proxy.go)
                    log.warn("Function {}.{} could not be reached: {}", function.name(), function.namespace(),
                            unreachable.getMessage());
                    return Mono.just(EmulatorResponse.empty(502));
                });
    }

    /** The container's answer as the gateway relays it, with the watchdog's {@code X-Duration-Seconds} if missing. */
    private static EmulatorResponse relay(FunctionResponse answer, long startedNanos) {
        EmulatorResponse response = new EmulatorResponse(answer.status(), answer.headers(), answer.body());
        if (response.header("X-Duration-Seconds") == null) {
            double seconds = (System.nanoTime() - startedNanos) / 1e9;
            response = response.withHeader("X-Duration-Seconds", String.format(Locale.ROOT, "%.6f", seconds));
        }
        return response;
    }

    /** The container spec of a deployed function (container mode). */
    private FunctionContainerSpec spec(Deployed function) {
        Map<String, String> env = new HashMap<>(function.env());
        if (options.gatewayUrl() != null) {
            env.put("FAASFED_GATEWAY_URL", options.gatewayUrl());
        }
        return containers.spec(key(function.namespace(), function.name()), function.name(), function.namespace(),
                function.image(), env, function.labels(), function.network());
    }

    /**
     * The raw path after {@code /function/<name>} or {@code /async-function/<name>}, as the gateway's
     * {@code functionMatcher} takes it; empty when there is none (the upstream request then asks for {@code /}).
     */
    private static String restOf(String path) {
        int name = path.indexOf('/', 1);
        int rest = name < 0 ? -1 : path.indexOf('/', name + 1);
        return rest < 0 ? "/" : path.substring(rest);
    }

    // ---- helpers ----

    /** The function an invocation path names: its namespace suffix, or the function namespace when it has none. */
    private Deployed resolve(Target target) {
        return functions.get(key(target.namespace().isEmpty() ? defaultNamespace : target.namespace(), target.name()));
    }

    /**
     * The gateway's own 404 when its lookup of the function fails, wrapping the provider's answer, as recorded in
     * {@code platform-errors.txt} ({@code POST /function/ghost} and {@code POST /function/ghost.openfaas-fn}): written
     * without {@code http.Error}, so no {@code X-Content-Type-Options} and no trailing newline, and without the
     * {@code X-Call-Id}, {@code X-Start-Time} and {@code X-Served-By} of answers that reached a function.
     */
    private static EmulatorResponse notFound(Target target) {
        return EmulatorResponse.text(404, "error finding function " + target.name() + "." + target.namespace()
                + ": server returned non-200 status code (404) for function, " + target.name()
                + ", body: function " + target.name() + " not found");
    }

    private String namespaceOf(String requested) {
        return requested == null || requested.isBlank() ? defaultNamespace : requested;
    }

    private static String key(String namespace, String name) {
        return namespace + '/' + name;
    }

    private static String emptyToSlash(String path) {
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static boolean absoluteHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A plain-text error as Go's {@code http.Error} writes it. */
    static EmulatorResponse goError(int status, String message) {
        return EmulatorResponse.text(status, message + "\n").withHeader("X-Content-Type-Options", "nosniff");
    }

    private static EmulatorResponse failure(Throwable failure) {
        if (failure instanceof Json.BadJson bad) {
            return goError(400, "invalid JSON in the request body: " + bad.getMessage());
        }
        if (failure instanceof EmulatorServer.RequestTooLarge tooLarge) {
            return goError(413, tooLarge.getMessage());
        }
        return goError(500, "emulator error: " + failure);
    }

    /**
     * The {@code {name}} of {@code /function/{name}}, split as the gateway splits it: at the last dot, always, into a
     * function name and a namespace ({@code CONTRACTS.md} section 1, "Names and namespaces"); no dot leaves the
     * namespace empty.
     */
    private record Target(String name, String namespace) {

        static Target of(String path) {
            int dot = path.lastIndexOf('.');
            return dot < 0 ? new Target(path, "") : new Target(path.substring(0, dot), path.substring(dot + 1));
        }
    }

    /** One deployed function: the last deployment request, as sent, plus what the provider tracks. */
    private record Deployed(String name, String namespace, ObjectNode deployment, Instant createdAt, int replicas,
            AtomicLong invocations, String network) {

        String image() {
            return Json.string(deployment, "image", "");
        }

        Map<String, String> env() {
            Map<String, String> env = new HashMap<>();
            JsonNode vars = deployment.get("envVars");
            if (vars != null && vars.isObject()) {
                vars.properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asString()));
            }
            String envProcess = Json.string(deployment, "envProcess", "");
            if (!envProcess.isBlank()) {
                env.put("fprocess", envProcess);
            }
            return env;
        }

        Map<String, String> labels() {
            Map<String, String> labels = new HashMap<>();
            JsonNode given = deployment.get("labels");
            if (given != null && given.isObject()) {
                given.properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().asString()));
            }
            return labels;
        }

        ObjectNode status(int availableReplicas) {
            ObjectNode status = Json.object();
            status.put("name", name);
            COPIED_FIELDS.forEach(field -> {
                JsonNode value = deployment.get(field);
                if (value != null && !value.isNull()) {
                    status.set(field, value.deepCopy());
                }
            });
            status.put("namespace", namespace);
            if (!status.has("labels")) {
                status.putObject("labels");
            }
            if (!status.has("annotations")) {
                status.putObject("annotations");
            }
            status.put("replicas", replicas);
            status.put("availableReplicas", availableReplicas);
            status.put("invocationCount", invocations.get());
            status.put("createdAt", createdAt.truncatedTo(ChronoUnit.MILLIS).toString());
            return status;
        }
    }
}
