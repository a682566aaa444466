package io.faasfed.adapter.fn;

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
import io.faasfed.adapter.fn.internal.FnApi;
import io.faasfed.adapter.fn.internal.FnErrors;
import io.faasfed.adapter.fn.internal.FnMapping;
import io.faasfed.adapter.fn.internal.FnOptions;
import io.faasfed.adapter.fn.internal.FnRoute;
import io.faasfed.adapter.fn.internal.client.model.Fn;
import io.faasfed.adapter.fn.internal.client.model.Trigger;
import io.faasfed.adapter.fn.internal.client.model.TriggerCreate;
import io.faasfed.adapter.http.AbstractHttpFaasPlatform;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.StreamedResponse;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An Fn server as a {@link io.faasfed.adapter.api.FaasPlatform}. Apps are scopes: functions live in the configured
 * default app (no scope) or in the app a spec's scope names, created on the first deploy there; listing covers the
 * default app and the configured {@code apps}. Fn addresses functions by opaque id: a reference's backend id is used
 * as it is, names are resolved with {@code GET /v2/fns?app_id=&name=} and the ids cached; a 404 on a known id evicts
 * it and resolves the name in its app once more.
 *
 * <p>Calls go through the function's HTTP trigger, {@code /t/<app><source>}, which keeps the method, headers,
 * query and the function's own status ({@code Fn-Http-Status}); deploys create one ({@code source: /<name>}).
 * A function without an HTTP trigger is called with {@code POST /invoke/<id>}, whose {@code Fn-Http-Status} and
 * {@code Fn-Http-H-*} answers this adapter translates itself. {@code Fn-Call-Id} becomes the call id.
 */
public final class FnPlatform extends AbstractHttpFaasPlatform {

    /** The response header that carries Fn's call id. */
    public static final String CALL_ID_HEADER = "Fn-Call-Id";

    /** The request header that makes an {@code /invoke} call detached (asynchronous). */
    public static final String INVOKE_TYPE_HEADER = "Fn-Invoke-Type";

    private static final String X_CALL_ID = "X-Call-Id";

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ASYNC_INVOKE, Capability.ASYNC_OUTPUT_DISCARDED, Capability.HTTP_FORWARD));

    private final FnOptions options;
    private final FnApi api;
    private final FnMapping mapping;
    private final Map<String, String> appIds = new ConcurrentHashMap<>();
    private final Map<Key, String> ids = new ConcurrentHashMap<>();
    private final Map<Key, FnRoute> routes = new ConcurrentHashMap<>();

    FnPlatform(PlatformId id, HttpPlatformSettings settings, FnOptions options) {
        super(id, settings);
        this.options = Objects.requireNonNull(options, "options");
        this.api = new FnApi(webClient(), settings.baseUrl(), basicAuth(), options.pageSize());
        this.mapping = new FnMapping(id, options.app(), options.network());
    }

    @Override
    public PlatformType type() {
        return PlatformType.FN;
    }

    /** The app that holds this platform's functions by default. */
    public String app() {
        return options.app();
    }

    /** The default app: a function there has no scope; any other app is the scope of its functions. */
    @Override
    public String defaultScope() {
        return options.app();
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    // ---- management --------------------------------------------------------------------------------------------

    /** The functions of the default app and of every app in {@code apps}; an app that does not exist has none. */
    @Override
    public Flux<FunctionInfo> list() {
        return Flux.fromIterable(options.listedApps())
                .concatMap(app -> Flux.defer(() -> {
                    boolean cached = appIds.get(app) != null;
                    Flux<Fn> fns = existingApp(app).flatMapMany(api::listFns);
                    return cached ? fns.onErrorResume(FnPlatform::isAppNotFound, stale -> {
                        forgetApp(app);
                        return existingApp(app).flatMapMany(api::listFns);
                    }) : fns;
                }).doOnNext(fn -> ids.put(new Key(app, fn.getName()), fn.getId()))
                        .map(fn -> mapping.toInfo(fn, scopeOf(app))))
                .onErrorMap(error -> translate(error, "list", null, null));
    }

    @Override
    public Mono<FunctionInfo> get(FunctionRef ref) {
        Key key = key(ref);
        return Mono.defer(() -> {
            String known = ref.backendId() != null ? ref.backendId() : ids.get(key);
            return known == null ? lookup(key) : api.getFn(known)
                    .filter(fn -> key.name().equals(fn.getName()))
                    .switchIfEmpty(Mono.defer(() -> lookup(key)))
                    .onErrorResume(WebClientResponseException.NotFound.class, stale -> {
                        forget(key);
                        return lookup(key);
                    });
        }).map(fn -> mapping.toInfo(fn, scopeOf(key.app())))
                .onErrorMap(error -> translate(error, "get", ref.qualified(), null));
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        String name = spec.name();
        Key key = new Key(appOf(spec.scope()), name);
        return Mono.fromCallable(() -> mapping.desired(spec))
                .flatMap(desired -> inApp(key.app(), true, app -> upsert(app, key, desired)
                        .flatMap(fn -> trigger(app, fn, key).thenReturn(fn))))
                .map(fn -> mapping.toInfo(fn, scopeOf(key.app())))
                .onErrorMap(error -> translate(error, "deploy", name, null));
    }

    @Override
    public Mono<Void> delete(FunctionRef ref) {
        Key key = key(ref);
        return withId(key, ref.backendId(), api::deleteFn)
                .doOnSuccess(done -> forget(key))
                .onErrorMap(error -> translate(error, "delete", ref.qualified(), null));
    }

    @Override
    public Mono<Void> scale(FunctionRef ref, int replicas) {
        return Mono.error(new FaasException.UnsupportedCapability(id(), Capability.SCALE, "Fn has no scale API: it "
                + "starts containers on demand and stops them after their idle timeout; set limits.idleTimeout to "
                + "keep them warm longer"));
    }

    @Override
    public Mono<PlatformHealth> probe() {
        return probeWith(Mono.defer(() -> {
            long start = System.nanoTime();
            return api.version().zipWith(api.firstApp()).map(both -> up(start, Map.of(
                    "version", Objects.requireNonNullElse(both.getT1().getVersion(), "unknown"),
                    "app", options.app())));
        }));
    }

    // ---- invocation --------------------------------------------------------------------------------------------

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        String name = request.function();
        Key key = key(request.ref());
        return route(key, request.backendId()).flatMap(route -> {
            Headers headers = outgoing(request).without(INVOKE_TYPE_HEADER);
            if (route.hasTrigger()) {
                return exchange(HttpMethod.valueOf(request.method()), triggerPath(key.app(), route) + request.path()
                        + query(request), headers, request.body(), request.timeout(), name)
                        .flatMap(response -> answer(request, key, response, response.status(), response.headers()));
            }
            if (!request.path().isEmpty()) {
                return Mono.error(noExtraPath(name, request.path()));
            }
            return exchange(HttpMethod.POST, "/invoke/" + route.fnId() + query(request), headers, request.body(),
                    request.timeout(), name)
                    .flatMap(response -> answer(request, key, response,
                            FnMapping.invokeStatus(response.status(), response.headers()),
                            FnMapping.invokeHeaders(response.headers())));
        }).onErrorMap(error -> translate(error, "invoke", name, request.timeout()));
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        String name = request.function();
        Key key = key(request.ref());
        return Mono.defer(() -> request.path().isEmpty()
                        ? (request.backendId() != null ? Mono.just(request.backendId()) : fnId(key))
                        : Mono.error(noExtraPath(name, request.path())))
                .flatMap(fnId -> exchange(HttpMethod.POST, "/invoke/" + fnId + query(request),
                        outgoing(request).with(INVOKE_TYPE_HEADER, "detached"), request.body(), request.timeout(),
                        name))
                .flatMap(response -> {
                    if (response.isSuccess()) {
                        String callId = response.headers().first(CALL_ID_HEADER).orElse(request.callId());
                        return response.discard().thenReturn(new AsyncAccepted(callId, id(), Instant.now()));
                    }
                    return response.text(ERROR_BODY_LIMIT).flatMap(body -> {
                        if (response.status() == 501) {
                            return Mono.error(new FaasException.UnsupportedCapability(id(), Capability.ASYNC_INVOKE,
                                    "this Fn server does not run detached calls (" + FnErrors.message(body)
                                            + "); call the function synchronously"));
                        }
                        if (response.status() == 404) {
                            forget(key);
                        }
                        return Mono.error(translateStatus(response.status(), response.headers(), body,
                                "invokeAsync", name));
                    });
                })
                .onErrorMap(error -> translate(error, "invokeAsync", name, request.timeout()));
    }

    @Override
    public Mono<ForwardTarget> forwardTarget(FunctionRef ref) {
        Key key = key(ref);
        return route(key, ref.backendId()).filter(FnRoute::hasTrigger)
                .map(route -> new ForwardTarget(URI.create(settings().baseUrl() + triggerPath(key.app(), route)),
                        authHeaders(), CALL_ID_HEADER, new ServerErrors(key, ref.qualified())))
                .onErrorMap(error -> translate(error, "forwardTarget", ref.qualified(), null));
    }

    /**
     * Fn's error statuses: the {@code message} of its error body is kept verbatim; 400 and 409 are specs Fn
     * rejected, 502 is a function that failed, 503 is a server too busy (its {@code Retry-After} kept), and a 404 for a
     * path the server does not serve (an API-only node) is a platform fault, not a missing function.
     */
    @Override
    protected FaasException translateStatus(int status, Headers headers, String body, String operation,
                                            String function) {
        String message = FnErrors.message(body);
        if (status == 404 && message.startsWith("Path not found")) {
            return new FaasException.PlatformUnavailable(id(), operation + ": the Fn server does not serve that path ("
                    + message + "); point url at an Fn node that runs functions, not an API-only one", null);
        }
        if (status == 400 || status == 409 || status == 422) {
            return new FaasException.InvalidSpec(id(), null, operation + (function == null ? "" : " of '" + function
                    + "'") + " was rejected by Fn (HTTP " + status + "): " + message);
        }
        if (status == 502 && function != null) {
            return new FaasException.FunctionFailed(id(), function, status, headers, body);
        }
        return super.translateStatus(status, headers, message, operation, function);
    }

    /**
     * Fn's own answers on an HTTP trigger, told apart from the function's. Without {@code Fn-Call-Id} no call was
     * started, so the answer is the server's (404 "Trigger not found", "App not found": the cached route is evicted).
     * With it, a 502, 503 or 504 whose body is Fn's own <code>{"message":...}</code> object is the server reporting
     * the call's failure: the function's container died (502), the server is too busy (503, with its
     * {@code Retry-After}), the function's own timeout fired (504). Everything else is the function's answer.
     */
    private final class ServerErrors implements ForwardTarget.ResponseClassifier {
        private final Key key;
        private final String name;

        ServerErrors(Key key, String name) {
            this.key = key;
            this.name = name;
        }

        @Override
        public int bodyPrefix(int status, Headers headers) {
            return status >= 400 ? 256 : 0;
        }

        @Override
        public FaasException classify(int status, Headers headers, String body) {
            if (status < 400) {
                return null;
            }
            if (headers.first(CALL_ID_HEADER).isEmpty()) {
                if (status == 404) {
                    forget(key);
                }
                return translateStatus(status, headers, body, "call", name);
            }
            if ((status == 502 || status == 503 || status == 504) && FnErrors.isServerError(body)) {
                return callFailure(status, headers, FnErrors.message(body), name);
            }
            return null;
        }
    }

    /** Fn's report that a started call failed: 502 the container died, 503 too busy, 504 the function's timeout. */
    private FaasException callFailure(int status, Headers headers, String message, String name) {
        return switch (status) {
            case 502 -> new FaasException.FunctionFailed(id(), name, 502, headers, message);
            case 504 -> new FaasException.Timeout(id(), "call of '" + name + "': the function's own timeout fired ("
                    + "Fn: " + message + ")", null, null);
            default -> new FaasException.PlatformUnavailable(id(), "the Fn server could not run '" + name + "' ("
                    + message + ")", null, 503, retryAfter(headers));
        };
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private Mono<Invocation.Result> answer(Invocation request, Key key, StreamedResponse response, int status,
                                           Headers headers) {
        String name = request.function();
        Optional<String> fnCallId = response.headers().first(CALL_ID_HEADER);
        String callId = fnCallId.orElse(request.callId());
        Headers withCallId = headers.with(X_CALL_ID, callId);
        // A status the function chose (Fn-Call-Id present) is its answer, 429 included; without Fn-Call-Id the
        // server answered itself (its 429 is its own throttling).
        if (status < 400 || (status < 500 && fnCallId.isPresent())) {
            return Mono.just(new Invocation.Result(status, withCallId, response.body(), callId, id()));
        }
        return response.text(ERROR_BODY_LIMIT).flatMap(body -> {
            if ((status == 503 || status == 504) && fnCallId.isPresent() && FnErrors.isServerError(body)) {
                return Mono.error(callFailure(status, withCallId, FnErrors.message(body), name));
            }
            if (status == 502 || (status >= 500 && fnCallId.isPresent())) {
                return Mono.error(new FaasException.FunctionFailed(id(), name, status, withCallId, body));
            }
            if (status == 404) {
                forget(key);
            }
            return Mono.error(translateStatus(status, headers, body, "invoke", name));
        });
    }

    /** The app a scope means: the default app for none (or its own name), else the app the scope names. */
    private String appOf(String scope) {
        return scope == null ? options.app() : scope;
    }

    /** The scope of the functions of {@code app}: null for the default app. */
    private String scopeOf(String app) {
        return options.app().equals(app) ? null : app;
    }

    private Key key(FunctionRef ref) {
        return new Key(appOf(ref.scope()), ref.name());
    }

    /** Runs {@code work} in the app; retries once with a fresh app id when a cached one turns out stale. */
    private <T> Mono<T> inApp(String app, boolean create, Function<String, Mono<T>> work) {
        return Mono.defer(() -> {
            boolean cached = appIds.get(app) != null;
            Mono<T> attempt = (create ? ensureApp(app) : existingApp(app)).flatMap(work);
            return cached ? attempt.onErrorResume(FnPlatform::isAppNotFound, stale -> {
                forgetApp(app);
                return (create ? ensureApp(app) : existingApp(app)).flatMap(work);
            }) : attempt;
        });
    }

    /** The app's id, or empty when the app does not exist. */
    private Mono<String> existingApp(String app) {
        return Mono.defer(() -> {
            String cached = appIds.get(app);
            return cached != null ? Mono.just(cached)
                    : api.findApp(app).map(found -> rememberApp(app, found.getId()));
        });
    }

    /** The app's id, creating the app when it does not exist; a 409 from a concurrent create is not an error. */
    private Mono<String> ensureApp(String app) {
        return existingApp(app).switchIfEmpty(Mono.defer(() -> api.createApp(app)
                .onErrorResume(WebClientResponseException.Conflict.class, raced -> api.findApp(app)
                        .switchIfEmpty(Mono.error(() -> new FaasException.PlatformUnavailable(id(), "Fn answered 409 "
                                + "to creating app '" + app + "' but does not list it", raced))))
                .map(created -> rememberApp(app, created.getId()))));
    }

    private String rememberApp(String app, String value) {
        appIds.put(app, value);
        return value;
    }

    private void forgetApp(String app) {
        appIds.remove(app);
        ids.keySet().removeIf(key -> key.app().equals(app));
        routes.keySet().removeIf(key -> key.app().equals(app));
    }

    /** The function by name in its app, read fresh from Fn; its id is cached. */
    private Mono<Fn> lookup(Key key) {
        return inApp(key.app(), false, app -> api.findFn(app, key.name()))
                .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id(), qualified(key))))
                .doOnNext(fn -> ids.put(key, fn.getId()));
    }

    /** The function's id, from the cache or Fn. */
    private Mono<String> fnId(Key key) {
        return Mono.defer(() -> {
            String cached = ids.get(key);
            return cached != null ? Mono.just(cached) : lookup(key).map(Fn::getId);
        });
    }

    /**
     * Calls {@code call} with the function's id (the given backend id, else the cached one, else looked up); a 404
     * on a known id evicts it and resolves the name in its app again once.
     */
    private <T> Mono<T> withId(Key key, String backendId, Function<String, Mono<T>> call) {
        return Mono.defer(() -> {
            String known = backendId != null ? backendId : ids.get(key);
            if (known == null) {
                return lookup(key).flatMap(fn -> call.apply(fn.getId()));
            }
            return call.apply(known).onErrorResume(WebClientResponseException.NotFound.class, stale -> {
                forget(key);
                return lookup(key).filter(fn -> !known.equals(fn.getId()))
                        .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id(), qualified(key))))
                        .flatMap(fn -> call.apply(fn.getId()));
            });
        });
    }

    /** How to call the function: its id and HTTP trigger, from the cache or Fn. */
    private Mono<FnRoute> route(Key key, String backendId) {
        return Mono.defer(() -> {
            FnRoute cached = routes.get(key);
            if (cached != null && (backendId == null || backendId.equals(cached.fnId()))) {
                return Mono.just(cached);
            }
            return withId(key, backendId, fnId -> existingApp(key.app())
                    .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id(), qualified(key))))
                    .flatMap(app -> api.listTriggers(app, fnId).collectList())
                    .map(triggers -> pick(fnId, key.name(), triggers)))
                    .doOnNext(route -> routes.put(key, route));
        });
    }

    /** Creates the function or merges the spec into it; a 409 from a concurrent create turns into an update. */
    private Mono<Fn> upsert(String app, Key key, FnMapping.Desired desired) {
        String name = key.name();
        Mono<Fn> update = api.findFn(app, name)
                .flatMap(current -> api.updateFn(current.getId(), mapping.toPatch(desired, current)));
        return update.switchIfEmpty(Mono.defer(() -> api.createFn(mapping.toCreate(desired, app, name))
                        .onErrorResume(WebClientResponseException.Conflict.class, raced -> api.findFn(app, name)
                                .flatMap(current -> api.updateFn(current.getId(),
                                        mapping.toPatch(desired, current))))))
                .doOnNext(fn -> {
                    ids.put(key, fn.getId());
                    routes.remove(key);
                });
    }

    /** Finds the function's HTTP trigger, creating {@code /<name>} when the platform is configured to. */
    private Mono<FnRoute> trigger(String app, Fn fn, Key key) {
        String name = key.name();
        String source = "/" + name;
        Mono<FnRoute> existing = api.listTriggers(app, fn.getId()).collectList()
                .map(triggers -> pick(fn.getId(), name, triggers));
        Mono<FnRoute> found = !options.createTriggers() ? existing : existing.flatMap(route ->
                source.equals(route.triggerSource()) ? Mono.just(route)
                        : api.createTrigger(new TriggerCreate().name(name).appId(app).fnId(fn.getId()).type("http")
                                        .source(source))
                                .map(created -> new FnRoute(fn.getId(), created.getSource()))
                                .onErrorResume(WebClientResponseException.Conflict.class, taken -> route.hasTrigger()
                                        ? Mono.just(route)
                                        : Mono.error(new FaasException.InvalidSpec(id(), "name", "Fn app '"
                                        + key.app() + "' already has a trigger named '" + name + "' or with source '"
                                        + source + "' (" + FnErrors.message(taken.getResponseBodyAsString())
                                        + "); delete that trigger, or set create-triggers: false for this platform"))));
        return found.doOnNext(route -> routes.put(key, route));
    }

    /** The function's HTTP trigger: the one with source {@code /<name>} first, else any HTTP trigger. */
    private static FnRoute pick(String fnId, String name, List<Trigger> triggers) {
        String preferred = "/" + name;
        List<Trigger> http = triggers.stream()
                .filter(trigger -> "http".equalsIgnoreCase(trigger.getType()))
                .filter(trigger -> trigger.getSource() != null && trigger.getSource().startsWith("/"))
                .toList();
        String source = http.stream().map(Trigger::getSource).filter(preferred::equals).findFirst()
                .orElse(http.isEmpty() ? null : http.get(0).getSource());
        return new FnRoute(fnId, source);
    }

    private void forget(Key key) {
        ids.remove(key);
        routes.remove(key);
    }

    private String qualified(Key key) {
        return options.app().equals(key.app()) ? key.name() : key.name() + "." + key.app();
    }

    private static String triggerPath(String app, FnRoute route) {
        return "/t/" + app + route.triggerSource();
    }

    private Headers outgoing(Invocation request) {
        Headers.Builder headers = request.headers().toBuilder().set(X_CALL_ID, request.callId());
        if (settings().hasCredentials()) {
            headers.set("Authorization", settings().basicAuthorization());
        }
        return headers.build();
    }

    private Headers authHeaders() {
        return settings().hasCredentials() ? Headers.of("Authorization", settings().basicAuthorization())
                : Headers.empty();
    }

    private static String query(Invocation request) {
        return request.query().isEmpty() ? "" : "?" + request.query();
    }

    private FaasException noExtraPath(String name, String path) {
        return new FaasException.UnsupportedCapability(id(), Capability.HTTP_FORWARD, "function '" + name
                + "' has no HTTP trigger, and Fn's POST /invoke/<id> takes no extra path ('" + path + "'); "
                + "redeploy it through faasfed (which creates the trigger) or call it without a path");
    }

    /** A function's name in an app: the cache key of ids and routes. */
    private record Key(String app, String name) {
    }

    private static boolean isAppNotFound(Throwable error) {
        return error instanceof WebClientResponseException.NotFound notFound
                && FnErrors.message(notFound.getResponseBodyAsString()).toLowerCase(java.util.Locale.ROOT)
                .contains("app not found");
    }
}
