package io.faasfed.gateway.compat;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.gateway.compat.OpenFaasModel.DeleteFunctionRequest;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionDeployment;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionNamespace;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionStatus;
import io.faasfed.gateway.compat.OpenFaasModel.ScaleServiceRequest;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.invoke.InvocationMetrics;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.Placement;
import io.faasfed.gateway.registry.PlatformsUnreachableException;
import io.faasfed.gateway.audit.AuditAction;
import io.faasfed.gateway.audit.Auditor;
import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.security.Callers;
import io.faasfed.gateway.security.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The OpenFaaS gateway's management API over the federated namespace. Shapes and statuses follow the OpenFaaS
 * gateway (deploy, update, delete and scale answer 202; a create of an existing name is refused); deploys go to the
 * platform named by the label or annotation {@code faasfed.platform}, else the default platform; listing merges every
 * platform. Reads show what the platform holds and nothing more: the serving platform is named in the
 * {@code X-Faasfed-Platform} response header (and the native API), never added as a label.
 */
@RestController
@RequestMapping(path = "/system", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "OpenFaaS-compatible API", description = "The OpenFaaS gateway's /system API over the federation")
public class SystemController {

    private static final String PLATFORM_HEADER = "X-Faasfed-Platform";
    private static final String STALE_HEADER = "X-Faasfed-Stale";

    /** Where a deploy or update went, for the audit log. */
    static final java.util.function.Function<FunctionInfo, Auditor.Where> WHERE = info -> new Auditor.Where(
            info.platform().value(), info.scope());

    private final FederatedNamespace namespace;
    private final FunctionMapping mapping;
    private final InvocationMetrics metrics;
    private final String defaultNamespace;
    private final LiveStatus live;
    private final Tenants tenants;
    private final Auditor auditor;

    /** The controller over {@code namespace}. */
    public SystemController(FederatedNamespace namespace, InvocationMetrics metrics, FaasfedProperties properties,
                            Tenants tenants, Auditor auditor) {
        this.auditor = auditor;
        this.namespace = namespace;
        this.tenants = tenants;
        this.metrics = metrics;
        this.defaultNamespace = properties.getCompat().getDefaultNamespace();
        this.mapping = new FunctionMapping(defaultNamespace);
        this.live = new LiveStatus(namespace, properties.getCompat().getStatusCacheTtl());
    }

    /**
     * Every function of every platform (in one namespace, when asked), from the registry: as fresh as the last
     * deploy through the gateway or discovery pass; a function whose platform is down or stale shows 0 available.
     */
    @GetMapping("/functions")
    @Operation(summary = "List functions of every platform")
    public Mono<List<FunctionStatus>> list(@RequestParam(required = false) String namespace) {
        String scope = mapping.scopeOf(namespace);
        return Callers.current().flatMapMany(caller -> this.namespace.all(tenants.visibleTo(caller)))
                .mapNotNull(placements -> namespace == null ? this.namespace.serving(placements, null)
                        : this.namespace.bestIn(placements, scope))
                .map(placement -> mapping.toStatus(placement.function(), metrics.count(placement.name()),
                        reachable(placement)))
                .sort(java.util.Comparator.comparing(FunctionStatus::name))
                .collectList();
    }

    /**
     * One function, read live from the platform that serves it (or within {@code faasfed.compat.status-cache-ttl});
     * 404 when no platform has it. The serving platform is named in the {@code X-Faasfed-Platform} header; when the
     * platform cannot be asked, the registry's copy is shown with 0 available replicas and {@code X-Faasfed-Stale}.
     */
    @GetMapping("/function/{name}")
    @Operation(summary = "Get one function (a live read of its platform)")
    public Mono<ResponseEntity<FunctionStatus>> get(@PathVariable String name,
                                                    @RequestParam(required = false) String namespace) {
        return Callers.current()
                .flatMap(caller -> this.namespace.route(name, mapping.scopeOf(namespace), tenants.visibleTo(caller)))
                .flatMap(route -> live.read(route).map(read -> {
                    ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                            .header(PLATFORM_HEADER, route.platform().id().value());
                    if (!read.reachable()) {
                        answer.header(STALE_HEADER, "true");
                    }
                    return answer.body(mapping.toStatus(read.info(), metrics.count(name), read.reachable()));
                }));
    }

    /**
     * Creates a function; 409 naming the platform when the name already exists in that namespace on any platform
     * (OpenFaaS refuses a create of an existing function too; PUT updates).
     */
    @PostMapping(path = "/functions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Create a function on the platform its faasfed.platform label names (409 if it exists)")
    public Mono<ResponseEntity<Void>> deploy(@RequestBody(required = false) FunctionDeployment deployment) {
        return Callers.current().flatMap(caller -> Mono.fromCallable(() -> placed(caller, mapping.toSpec(deployment)))
                .flatMap(spec -> namespace.placements(spec.name(), tenants.visibleTo(caller))
                        // a platform that cannot be asked keeps its known functions (stale) in the registry; a name
                        // it alone might have is not a reason to refuse a create on another platform
                        .onErrorResume(PlatformsUnreachableException.class, unreachable -> Mono.just(List.of()))
                        .flatMap(found -> {
                            Placement existing = found.stream()
                                    .filter(placement -> namespace.inScope(placement, spec.scope()))
                                    .findFirst().orElse(null);
                            return existing == null ? auditor.write(AuditAction.FUNCTION_DEPLOY, spec.name())
                                    .status(202).around(namespace.deploy(spec, tenants.placingFor(caller)), WHERE)
                                    : Mono.error(new FaasException.AlreadyExists(existing.platform(), spec.name(),
                                    "update it with PUT /system/functions, or delete it first"));
                        })
                        .doOnSuccess(info -> changed(spec.name()))))
                .map(SystemController::accepted);
    }

    /** Updates an existing function; 404 when it does not exist, as faas-cli expects before it POSTs. */
    @PutMapping(path = "/functions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Update a function (404 when it does not exist)")
    public Mono<ResponseEntity<Void>> update(@RequestBody(required = false) FunctionDeployment deployment) {
        return Callers.current().flatMap(caller -> Mono.fromCallable(() -> mapping.toSpec(deployment))
                .flatMap(spec -> namespace.route(spec.name(), spec.scope(), tenants.visibleTo(caller))
                        .flatMap(route -> auditor.write(moves(spec, route) ? AuditAction.FUNCTION_MOVE
                                        : AuditAction.FUNCTION_UPDATE, spec.name()).status(202)
                                .around(namespace.update(spec, route, tenants.placingFor(caller)), WHERE))
                        .doOnSuccess(info -> changed(spec.name()))))
                .map(SystemController::accepted);
    }

    /**
     * Deletes a function; the body names it and its namespace, as in OpenFaaS: exactly that placement goes. Its
     * invocation count starts again from zero.
     */
    @DeleteMapping(path = "/functions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Delete a function (JSON body {functionName, namespace})")
    public Mono<ResponseEntity<Void>> delete(@RequestBody(required = false) DeleteFunctionRequest request) {
        if (request == null || request.functionName() == null || request.functionName().isBlank()) {
            return Mono.error(new BadRequest("functionName: missing (expected: a JSON body "
                    + "{\"functionName\":\"name\"})"));
        }
        return Callers.current().flatMap(caller -> auditor.write(AuditAction.FUNCTION_DELETE,
                        request.functionName()).status(202).around(namespace.delete(request.functionName(),
                        mapping.scopeOf(request.namespace()), null, tenants.visibleTo(caller)),
                        placement -> new Auditor.Where(placement.platform().value(), placement.scope())))
                .doOnSuccess(placement -> {
                    changed(request.functionName());
                    metrics.reset(request.functionName());
                })
                .map(placement -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .header(PLATFORM_HEADER, placement.platform().value()).<Void>build());
    }

    /** Scales a function on its platform; 501 where the platform cannot scale. */
    @PostMapping(path = "/scale-function/{name}", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Scale a function")
    public Mono<ResponseEntity<Void>> scale(@PathVariable String name,
                                            @RequestBody(required = false) ScaleServiceRequest request) {
        if (request == null || request.replicas() == null || request.replicas() < 0) {
            return Mono.error(new BadRequest("replicas: " + (request == null ? null : request.replicas())
                    + " (expected: a JSON body {\"serviceName\":\"" + name + "\",\"replicas\":N} with N >= 0)"));
        }
        return Callers.current().flatMap(caller -> auditor.write(AuditAction.FUNCTION_SCALE, name).status(202)
                        .detail("replicas " + request.replicas())
                        .around(namespace.scale(name, mapping.scopeOf(request.namespace()),
                                (int) Math.min(Integer.MAX_VALUE, request.replicas()), tenants.visibleTo(caller)),
                                route -> new Auditor.Where(route.platform().id().value(), route.placement().scope())))
                .doOnSuccess(route -> changed(name))
                .map(route -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .header(PLATFORM_HEADER, route.platform().id().value()).<Void>build());
    }

    /** What this gateway is, in OpenFaaS' shape. */
    @GetMapping("/info")
    @Operation(summary = "Gateway and provider information")
    public Map<String, Object> info() {
        String release = String.valueOf(SystemController.class.getPackage().getImplementationVersion());
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("sha", "");
        version.put("release", release);
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("provider", "faasfed");
        provider.put("orchestration", "federation");
        provider.put("version", version);
        Map<String, Object> gateway = new LinkedHashMap<>(version);
        gateway.put("commit_message", "faasfed federation gateway");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("version", gateway);
        body.put("arch", System.getProperty("os.arch"));
        return body;
    }

    /** The namespaces: the default one plus every scope that holds a function. */
    @GetMapping("/namespaces")
    @Operation(summary = "List namespaces")
    public Mono<List<String>> namespaces() {
        return Callers.current().flatMapMany(caller -> namespace.all(tenants.visibleTo(caller)))
                .flatMapIterable(placements -> placements)
                .map(placement -> placement.function().scope() == null ? defaultNamespace
                        : placement.function().scope())
                .collect(() -> new TreeSet<>(List.of(defaultNamespace)), TreeSet::add)
                .map(List::copyOf);
    }

    /** One namespace of those {@code GET /system/namespaces} lists ({@code faas-cli namespace get}); else 404. */
    @GetMapping("/namespace/{name}")
    @Operation(summary = "Get one namespace")
    public Mono<FunctionNamespace> namespace(@PathVariable String name) {
        return namespaces().flatMap(names -> names.contains(name)
                ? Mono.just(new FunctionNamespace(name, Map.of(), Map.of()))
                : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "namespace '" + name
                        + "' not found; GET /system/namespaces lists them")));
    }

    /** Whether the platform of {@code placement} answered when last asked (fresh listing, probe not DOWN). */
    private boolean reachable(Placement placement) {
        if (placement.stale()) {
            return false;
        }
        PlatformHealth health = namespace.discovery().status(placement.platform()).health();
        return health == null || health.status() != PlatformHealth.Status.DOWN;
    }

    /** A change made through the gateway: the next describe asks the platform again. */
    private void changed(String name) {
        live.forget(name);
    }

    private static ResponseEntity<Void> accepted(FunctionInfo info) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(PLATFORM_HEADER, info.platform().value()).build();
    }

    /** {@code spec} in the scope {@code caller}'s deploy goes to on its target platform (a tenant's own scope). */
    private FunctionSpec placed(Caller caller, FunctionSpec spec) {
        return tenants.placingFor(caller).place(namespace.targetOf(spec), spec);
    }

    /** Whether updating {@code route}'s function with {@code spec} moves the name to another platform. */
    static boolean moves(FunctionSpec spec, FederatedNamespace.Route route) {
        String pin = spec.labelOrAnnotation(Placement.PIN_LABEL);
        return pin != null && !pin.equals(route.platform().id().value());
    }
}
