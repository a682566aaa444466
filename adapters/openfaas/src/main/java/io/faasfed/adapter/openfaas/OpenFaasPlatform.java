package io.faasfed.adapter.openfaas;

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
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.http.AbstractHttpFaasPlatform;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.StreamedResponse;
import io.faasfed.adapter.openfaas.OpenFaasPlatformProperties.Provider;
import io.faasfed.adapter.openfaas.internal.FunctionMapping;
import io.faasfed.adapter.openfaas.internal.OpenFaasClient;
import io.faasfed.adapter.openfaas.internal.ResourceUnits;
import io.faasfed.adapter.openfaas.internal.client.api.SystemApi;
import io.faasfed.adapter.openfaas.internal.client.model.DeleteFunctionRequest;
import io.faasfed.adapter.openfaas.internal.client.model.FunctionDeployment;
import io.faasfed.adapter.openfaas.internal.client.model.FunctionStatus;
import io.faasfed.adapter.openfaas.internal.client.model.GatewayInfo;
import io.faasfed.adapter.openfaas.internal.client.model.ScaleServiceRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An OpenFaaS gateway as a {@link io.faasfed.adapter.api.FaasPlatform}.
 *
 * <p>Management calls ({@code /system/*}, {@code /healthz}) go through the client generated from our OpenAPI
 * document, with Basic auth; invocations stream through {@code /function/{name}[.{ns}]} and
 * {@code /async-function/...} with any method, extra path and query. The OpenFaaS quirks it absorbs: deploy is
 * PUT then POST on 404 (as faas-cli does), 200 and 202 both mean accepted, an "already exists" answer to the POST
 * (400 or 500 depending on the provider) retries the PUT, DELETE carries a JSON body, an empty list may arrive as
 * {@code null}, error bodies are plain text, a dot in a name would be read as a namespace separator and is refused
 * before any request.
 */
public final class OpenFaasPlatform extends AbstractHttpFaasPlatform {

    /** The header OpenFaaS correlates calls by, on requests and responses. */
    public static final String CALL_ID = "X-Call-Id";

    /** The header that tells the queue-worker where to post an asynchronous call's result. */
    public static final String CALLBACK_URL = "X-Callback-Url";

    /** The header a watchdog sets on every answer of the function itself; the gateway's own errors lack it. */
    static final String DURATION_SECONDS = "X-Duration-Seconds";

    /** The header the gateway's proxy sets on every answer it got from a function. */
    static final String START_TIME = "X-Start-Time";

    private static final Pattern NAME = Pattern.compile("[-a-zA-Z_0-9]+");

    /** The namespace OpenFaaS providers put functions in when none is configured (faas-netes, faasd). */
    static final String PROVIDER_DEFAULT_NAMESPACE = "openfaas-fn";

    private final OpenFaasClient client;
    private final FunctionMapping mapping;
    private final Provider provider;
    private final String namespace;
    private final boolean allNamespaces;
    private final String network;
    private final boolean waitForReady;
    private final Duration readyTimeout;
    private final Duration readyPollInterval;
    private final boolean asyncInvoke;
    private final Set<Capability> capabilities;

    /**
     * A platform for the gateway at {@code settings}, configured by {@code properties} (copied: later changes to
     * the bound object do not affect it). {@link OpenFaasPlatformFactory} validates the properties first.
     *
     * @param id         the instance's id
     * @param settings   the gateway's URL, timeouts, pool size and credentials (password already resolved)
     * @param properties the instance's configuration
     */
    public OpenFaasPlatform(PlatformId id, HttpPlatformSettings settings, OpenFaasPlatformProperties properties) {
        super(id, settings);
        this.client = new OpenFaasClient(webClient(), settings);
        this.provider = properties.getProvider();
        this.mapping = new FunctionMapping(id, new ResourceUnits(provider));
        this.namespace = blankToNull(properties.getNamespace());
        this.allNamespaces = properties.isAllNamespaces();
        this.network = blankToNull(properties.getNetwork());
        this.waitForReady = properties.isWaitForReady();
        this.readyTimeout = properties.getReadyTimeout();
        this.readyPollInterval = properties.getReadyPollInterval();
        this.asyncInvoke = properties.isAsyncInvoke();
        EnumSet<Capability> set = EnumSet.of(Capability.SCALE, Capability.SECRETS, Capability.HTTP_FORWARD);
        if (asyncInvoke) {
            set.add(Capability.ASYNC_INVOKE);
            set.add(Capability.ASYNC_CALLBACK);
        }
        if (provider == Provider.SWARM) {
            set.add(Capability.PER_FUNCTION_NETWORK);
        } else {
            set.add(Capability.NAMESPACES);
        }
        this.capabilities = Set.copyOf(set);
    }

    @Override
    public PlatformType type() {
        return PlatformType.OPENFAAS;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** The configured namespace, else the providers' default {@code openfaas-fn}. */
    @Override
    public String defaultScope() {
        return namespace != null ? namespace : PROVIDER_DEFAULT_NAMESPACE;
    }

    // ---- management -------------------------------------------------------------------------------------------

    @Override
    public Flux<FunctionInfo> list() {
        if (!allNamespaces) {
            return listIn(namespace);
        }
        return Mono.defer(() -> system().listNamespaces())
                .onErrorMap(error -> translate(error, "list namespaces", null, null))
                .flatMapMany(names -> names == null || names.isEmpty() ? listIn(null)
                        : Flux.fromIterable(names).concatMap(this::listIn));
    }

    private Flux<FunctionInfo> listIn(String ns) {
        return Flux.defer(() -> system().listFunctionsWithHttpInfo(ns))
                .onErrorMap(error -> translate(error, "list", null, null))
                .flatMapIterable(entity -> entity.getBody() == null ? java.util.List.<FunctionStatus>of()
                        : entity.getBody())
                .filter(status -> status != null && status.getName() != null)
                .map(status -> toInfo(status, ns));
    }

    @Override
    public Mono<FunctionInfo> get(FunctionRef ref) {
        return checkName(ref.name()).then(Mono.defer(() -> fetch(ref.name(), namespaceOf(ref.scope()))));
    }

    private Mono<FunctionInfo> fetch(String name, String ns) {
        return Mono.defer(() -> system().getFunction(name, ns))
                .onErrorMap(error -> translate(error, "get", name, null))
                .switchIfEmpty(Mono.error(() -> new FaasException.PlatformUnavailable(id(),
                        "get of '" + name + "' answered an empty body", null)))
                .map(status -> toInfo(status, ns));
    }

    /** What the gateway reported, with the default namespace (however it was named) as the null scope. */
    private FunctionInfo toInfo(FunctionStatus status, String ns) {
        FunctionInfo info = mapping.toInfo(status, ns);
        String scope = scopeOf(info.scope());
        return java.util.Objects.equals(scope, info.scope()) ? info : info.toBuilder().scope(scope).build();
    }

    /** The namespace to send for a scope: the configured one for the default scope, else the scope itself. */
    private String namespaceOf(String scope) {
        return scope == null || scope.equals(defaultScope()) ? namespace : scope;
    }

    /** The scope of a namespace the gateway reported: null for the default namespace. */
    private String scopeOf(String ns) {
        return ns == null || ns.isBlank() || ns.equals(defaultScope()) ? null : ns;
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        String ns = namespaceOf(spec.scope());
        return Mono.defer(() -> {
            FunctionDeployment body = mapping.toDeployment(spec, ns, network);
            Mono<Void> update = Mono.defer(() -> system().updateFunction(body));
            Mono<Void> create = Mono.defer(() -> system().deployFunction(body));
            return update
                    .onErrorResume(OpenFaasPlatform::isNotFound, notFound -> create
                            .onErrorResume(OpenFaasPlatform::isAlreadyExists, exists -> update))
                    .onErrorMap(error -> translate(error, "deploy", spec.name(), null))
                    .then(waitForReady ? awaitReady(spec.name(), ns) : describeDeployed(spec, ns));
        });
    }

    /** After an accepted deploy: what the gateway reports, or the spec itself while the gateway catches up. */
    private Mono<FunctionInfo> describeDeployed(FunctionSpec spec, String ns) {
        return fetch(spec.name(), ns).onErrorResume(FaasException.FunctionNotFound.class,
                notYet -> Mono.just(mapping.fromSpec(spec, scopeOf(ns))));
    }

    /** Polls the function until it has an available replica, bounded by the ready timeout. */
    private Mono<FunctionInfo> awaitReady(String name, String ns) {
        AtomicReference<String> last = new AtomicReference<>("no status read yet");
        Mono<FunctionStatus> poll = Mono.defer(() -> system().getFunction(name, ns))
                .onErrorResume(WebClientResponseException.NotFound.class, notYet -> {
                    last.set("not found yet");
                    return Mono.empty();
                })
                .doOnNext(status -> last.set(FunctionMapping.describe(status)))
                .filter(status -> status.getAvailableReplicas() != null && status.getAvailableReplicas() >= 1);
        return poll
                .repeatWhenEmpty(attempts -> attempts.delayElements(readyPollInterval))
                .onErrorMap(error -> translate(error, "deploy", name, null))
                .map(status -> toInfo(status, ns))
                .timeout(readyTimeout, Mono.defer(() -> Mono.error(new FaasException.Timeout(id(),
                        "deploy of '" + name + "' waiting for availableReplicas >= 1 (last status: " + last.get() + ")",
                        readyTimeout, null))));
    }

    @Override
    public Mono<Void> delete(FunctionRef ref) {
        String name = ref.name();
        return checkName(name).then(Mono.defer(() -> system().deleteFunction(new DeleteFunctionRequest()
                        .functionName(name).namespace(namespaceOf(ref.scope())))))
                .onErrorMap(error -> translate(error, "delete", name, null));
    }

    @Override
    public Mono<Void> scale(FunctionRef ref, int replicas) {
        if (replicas < 0) {
            return Mono.error(new FaasException.InvalidSpec(id(), "replicas", replicas + " (expected: >= 0)"));
        }
        String name = ref.name();
        return checkName(name).then(Mono.defer(() -> system().scaleFunction(name, new ScaleServiceRequest()
                        .serviceName(name).replicas((long) replicas).namespace(namespaceOf(ref.scope())))))
                .onErrorMap(error -> translate(error, "scale", name, null));
    }

    @Override
    public Mono<PlatformHealth> probe() {
        return probeWith(Mono.defer(() -> {
            long start = System.nanoTime();
            return system().healthz()
                    .then(system().getSystemInfo())
                    .defaultIfEmpty(new GatewayInfo())
                    .map(info -> up(start, describe(info)));
        }));
    }

    // ---- invocation -------------------------------------------------------------------------------------------

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        String name = request.function();
        return checkName(name).then(target("/function/", request)).flatMap(uri -> exchange(
                        HttpMethod.valueOf(request.method()), uri, withCallId(request), request.body(),
                        request.timeout(), name))
                .flatMap(response -> result(response, request));
    }

    private Mono<Invocation.Result> result(StreamedResponse response, Invocation request) {
        String name = request.function();
        int status = response.status();
        String callId = response.headers().first(CALL_ID).orElse(request.callId());
        boolean fromFunction = fromFunction(response.headers());
        if (status == 404 && !fromFunction) {
            return response.text(ERROR_BODY_LIMIT).flatMap(text ->
                    Mono.error(new FaasException.FunctionNotFound(id(), name, text)));
        }
        if (status == 408 || status == 504) {
            return response.text(ERROR_BODY_LIMIT).flatMap(text -> Mono.error(new FaasException.Timeout(id(),
                    "call of '" + name + "': " + (fromFunction ? "the function's own timeout fired"
                    : "the OpenFaaS gateway's upstream timeout fired") + " (HTTP " + status
                    + (text.isBlank() ? "" : ": " + text.strip()) + ")", null, null)));
        }
        if (status == 429 && fromFunction) {
            return Mono.just(new Invocation.Result(status, response.headers(), response.body(), callId, id()));
        }
        if (!fromFunction && gatewayError(status, response.headers(), "", name) != null) {
            return response.text(ERROR_BODY_LIMIT).flatMap(text -> Mono.error(
                    gatewayError(status, response.headers(), text, name)));
        }
        if (status >= 500) {
            return response.text(ERROR_BODY_LIMIT).flatMap(text -> Mono.error(new FaasException.FunctionFailed(id(),
                    name, status, response.headers(), text)));
        }
        return Mono.just(new Invocation.Result(status, response.headers(), response.body(), callId, id()));
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        if (!asyncInvoke) {
            return Mono.error(new FaasException.UnsupportedCapability(id(), Capability.ASYNC_INVOKE,
                    "async-invoke is off for this gateway; turn it on once NATS and the queue-worker run"));
        }
        String name = request.function();
        Headers headers = withCallId(request);
        if (request.callbackUrl() != null) {
            headers = headers.with(CALLBACK_URL, request.callbackUrl().toString());
        }
        Headers sent = headers;
        return checkName(name).then(target("/async-function/", request))
                .flatMap(uri -> exchange(HttpMethod.POST, uri, sent, request.body(), request.timeout(), name))
                .flatMap(response -> {
                    if (response.isSuccess()) {
                        String callId = response.headers().first(CALL_ID).orElse(request.callId());
                        return response.discard().thenReturn(new AsyncAccepted(callId, id(), Instant.now()));
                    }
                    return response.text(ERROR_BODY_LIMIT).flatMap(text -> Mono.error(
                            asyncFailure(response.status(), response.headers(), text, name)));
                });
    }

    private FaasException asyncFailure(int status, Headers headers, String text, String name) {
        if (status == 405 || (status == 404 && text.strip().equals("404 page not found"))) {
            return new FaasException.UnsupportedCapability(id(), Capability.ASYNC_INVOKE, "the gateway has no "
                    + "/async-function route (HTTP " + status + "); deploy NATS and the queue-worker, or set "
                    + "async-invoke: false");
        }
        return translateStatus(status, headers, text, "async invoke", name);
    }

    @Override
    public Mono<ForwardTarget> forwardTarget(FunctionRef ref) {
        String ns = namespaceOf(ref.scope());
        String name = ref.qualified();
        return checkName(ref.name()).then(checkNamespace(ns)).then(Mono.fromSupplier(() -> new ForwardTarget(
                URI.create(settings().baseUrl() + "/function/" + qualified(ref.name(), ns)), Headers.empty(),
                CALL_ID, new ForwardTarget.ResponseClassifier() {
                    @Override
                    public int bodyPrefix(int status, Headers headers) {
                        return status >= 400 && !fromFunction(headers) ? 256 : 0;
                    }

                    @Override
                    public FaasException classify(int status, Headers headers, String body) {
                        return gatewayError(status, headers, body, name);
                    }
                })));
    }

    /**
     * The OpenFaaS gateway's own error answers on the forward path, told apart from the function's: an answer that
     * went through to a function carries the watchdog's {@code X-Duration-Seconds} or the gateway proxy's
     * {@code X-Start-Time}; the gateway's own errors (no such function, cannot reach it, upstream timeout) carry
     * neither. Null for the function's answers and for statuses the gateway does not answer itself.
     */
    private FaasException gatewayError(int status, Headers headers, String body, String name) {
        if (status < 400 || fromFunction(headers)) {
            return null;
        }
        String words = body == null ? "" : body.strip();
        return switch (status) {
            case 404 -> new FaasException.FunctionNotFound(id(), name, words.isEmpty()
                    ? "the OpenFaaS gateway has no such function" : words);
            case 401, 403, 413, 414, 431, 429, 502, 503 -> translateStatus(status, headers, words, "call", name);
            case 504 -> new FaasException.Timeout(id(), "call of '" + name + "': the OpenFaaS gateway's upstream "
                    + "timeout fired (HTTP 504" + (words.isEmpty() ? "" : ": " + words) + ")", null, null);
            default -> null;
        };
    }

    /** Whether an answer went through to the function (its watchdog or the gateway's proxy marked it). */
    private static boolean fromFunction(Headers headers) {
        return headers.contains(DURATION_SECONDS) || headers.contains(START_TIME);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    @Override
    protected FaasException translateStatus(int status, Headers headers, String body, String operation,
                                            String function) {
        if (status == 404 && function == null) {
            return new FaasException.PlatformUnavailable(id(), operation + " answered 404 ("
                    + (body == null ? "" : body.strip()) + "); is " + settings().baseUrl() + " an OpenFaaS gateway?",
                    null);
        }
        return super.translateStatus(status, headers, body, operation, function);
    }

    private SystemApi system() {
        return client.system();
    }

    private Mono<Void> checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            String why = name != null && name.contains(".")
                    ? " (expected: no dot; OpenFaaS reads /function/a.b as function 'a' in namespace 'b')"
                    : " (expected: letters, digits, '-' or '_')";
            return Mono.error(new FaasException.InvalidSpec(id(), "name",
                    (name == null ? "null" : '"' + name + '"') + why));
        }
        return Mono.empty();
    }

    /** {@code base + prefix + name[.ns] + path[?query]}, or InvalidSpec when the path or query are not a URI. */
    private Mono<URI> target(String prefix, Invocation request) {
        String ns = namespaceOf(request.scope());
        return checkNamespace(ns).then(Mono.fromCallable(() -> URI.create(settings().baseUrl() + prefix
                        + qualified(request.function(), ns)
                        + request.pathAndQuery()))
                .onErrorMap(IllegalArgumentException.class, bad -> new FaasException.InvalidSpec(id(), "path",
                        '"' + request.pathAndQuery() + "\" (expected: a URL path and query, percent-encoded)")));
    }

    private Mono<Void> checkNamespace(String ns) {
        if (ns != null && !NAME.matcher(ns).matches()) {
            return Mono.error(new FaasException.InvalidSpec(id(), "scope", '"' + ns
                    + "\" (expected: a namespace name without dots)"));
        }
        return Mono.empty();
    }

    private static String qualified(String name, String ns) {
        return ns == null ? name : name + "." + ns;
    }

    private static Headers withCallId(Invocation request) {
        return request.headers().with(CALL_ID, request.callId());
    }

    private static boolean isNotFound(Throwable error) {
        return error instanceof WebClientResponseException response && response.getStatusCode().value() == 404;
    }

    /** faas-swarm and faasd answer 400, faas-netes 500, each with "already exists" (or "exists") in the text. */
    private static boolean isAlreadyExists(Throwable error) {
        if (error instanceof WebClientResponseException response) {
            int status = response.getStatusCode().value();
            return (status == 400 || status == 409 || status == 500)
                    && response.getResponseBodyAsString().toLowerCase(Locale.ROOT).contains("exists");
        }
        return false;
    }

    private Map<String, String> describe(GatewayInfo info) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("configuredProvider", provider.name().toLowerCase(Locale.ROOT));
        if (info.getProvider() != null) {
            putIfPresent(facts, "provider", info.getProvider().getProvider());
            putIfPresent(facts, "orchestration", info.getProvider().getOrchestration());
            if (info.getProvider().getVersion() != null) {
                putIfPresent(facts, "providerVersion", info.getProvider().getVersion().getRelease());
            }
        }
        if (info.getVersion() != null) {
            putIfPresent(facts, "gatewayVersion", info.getVersion().getRelease());
            putIfPresent(facts, "gatewaySha", info.getVersion().getSha());
        }
        putIfPresent(facts, "arch", info.getArch());
        return facts;
    }

    private static void putIfPresent(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(key, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
