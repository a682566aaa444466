package io.faasfed.adapter.fn;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionInfo;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An Fn server as a {@link io.faasfed.adapter.api.FaasPlatform}. Every federated function lives in one configured
 * app, created on the first deploy. Fn addresses functions by opaque id: names are resolved with
 * {@code GET /v2/fns?app_id=&name=} and the ids cached; a 404 on a cached id evicts it.
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
    private final AtomicReference<String> appId = new AtomicReference<>();
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    private final Map<String, FnRoute> routes = new ConcurrentHashMap<>();

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

    /** The app that holds this platform's functions. */
    public String app() {
        return options.app();
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    // ---- management --------------------------------------------------------------------------------------------

    @Override
    public Flux<FunctionInfo> list() {
        return Flux.defer(() -> {
            boolean cached = appId.get() != null;
            Flux<Fn> fns = existingApp().flatMapMany(api::listFns);
            return cached ? fns.onErrorResume(FnPlatform::isAppNotFound, stale -> {
                forgetApp();
                return existingApp().flatMapMany(api::listFns);
            }) : fns;
        }).doOnNext(fn -> ids.put(fn.getName(), fn.getId()))
                .map(mapping::toInfo)
                .onErrorMap(error -> translate(error, "list", null, null));
    }

    @Override
    public Mono<FunctionInfo> get(String name) {
        return Mono.defer(() -> {
            String cached = ids.get(name);
            return cached == null ? lookup(name) : api.getFn(cached)
                    .onErrorResume(WebClientResponseException.NotFound.class, stale -> {
                        forget(name);
                        return lookup(name);
                    });
        }).map(mapping::toInfo).onErrorMap(error -> translate(error, "get", name, null));
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        String name = spec.name();
        return Mono.fromCallable(() -> mapping.desired(spec))
                .flatMap(desired -> inApp(true, app -> upsert(app, name, desired)
                        .flatMap(fn -> trigger(app, fn, name).thenReturn(fn))))
                .map(mapping::toInfo)
                .onErrorMap(error -> translate(error, "deploy", name, null));
    }

    @Override
    public Mono<Void> delete(String name) {
        return withId(name, api::deleteFn)
                .doOnSuccess(done -> forget(name))
                .onErrorMap(error -> translate(error, "delete", name, null));
    }

    @Override
    public Mono<Void> scale(String name, int replicas) {
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
        return route(name).flatMap(route -> {
            Headers headers = outgoing(request).without(INVOKE_TYPE_HEADER);
            if (route.hasTrigger()) {
                return exchange(HttpMethod.valueOf(request.method()), triggerPath(route) + request.path()
                        + query(request), headers, request.body(), request.timeout(), name)
                        .flatMap(response -> answer(request, response, response.status(), response.headers()));
            }
            if (!request.path().isEmpty()) {
                return Mono.error(noExtraPath(name, request.path()));
            }
            return exchange(HttpMethod.POST, "/invoke/" + route.fnId() + query(request), headers, request.body(),
                    request.timeout(), name)
                    .flatMap(response -> answer(request, response,
                            FnMapping.invokeStatus(response.status(), response.headers()),
                            FnMapping.invokeHeaders(response.headers())));
        }).onErrorMap(error -> translate(error, "invoke", name, request.timeout()));
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        String name = request.function();
        return Mono.defer(() -> request.path().isEmpty() ? fnId(name) : Mono.error(noExtraPath(name, request.path())))
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
                            forget(name);
                        }
                        return Mono.error(translateStatus(response.status(), response.headers(), body,
                                "invokeAsync", name));
                    });
                })
                .onErrorMap(error -> translate(error, "invokeAsync", name, request.timeout()));
    }

    @Override
    public Mono<ForwardTarget> forwardTarget(String name) {
        return route(name).filter(FnRoute::hasTrigger)
                .map(route -> new ForwardTarget(URI.create(settings().baseUrl() + triggerPath(route)), authHeaders(),
                        CALL_ID_HEADER, new ServerErrors(name)))
                .onErrorMap(error -> translate(error, "forwardTarget", name, null));
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
        private final String name;

        ServerErrors(String name) {
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
                    forget(name);
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

    private Mono<Invocation.Result> answer(Invocation request, StreamedResponse response, int status,
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
                forget(name);
            }
            return Mono.error(translateStatus(status, headers, body, "invoke", name));
        });
    }

    /** Runs {@code work} in the app; retries once with a fresh app id when a cached one turns out stale. */
    private <T> Mono<T> inApp(boolean create, Function<String, Mono<T>> work) {
        return Mono.defer(() -> {
            boolean cached = appId.get() != null;
            Mono<T> attempt = (create ? ensureApp() : existingApp()).flatMap(work);
            return cached ? attempt.onErrorResume(FnPlatform::isAppNotFound, stale -> {
                forgetApp();
                return (create ? ensureApp() : existingApp()).flatMap(work);
            }) : attempt;
        });
    }

    /** The app's id, or empty when the app does not exist. */
    private Mono<String> existingApp() {
        return Mono.defer(() -> {
            String cached = appId.get();
            return cached != null ? Mono.just(cached)
                    : api.findApp(options.app()).map(app -> rememberApp(app.getId()));
        });
    }

    /** The app's id, creating the app when it does not exist; a 409 from a concurrent create is not an error. */
    private Mono<String> ensureApp() {
        return existingApp().switchIfEmpty(Mono.defer(() -> api.createApp(options.app())
                .onErrorResume(WebClientResponseException.Conflict.class, raced -> api.findApp(options.app())
                        .switchIfEmpty(Mono.error(() -> new FaasException.PlatformUnavailable(id(), "Fn answered 409 "
                                + "to creating app '" + options.app() + "' but does not list it", raced))))
                .map(app -> rememberApp(app.getId()))));
    }

    private String rememberApp(String value) {
        appId.set(value);
        return value;
    }

    private void forgetApp() {
        appId.set(null);
        ids.clear();
        routes.clear();
    }

    /** The function by name, read fresh from Fn; its id is cached. */
    private Mono<Fn> lookup(String name) {
        return inApp(false, app -> api.findFn(app, name))
                .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id(), name)))
                .doOnNext(fn -> ids.put(name, fn.getId()));
    }

    /** The function's id, from the cache or Fn. */
    private Mono<String> fnId(String name) {
        return Mono.defer(() -> {
            String cached = ids.get(name);
            return cached != null ? Mono.just(cached) : lookup(name).map(Fn::getId);
        });
    }

    /** Calls {@code call} with the function's id; a 404 on a cached id evicts it and resolves the name again once. */
    private <T> Mono<T> withId(String name, Function<String, Mono<T>> call) {
        return Mono.defer(() -> {
            String cached = ids.get(name);
            if (cached == null) {
                return lookup(name).flatMap(fn -> call.apply(fn.getId()));
            }
            return call.apply(cached).onErrorResume(WebClientResponseException.NotFound.class, stale -> {
                forget(name);
                return lookup(name).flatMap(fn -> call.apply(fn.getId()));
            });
        });
    }

    /** How to call the function: its id and HTTP trigger, from the cache or Fn. */
    private Mono<FnRoute> route(String name) {
        return Mono.defer(() -> {
            FnRoute cached = routes.get(name);
            if (cached != null) {
                return Mono.just(cached);
            }
            return withId(name, fnId -> existingApp()
                    .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id(), name)))
                    .flatMap(app -> api.listTriggers(app, fnId).collectList())
                    .map(triggers -> pick(fnId, name, triggers)))
                    .doOnNext(route -> routes.put(name, route));
        });
    }

    /** Creates the function or merges the spec into it; a 409 from a concurrent create turns into an update. */
    private Mono<Fn> upsert(String app, String name, FnMapping.Desired desired) {
        Mono<Fn> update = api.findFn(app, name)
                .flatMap(current -> api.updateFn(current.getId(), mapping.toPatch(desired, current)));
        return update.switchIfEmpty(Mono.defer(() -> api.createFn(mapping.toCreate(desired, app, name))
                        .onErrorResume(WebClientResponseException.Conflict.class, raced -> api.findFn(app, name)
                                .flatMap(current -> api.updateFn(current.getId(),
                                        mapping.toPatch(desired, current))))))
                .doOnNext(fn -> {
                    ids.put(name, fn.getId());
                    routes.remove(name);
                });
    }

    /** Finds the function's HTTP trigger, creating {@code /<name>} when the platform is configured to. */
    private Mono<FnRoute> trigger(String app, Fn fn, String name) {
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
                                        : Mono.error(new FaasException.InvalidSpec(id(), "name", "Fn app '" + app
                                        + "' already has a trigger named '" + name + "' or with source '" + source
                                        + "' (" + FnErrors.message(taken.getResponseBodyAsString()) + "); delete "
                                        + "that trigger, or set create-triggers: false for this platform"))));
        return found.doOnNext(route -> routes.put(name, route));
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

    private void forget(String name) {
        ids.remove(name);
        routes.remove(name);
    }

    private String triggerPath(FnRoute route) {
        return "/t/" + options.app() + route.triggerSource();
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

    private static boolean isAppNotFound(Throwable error) {
        return error instanceof WebClientResponseException.NotFound notFound
                && FnErrors.message(notFound.getResponseBodyAsString()).toLowerCase(java.util.Locale.ROOT)
                .contains("app not found");
    }
}
