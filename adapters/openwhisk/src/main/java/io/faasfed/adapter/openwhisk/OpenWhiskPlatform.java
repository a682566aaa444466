package io.faasfed.adapter.openwhisk;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.http.AbstractHttpFaasPlatform;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.StreamedResponse;
import io.faasfed.adapter.openwhisk.internal.ActionArguments;
import io.faasfed.adapter.openwhisk.internal.ActionCache;
import io.faasfed.adapter.openwhisk.internal.ActionMapper;
import io.faasfed.adapter.openwhisk.internal.ActionName;
import io.faasfed.adapter.openwhisk.internal.ActionView;
import io.faasfed.adapter.openwhisk.internal.DeployRules;
import io.faasfed.adapter.openwhisk.internal.NamespaceKey;
import io.faasfed.adapter.openwhisk.internal.OpenWhiskClient;
import io.faasfed.adapter.openwhisk.internal.OpenWhiskErrors;
import io.faasfed.adapter.openwhisk.internal.RuntimeManifest;
import io.faasfed.adapter.openwhisk.internal.client.model.Action;
import io.faasfed.adapter.openwhisk.internal.client.model.ActionPut;
import io.faasfed.adapter.openwhisk.internal.client.model.Activation;
import io.faasfed.adapter.openwhisk.internal.client.model.ActivationResult;
import io.faasfed.adapter.openwhisk.internal.client.model.ApiInfo;
import io.faasfed.adapter.openwhisk.internal.client.model.PackagePut;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * An Apache OpenWhisk controller as a {@link io.faasfed.adapter.api.FaasPlatform}: functions are actions in the
 * platform's namespace (optionally in packages, named {@code pkg/action}) or in a configured tenant namespace (scope
 * equal to its name), managed through the generated client, invoked through a streamed exchange.
 *
 * <p>Credentials: every request about a tenant namespace carries that namespace's own key, every other request the
 * platform's key. The platform's key is never lent to a caller: a web action with {@code require-whisk-auth: true}
 * in the platform's own namespace is refused (403) instead of being called with it, and a deploy into that namespace
 * that would hand the key to the action ({@code provide-api-key}) or to its callers ({@code require-whisk-auth: true})
 * is refused (400); in a tenant namespace both are allowed, since the key is the tenant's own.
 *
 * <ul>
 *   <li>Web actions ({@code web-export}) are called at {@code /api/v1/web/{ns}/{pkg|default}/{name}.http} with the
 *       call's method, headers, path, query and body; the controller turns the action's
 *       {@code statusCode}/{@code headers}/{@code body} into the response. They are plain HTTP forwards, so
 *       {@link #forwardTarget(String)} describes them.</li>
 *   <li>Other actions are called with {@code POST …/actions/{name}?blocking=true&result=true}; the body becomes
 *       the action's arguments as {@link ActionArguments} describes. A 202 (the controller stopped waiting) is
 *       finished by polling the activation with back-off up to the action's timeout plus a margin.</li>
 *   <li>The activation id is the call id, and comes back as {@code X-Call-Id}.</li>
 * </ul>
 */
public final class OpenWhiskPlatform extends AbstractHttpFaasPlatform {

    /** The response header carrying the activation id. */
    public static final String ACTIVATION_HEADER = "x-openwhisk-activation-id";

    private static final String CALL_ID_HEADER = "X-Call-Id";
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ASYNC_INVOKE, Capability.ASYNC_RESULT_LOOKUP, Capability.CODE_DEPLOY, Capability.NAMESPACES,
            Capability.HTTP_FORWARD));
    private static final Duration MANIFEST_TTL = Duration.ofMinutes(5);

    private final String namespace;
    private final DeployRules rules;
    private final int pageSize;
    private final Duration pollInitialDelay;
    private final Duration pollMaxDelay;
    private final Duration pollMargin;
    private final long maxPayloadBytes;
    private final OpenWhiskClient client;
    private final ActionMapper mapper;
    private final OpenWhiskErrors errors;
    private final ActionCache cache;
    private final Mono<RuntimeManifest> manifest;
    private final Map<String, Tenant> tenants;
    private volatile String learnedNamespace;

    OpenWhiskPlatform(PlatformId id, HttpPlatformSettings settings, String namespace, DeployRules rules,
                      List<NamespaceKey> tenantKeys, OpenWhiskPlatformProperties properties) {
        super(id, settings);
        this.namespace = namespace;
        this.rules = rules;
        this.pageSize = properties.getPageSize();
        this.pollInitialDelay = properties.getPollInitialDelay();
        this.pollMaxDelay = properties.getPollMaxDelay();
        this.pollMargin = properties.getPollMargin();
        this.maxPayloadBytes = properties.getMaxPayloadBytes();
        this.client = new OpenWhiskClient(webClient(), settings.baseUrl().toString(), settings.username(),
                settings.password());
        this.mapper = new ActionMapper(id, rules, client.json());
        this.errors = new OpenWhiskErrors(client.json());
        this.cache = new ActionCache(properties.getActionCacheTtl());
        this.manifest = Mono.defer(() -> client.system().getInfo()).map(RuntimeManifest::from)
                .cache(value -> MANIFEST_TTL, error -> Duration.ZERO, () -> Duration.ZERO);
        Map<String, Tenant> byName = new LinkedHashMap<>();
        for (NamespaceKey key : tenantKeys) {
            byName.put(key.namespace(), new Tenant(key, new OpenWhiskClient(webClient(),
                    settings.baseUrl().toString(), key.uuid(), key.secret())));
        }
        this.tenants = Collections.unmodifiableMap(byName);
    }

    /** A tenant namespace: its key and a client that authenticates with it. */
    private record Tenant(NamespaceKey key, OpenWhiskClient client) {
    }

    /**
     * Where an action lives and how it is reached: the namespace as written in paths, the tenant whose key reaches
     * it (null for the platform's own namespace), the action's name there, and the client carrying the right key.
     */
    private record Target(String namespace, Tenant tenant, ActionName name, OpenWhiskClient client) {

        /** The action cache's key: the namespace and the name. */
        String cacheKey() {
            return namespace + '/' + name.qualified();
        }
    }

    @Override
    public PlatformType type() {
        return PlatformType.OPENWHISK;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * The namespace, e.g. {@code guest}: the configured one, or, when that is {@code _} (the key's own), the one the
     * controller reported with the last action read; null until then.
     */
    @Override
    public String defaultScope() {
        return "_".equals(namespace) ? learnedNamespace : namespace;
    }

    // ---- management ------------------------------------------------------------------------------------------

    /**
     * The actions of the platform's namespace (packaged ones with their package as scope), then those directly in
     * each tenant namespace (scope: the namespace's name; actions in packages there are not listed).
     */
    @Override
    public Flux<FunctionInfo> list() {
        Flux<FunctionInfo> own = actions(client, namespace).map(this::toInfo);
        Flux<FunctionInfo> tenantActions = Flux.fromIterable(tenants.values())
                .concatMap(tenant -> actions(tenant.client(), tenant.key().namespace())
                        .filter(action -> action.getNamespace() == null || action.getNamespace().indexOf('/') < 0)
                        .map(action -> tenantInfo(action, tenant.key().namespace())));
        return Flux.concat(own, tenantActions).onErrorMap(error -> translate(error, "list", null, null));
    }

    private Flux<Action> actions(OpenWhiskClient with, String ns) {
        return Flux.defer(() -> page(with, ns, 0))
                .expand(page -> page.actions().size() >= pageSize ? page(with, ns, page.skip() + pageSize)
                        : Mono.empty())
                .concatMapIterable(Page::actions);
    }

    private Mono<Page> page(OpenWhiskClient with, String ns, int skip) {
        return with.actions().listActions(ns, pageSize, skip).collectList()
                .map(actions -> new Page(skip, actions));
    }

    /** One page of the action list and where it started. */
    private record Page(int skip, List<Action> actions) {
    }

    @Override
    public Mono<FunctionInfo> get(FunctionRef ref) {
        return Mono.defer(() -> {
            Target target = parse(ref.name(), ref.scope());
            return fetch(target).map(action -> info(target, action));
        }).onErrorMap(error -> translate(error, "get", ref.qualified(), null));
    }

    /** What the controller reports about an action of {@code target}'s namespace. */
    private FunctionInfo info(Target target, Action action) {
        return target.tenant() == null ? toInfo(action) : tenantInfo(action, target.namespace());
    }

    /** What the controller reports about an action of the tenant namespace {@code ns}: its scope is {@code ns}. */
    private FunctionInfo tenantInfo(Action action, String ns) {
        return mapper.toInfo(action).toBuilder().scope(ns).build();
    }

    /** What the controller reports, remembering the namespace it names (the default scope's own name). */
    private FunctionInfo toInfo(Action action) {
        String reported = action.getNamespace();
        if (reported != null && !reported.isBlank()) {
            int slash = reported.indexOf('/');
            learnedNamespace = slash < 0 ? reported : reported.substring(0, slash);
        }
        return mapper.toInfo(action);
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        return Mono.defer(() -> {
            Target target = parse(spec.name(), spec.scope());
            if (target.tenant() == null) {
                refuseKeyLending(spec);
            }
            ActionPut put = mapper.toPut(spec);
            String kind = ActionMapper.kindToCheck(spec);
            Mono<Void> kindCheck = kind == null ? Mono.empty() : manifest.flatMap(runtimes -> {
                String problem = runtimes.problemWith(kind);
                return problem == null ? Mono.<Void>empty()
                        : Mono.error(new FaasException.InvalidSpec(id(), "code.runtime", problem));
            });
            ActionName name = target.name();
            Mono<Void> packageReady = name.pkg() == null ? Mono.empty() : ensurePackage(name.pkg());
            Mono<Optional<Action>> existing = fetch(target).map(Optional::of)
                    .onErrorResume(error -> isStatus(error, 404), error -> Mono.just(Optional.empty()));
            return kindCheck.then(packageReady).then(existing).flatMap(stored -> {
                put.setDelAnnotations(ActionMapper.staleAnnotations(stored.orElse(null), put));
                return name.pkg() == null
                        ? target.client().actions().putAction(target.namespace(), name.name(), put, true)
                        : target.client().actions().putPackagedAction(target.namespace(), name.pkg(), name.name(),
                        put, true);
            }).map(action -> info(target, action)).doFinally(signal -> cache.invalidate(target.cacheKey()));
        }).onErrorMap(error -> translate(error, "deploy", spec.name(), null));
    }

    /**
     * Refuses a deploy into the platform's own namespace that would lend the platform's key: to the action
     * ({@code provide-api-key} truthy, as the invoker reads it) or to anyone calling the web action through the
     * gateway ({@code require-whisk-auth: true}).
     */
    private void refuseKeyLending(FunctionSpec spec) {
        String lending = ActionMapper.keyLendingAnnotation(spec);
        if (lending != null) {
            String example = tenants.isEmpty() ? "<ns>" : tenants.keySet().iterator().next();
            throw new FaasException.InvalidSpec(id(), lending, "would lend the gateway's OpenWhisk key ("
                    + (lending.endsWith(ActionMapper.PROVIDE_API_KEY) ? "the action would read it as __OW_API_KEY"
                    : "every caller of the web action would be authenticated with it") + "); deploy into a tenant "
                    + "namespace configured with its own key (faasfed.platforms." + id() + ".namespaces." + example
                    + ".auth) by setting scope to that namespace"
                    + (lending.endsWith(ActionMapper.REQUIRE_WHISK_AUTH) ? ", or set require-whisk-auth to a secret "
                    + "string, which callers' requests then carry as X-Require-Whisk-Auth" : ", or remove the "
                    + "annotation"));
        }
    }

    /** Makes sure the package exists in the platform's own namespace (tenant namespaces have no packages here). */
    private Mono<Void> ensurePackage(String pkg) {
        return client.actions().getPackage(namespace, pkg).then()
                .onErrorResume(error -> isStatus(error, 404), missing ->
                        client.actions().putPackage(namespace, pkg, new PackagePut(), false).then()
                                .onErrorResume(error -> isStatus(error, 409), raced -> Mono.empty()));
    }

    @Override
    public Mono<Void> delete(FunctionRef ref) {
        String name = ref.qualified();
        return Mono.defer(() -> {
            Target target = parse(ref.name(), ref.scope());
            ActionName action = target.name();
            Mono<Action> deleted = action.pkg() == null
                    ? target.client().actions().deleteAction(target.namespace(), action.name())
                    : target.client().actions().deletePackagedAction(target.namespace(), action.pkg(), action.name());
            return deleted.doFinally(signal -> cache.invalidate(target.cacheKey()));
        }).then().onErrorMap(error -> translate(error, "delete", name, null));
    }

    @Override
    public Mono<Void> scale(FunctionRef ref, int replicas) {
        return Mono.error(new FaasException.UnsupportedCapability(id(), Capability.SCALE, "OpenWhisk creates "
                + "containers on demand; bound them with the namespace's concurrency limit instead"));
    }

    // ---- invocation ------------------------------------------------------------------------------------------

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        return Mono.defer(() -> {
            Target target = parse(request.function(), request.scope());
            return view(target).flatMap(view -> view.web() ? invokeWeb(target, view, request)
                    : invokeAction(target, view, request));
        }).onErrorMap(error -> translate(error, "invoke", request.function(), request.timeout()));
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        return Mono.defer(() -> {
            Target target = parse(request.function(), request.scope());
            return exchange(HttpMethod.POST, actionPath(target) + "?blocking=false",
                    apiHeaders(target, request.callId()),
                    arguments(request), null, request.function())
                    .flatMap(response -> {
                        if (!response.isSuccess()) {
                            return platformError(response, "invokeAsync", target.cacheKey(), request.function());
                        }
                        return response.text(ERROR_BODY_LIMIT).flatMap(text -> {
                            String activation = Optional.ofNullable(errors.activationId(text))
                                    .orElse(response.headers().first(ACTIVATION_HEADER).orElse(null));
                            return activation == null
                                    ? Mono.error(new FaasException.PlatformUnavailable(id(), "invokeAsync of '"
                                    + request.function() + "' was accepted without an activation id: " + text, null))
                                    : Mono.just(new AsyncAccepted(activation, id(), Instant.now()));
                        });
                    });
        }).onErrorMap(error -> translate(error, "invokeAsync", request.function(), null));
    }

    /**
     * The activation {@code callId}, looked up in the platform's namespace and then in each tenant namespace (an
     * activation id does not say where it ran); empty while it runs everywhere it is not found.
     */
    @Override
    public Mono<Invocation.Result> asyncResult(String callId) {
        Flux<OpenWhiskClient> clients = Flux.concat(Flux.just(client),
                Flux.fromIterable(tenants.values()).map(Tenant::client));
        Flux<String> namespaces = Flux.concat(Flux.just(namespace), Flux.fromIterable(tenants.keySet()));
        return Flux.zip(clients, namespaces)
                .concatMap(where -> where.getT1().activations().getActivation(where.getT2(), callId)
                        .onErrorResume(error -> isStatus(error, 404), running -> Mono.empty()))
                .next()
                .flatMap(activation -> activationResult(activation, callId,
                        activation.getName() == null ? callId : activation.getName()))
                .onErrorMap(error -> translate(error, "asyncResult", null, null));
    }

    @Override
    public Mono<ForwardTarget> forwardTarget(FunctionRef ref) {
        return Mono.defer(() -> {
            Target target = parse(ref.name(), ref.scope());
            return view(target).filter(ActionView::web)
                    .map(view -> new ForwardTarget(URI.create(webUrl(view)), webHeaders(target, view, ref.qualified()),
                            ACTIVATION_HEADER, new ControllerErrors(target.cacheKey(), ref.qualified())));
        }).onErrorMap(error -> translate(error, "forwardTarget", ref.qualified(), null));
    }

    private Mono<Invocation.Result> invokeWeb(Target target, ActionView view, Invocation request) {
        URI uri;
        try {
            uri = URI.create(webUrl(view) + request.pathAndQuery());
        } catch (IllegalArgumentException e) {
            return Mono.error(new FaasException.InvalidSpec(id(), "path", "'" + request.pathAndQuery()
                    + "' is not a valid URL path and query (" + e.getMessage() + ")"));
        }
        Headers.Builder builder = request.headers().toBuilder();
        webHeaders(target, view, request.function()).values().forEach((name, values) -> builder.set(name, values.get(0)));
        if (!request.headers().contains(CALL_ID_HEADER)) {
            builder.set(CALL_ID_HEADER, request.callId());
        }
        Headers headers = builder.build();
        return exchange(HttpMethod.valueOf(request.method()), uri, headers, request.body(), request.timeout(),
                request.function()).flatMap(response -> {
                    Optional<String> activation = response.headers().first(ACTIVATION_HEADER);
                    int status = response.status();
                    if (isControllerAnswer(status, response.headers())) {
                        return platformError(response, "invoke", target.cacheKey(), request.function());
                    }
                    String callId = activation.orElse(request.callId());
                    if (status >= 500) {
                        return functionFailed(response, callId, request.function());
                    }
                    return Mono.just(result(status, response.headers(), response.body(), callId));
                });
    }

    /**
     * The call's argument document, cut off with a 413 {@link FaasException.RequestRejected} as soon as it passes
     * the payload limit: the controller refuses a larger one anyway, and when it does so in the middle of a chunked
     * upload the caller would only see a broken connection.
     */
    private Flux<ByteBuffer> arguments(Invocation request) {
        return Flux.defer(() -> {
            long[] sent = {0};
            return ActionArguments.of(request, client.json()).handle((chunk, sink) -> {
                sent[0] += chunk.remaining();
                if (sent[0] > maxPayloadBytes) {
                    sink.error(new FaasException.RequestRejected(id(), 413, "the arguments of '" + request.function()
                            + "' are larger than the " + maxPayloadBytes + " bytes the controller accepts ("
                            + "faasfed.platforms." + id() + ".max-payload-bytes)"));
                } else {
                    sink.next(chunk);
                }
            });
        });
    }

    private Mono<Invocation.Result> invokeAction(Target target, ActionView view, Invocation request) {
        return exchange(HttpMethod.POST, actionPath(target) + "?blocking=true&result=true",
                apiHeaders(target, request.callId()), arguments(request), request.timeout(),
                request.function()).flatMap(response -> {
                    int status = response.status();
                    String callId = response.headers().first(ACTIVATION_HEADER).orElse(request.callId());
                    if (status == 202) {
                        return response.text(ERROR_BODY_LIMIT).flatMap(text -> {
                            String activation = errors.activationId(text);
                            return activation == null
                                    ? Mono.error(new FaasException.PlatformUnavailable(id(), "invoke of '"
                                    + request.function() + "' answered 202 without an activation id: " + text, null))
                                    : poll(target, view, activation, request);
                        });
                    }
                    if (response.isSuccess()) {
                        return Mono.just(result(status, response.headers(), response.body(), callId));
                    }
                    if (status == 502) {
                        return functionFailed(response, callId, request.function());
                    }
                    return platformError(response, "invoke", target.cacheKey(), request.function());
                });
    }

    /**
     * Polls the activation {@code activationId} until it is stored: 404 means "still running". The wait doubles
     * from the initial delay up to the maximum, for at most the action's timeout plus the margin (and never longer
     * than the caller's own timeout).
     */
    private Mono<Invocation.Result> poll(Target target, ActionView view, String activationId, Invocation request) {
        Duration window = view.timeout().plus(pollMargin);
        if (request.timeout() != null && request.timeout().compareTo(window) < 0) {
            window = request.timeout();
        }
        Duration waited = window;
        return Mono.defer(() -> target.client().activations().getActivation(target.namespace(), activationId))
                .onErrorResume(error -> isStatus(error, 404), running -> Mono.empty())
                .repeatWhenEmpty(attempts -> attempts.concatMap(attempt -> Mono.delay(backoff(attempt))))
                .timeout(window, Mono.error(() -> new FaasException.Timeout(id(), "activation " + activationId
                        + " of '" + request.function() + "'", waited, null)))
                .flatMap(activation -> activationResult(activation, activationId, request.function()));
    }

    private Duration backoff(long attempt) {
        long factor = 1L << Math.min(attempt, 20);
        Duration delay = pollInitialDelay.multipliedBy(factor);
        return delay.compareTo(pollMaxDelay) > 0 ? pollMaxDelay : delay;
    }

    private Mono<Invocation.Result> activationResult(Activation activation, String activationId, String function) {
        ActivationResult response = activation.getResponse();
        Object value = response == null ? null : response.getResult();
        byte[] body = client.json().writeValueAsBytes(value == null ? Map.of() : value);
        Headers headers = Headers.of("Content-Type", "application/json", ACTIVATION_HEADER, activationId,
                CALL_ID_HEADER, activationId);
        String status = response == null || response.getStatus() == null ? "" : response.getStatus();
        boolean success = response != null && (Boolean.TRUE.equals(response.getSuccess()) || "success".equals(status));
        if (success) {
            return Mono.just(new Invocation.Result(200, headers, Flux.just(ByteBuffer.wrap(body)), activationId,
                    id()));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if ("whisk internal error".equals(status)) {
            return Mono.error(new FaasException.PlatformUnavailable(id(), "activation " + activationId + " of '"
                    + function + "' failed inside OpenWhisk: " + text, null));
        }
        return Mono.error(new FaasException.FunctionFailed(id(), function, 502, headers, text));
    }

    private Invocation.Result result(int status, Headers headers, Flux<ByteBuffer> body, String callId) {
        return new Invocation.Result(status, headers.with(CALL_ID_HEADER, callId), body, callId, id());
    }

    private <T> Mono<T> functionFailed(StreamedResponse response, String callId, String function) {
        Headers headers = response.headers().with(CALL_ID_HEADER, callId);
        return response.text(ERROR_BODY_LIMIT).flatMap(text -> Mono.error(
                new FaasException.FunctionFailed(id(), function, response.status(), headers, text)));
    }

    private <T> Mono<T> platformError(StreamedResponse response, String operation, String cacheKey,
                                      String function) {
        if (response.status() == 404) {
            cache.invalidate(cacheKey);
        }
        return response.text(ERROR_BODY_LIMIT).flatMap(text -> Mono.error(
                translateStatus(response.status(), response.headers(), text, operation, function)));
    }

    /**
     * Whether a web action's answer is the controller's own (no activation id: no action ran) error: refused key,
     * unknown action, too large, throttled, or a controller failure. An action's own statuses carry the id.
     */
    private static boolean isControllerAnswer(int status, Headers headers) {
        return headers.first(ACTIVATION_HEADER).isEmpty() && (status == 401 || status == 403 || status == 404
                || status == 413 || status == 429 || status >= 500);
    }

    /** The controller's own error answers to a forwarded web action call; the action's answers pass through. */
    private final class ControllerErrors implements ForwardTarget.ResponseClassifier {
        private final String cacheKey;
        private final String function;

        ControllerErrors(String cacheKey, String function) {
            this.cacheKey = cacheKey;
            this.function = function;
        }

        @Override
        public int bodyPrefix(int status, Headers headers) {
            return isControllerAnswer(status, headers) ? 512 : 0;
        }

        @Override
        public FaasException classify(int status, Headers headers, String body) {
            if (!isControllerAnswer(status, headers)) {
                return null;
            }
            if (status == 404) {
                cache.invalidate(cacheKey);
            }
            return translateStatus(status, headers, body, "call", function);
        }
    }

    // ---- health ----------------------------------------------------------------------------------------------

    /**
     * {@code GET /ping} and {@code GET /api/v1} (no authentication), {@code GET /api/v1/namespaces} with the key (a
     * refused key is DOWN), then {@code GET /invokers/ready} where the controller serves it: too few healthy
     * invokers is DEGRADED.
     */
    @Override
    public Mono<PlatformHealth> probe() {
        return probeWith(Mono.defer(() -> {
            long start = System.nanoTime();
            return client.system().ping()
                    .then(client.system().getApiInfo())
                    .flatMap(api -> client.system().listNamespaces().thenReturn(api))
                    .flatMap(api -> invokers(start, info(api)));
        }));
    }

    private Map<String, String> info(ApiInfo api) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("provider", "openwhisk");
        info.put("namespace", namespace);
        if (api.getBuild() != null) {
            info.put("build", api.getBuild());
        }
        if (api.getBuildno() != null) {
            info.put("buildno", api.getBuildno());
        }
        return info;
    }

    private Mono<PlatformHealth> invokers(long start, Map<String, String> info) {
        return client.system().getInvokersReady()
                .map(readiness -> {
                    if (readiness.getHealthy() != null) {
                        info.put("invokers", readiness.getHealthy());
                    }
                    return up(start, info);
                })
                .onErrorResume(WebClientResponseException.class, error -> {
                    int status = error.getStatusCode().value();
                    if (status == 404) {
                        return Mono.just(up(start, info));
                    }
                    if (status >= 500) {
                        String unhealthy = unhealthyInvokers(error.getResponseBodyAsString());
                        info.put("invokers", unhealthy);
                        return Mono.just(PlatformHealth.degraded(id(), "the controller answers but too few invokers "
                                + "are ready (" + unhealthy + " healthy)", since(start), info));
                    }
                    return Mono.error(error);
                });
    }

    private String unhealthyInvokers(String body) {
        try {
            JsonNode node = client.json().readTree(body);
            return node.path("unhealthy").isString() ? node.path("unhealthy").asString() : "unknown";
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    /**
     * The controller's error statuses: 401/403 say the key was refused, 429 is the controller's throttling (with
     * its {@code Retry-After} only when it sent one: none is invented), 413 is a body too large, and the
     * controller's <code>{"error":...}</code> words go into every message.
     */
    @Override
    protected FaasException translateStatus(int status, Headers headers, String body, String operation,
                                            String function) {
        String words = errors.message(body);
        return switch (status) {
            case 401, 403 -> new FaasException.PlatformUnavailable(id(), "the OpenWhisk key was refused (HTTP "
                    + status + (words.isEmpty() ? "" : ": " + words) + "); check username (the key's uuid) and "
                    + "password (its secret), as `wsk property get --auth` shows them, or for a tenant namespace its "
                    + "namespaces.<ns>.auth", null);
            case 429 -> new FaasException.RateLimited(id(), operation + (function == null ? "" : " of '" + function
                    + "'") + " was throttled by OpenWhisk" + (words.isEmpty() ? "" : ": " + words),
                    retryAfter(headers));
            default -> super.translateStatus(status, headers, words, operation, function);
        };
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /**
     * The action {@code name} means in {@code scope}: an action of that tenant namespace when the scope names one;
     * else the default package of the platform's namespace when the scope is null or that namespace's own name
     * ({@code greet.guest} is {@code greet}); else a package of the platform's namespace.
     */
    private Target parse(String name, String scope) {
        try {
            Tenant tenant = scope == null ? null : tenants.get(scope);
            if (tenant != null) {
                if (name != null && name.indexOf('/') >= 0) {
                    throw new IllegalArgumentException("name: \"" + name + "\" (expected: a plain action name; "
                            + "packages inside the tenant namespace '" + scope + "' are not supported)");
                }
                return new Target(scope, tenant, ActionName.parse(name, null), tenant.client());
            }
            return new Target(namespace, null, ActionName.parse(name, scope == null || scope.equals(namespace)
                    || scope.equals(defaultScope()) ? null : scope), client);
        } catch (IllegalArgumentException e) {
            throw new FaasException.InvalidSpec(id(), "name", e.getMessage());
        }
    }

    private Mono<Action> fetch(Target target) {
        ActionName name = target.name();
        return name.pkg() == null
                ? target.client().actions().getAction(target.namespace(), name.name(), false)
                : target.client().actions().getPackagedAction(target.namespace(), name.pkg(), name.name(), false);
    }

    private Mono<ActionView> view(Target target) {
        return cache.get(target.cacheKey(), () -> fetch(target)
                .map(action -> ActionView.of(target.name(), action, rules.timeoutDefault())))
                .doOnError(error -> {
                    if (isStatus(error, 404)) {
                        cache.invalidate(target.cacheKey());
                    }
                });
    }

    private String actionPath(Target target) {
        ActionName name = target.name();
        return "/api/v1/namespaces/" + segment(target.namespace()) + "/actions/"
                + (name.pkg() == null ? "" : segment(name.pkg()) + "/") + segment(name.name());
    }

    private String webUrl(ActionView view) {
        return settings().baseUrl() + "/api/v1/web/" + segment(view.namespace()) + "/"
                + segment(view.name().pkg() == null ? "default" : view.name().pkg()) + "/"
                + segment(view.name().name()) + ".http";
    }

    /**
     * The credentials a web action's call carries: none, the action's own {@code X-Require-Whisk-Auth} secret, or
     * for {@code require-whisk-auth: true} the key of the tenant namespace it lives in. In the platform's own
     * namespace that would be the platform's key, lent to whoever calls through the gateway: the call is refused
     * with 403 before anything is sent.
     */
    private Headers webHeaders(Target target, ActionView view, String function) {
        Object auth = view.requireWhiskAuth();
        if (Boolean.TRUE.equals(auth)) {
            if (target.tenant() == null) {
                throw new FaasException.RequestRejected(id(), 403, "'" + function + "' is a web action with "
                        + "require-whisk-auth: true in the gateway's own OpenWhisk namespace; calling it would lend "
                        + "the gateway's OpenWhisk key to this caller, so the gateway does not call it. Deploy it into "
                        + "a tenant namespace configured with its own key (faasfed.platforms." + id()
                        + ".namespaces.<ns>.auth), or set require-whisk-auth to a secret string, which the gateway "
                        + "sends as X-Require-Whisk-Auth");
            }
            return Headers.of("Authorization", target.tenant().key().authorization());
        }
        if (auth != null) {
            return Headers.of("X-Require-Whisk-Auth", auth.toString());
        }
        return Headers.empty();
    }

    private Headers apiHeaders(Target target, String callId) {
        String authorization = target.tenant() == null ? settings().basicAuthorization()
                : target.tenant().key().authorization();
        return Headers.of("Content-Type", "application/json", "Accept", "application/json",
                "Authorization", authorization, CALL_ID_HEADER, callId);
    }

    private static String segment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }

    private static boolean isStatus(Throwable error, int status) {
        return error instanceof WebClientResponseException response && response.getStatusCode().value() == status;
    }
}
