package io.faasfed.gateway.api;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.gateway.api.NativeModel.Descriptor;
import io.faasfed.gateway.api.NativeModel.FunctionView;
import io.faasfed.gateway.api.NativeModel.PlacementView;
import io.faasfed.gateway.api.NativeModel.PlatformView;
import io.faasfed.gateway.audit.AuditAction;
import io.faasfed.gateway.audit.Auditor;
import io.faasfed.gateway.compat.AlertLog;
import io.faasfed.gateway.invoke.InvocationMetrics;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformStatus;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.Placement;
import io.faasfed.gateway.security.Callers;
import io.faasfed.gateway.security.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The native API: platforms, functions with their placements, and alert outcomes. */
@RestController
@RequestMapping(path = "/federation/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Federation API", description = "faasfed's native API")
public class FederationController {

    private final FederatedNamespace namespace;
    private final AlertLog alerts;
    private final InvocationMetrics metrics;
    private final Tenants tenants;
    private final Auditor auditor;

    /** The controller. */
    public FederationController(FederatedNamespace namespace, AlertLog alerts, InvocationMetrics metrics,
                                Tenants tenants, Auditor auditor) {
        this.auditor = auditor;
        this.tenants = tenants;
        this.namespace = namespace;
        this.alerts = alerts;
        this.metrics = metrics;
    }

    /** Every enabled platform with its health and sync state. */
    @GetMapping("/platforms")
    @Operation(summary = "List platforms with health, capabilities and sync state (URLs, counts and errors: admin)")
    public Mono<List<PlatformView>> platforms() {
        return Callers.current().map(caller -> caller.isAdmin() ? platformViews()
                : platformViews().stream().map(PlatformView::withoutOperatorDetails).toList());
    }

    private List<PlatformView> platformViews() {
        List<PlatformView> views = new ArrayList<>();
        for (ConfiguredPlatform platform : namespace.directory().all()) {
            PlatformStatus status = namespace.discovery().status(platform.id());
            views.add(new PlatformView(platform.id().value(), platform.type().configName(), platform.url(),
                    platform.priority(), status.health() == null ? "UNKNOWN" : status.health().status().name(),
                    status.health() == null ? null : status.health().detail(),
                    status.health() == null ? null : status.health().checkedAt(),
                    new TreeSet<>(platform.platform().capabilities().stream().map(Enum::name).toList()),
                    status.functionCount(), status.lastSync(), status.lastError(), status.stale()));
        }
        return views;
    }

    /** Every name with its placements. */
    @GetMapping("/functions")
    @Operation(summary = "List every function with its placements")
    public Mono<List<FunctionView>> functions() {
        return Callers.current().flatMapMany(caller -> namespace.all(tenants.visibleTo(caller))).map(this::view)
                .sort(Comparator.comparing(FunctionView::name)).collectList();
    }

    /** One name with its placements; 404 when no platform has it. */
    @GetMapping("/functions/{name}")
    @Operation(summary = "Get one function with its placements")
    public Mono<FunctionView> function(@PathVariable String name) {
        return Callers.current().flatMap(caller -> namespace.placements(name, tenants.visibleTo(caller)))
                .flatMap(list -> list.isEmpty()
                ? Mono.error(new FaasException.FunctionNotFound(null, name)) : Mono.just(view(list)));
    }

    /** Deploys (creates or updates) {@code name} from the neutral descriptor. */
    @PutMapping(path = "/functions/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Deploy a function from the neutral descriptor")
    public Mono<FunctionView> deploy(@PathVariable String name, @RequestBody Descriptor descriptor) {
        return Callers.current().flatMap(caller -> Mono.fromCallable(() -> descriptor.toSpec(name))
                .flatMap(spec -> namespace.placements(name, tenants.visibleTo(caller))
                        .flatMap(before -> auditor.write(action(spec, before), name)
                                .around(namespace.deploy(spec, tenants.placingFor(caller)),
                                        info -> new Auditor.Where(info.platform().value(), info.scope()))))
                .then(namespace.placements(name, tenants.visibleTo(caller)))
                .map(this::view));
    }

    /** Deletes {@code name} from the placement that serves it (in {@code scope}), or from {@code platform}. */
    @DeleteMapping("/functions/{name}")
    @Operation(summary = "Delete a function (the serving placement, in the scope and on the platform named)")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String name,
                                             @RequestParam(required = false) String platform,
                                             @RequestParam(required = false) String scope) {
        return Callers.current().flatMap(caller -> auditor.write(AuditAction.FUNCTION_DELETE, name).status(204)
                        .platform(platform).scope(scope)
                        .around(namespace.delete(name, scope, platform, tenants.visibleTo(caller)),
                                placement -> new Auditor.Where(placement.platform().value(), placement.scope())))
                .doOnSuccess(deleted -> metrics.reset(name))
                .thenReturn(ResponseEntity.status(HttpStatus.NO_CONTENT).build());
    }

    /** What recent AlertManager alerts led to. */
    @GetMapping("/alerts")
    @Operation(summary = "Recent alert-driven scaling outcomes")
    public List<AlertLog.Outcome> alerts() {
        return alerts.recent();
    }

    private FunctionView view(List<Placement> placements) {
        Placement serving = namespace.serving(placements, null);
        List<PlacementView> views = new ArrayList<>();
        Placement next = null;
        for (Placement placement : placements) {
            views.add(PlacementView.of(placement, placement == serving));
            if (placement != serving && next == null) {
                next = placement;
            }
        }
        boolean collision = placements.size() > 1;
        return new FunctionView(serving.name(), serving.platform().value(), Descriptor.of(serving.function()),
                views, collision,
                collision ? namespace.policy().reason(serving, next, namespace.directory()) : null);
    }

    /**
     * What a deploy of {@code spec} is, given the caller's placements of the name before it: new, an update where it
     * already is, or a move of the name to another platform (logged as such: callers' calls go elsewhere from now).
     */
    private AuditAction action(io.faasfed.adapter.api.FunctionSpec spec, List<Placement> before) {
        if (before.isEmpty()) {
            return AuditAction.FUNCTION_DEPLOY;
        }
        String target;
        try {
            target = namespace.targetOf(spec).id().value();
        } catch (RuntimeException invalid) {
            return AuditAction.FUNCTION_DEPLOY;
        }
        return before.stream().anyMatch(placement -> placement.platform().value().equals(target))
                ? AuditAction.FUNCTION_UPDATE : AuditAction.FUNCTION_MOVE;
    }
}
