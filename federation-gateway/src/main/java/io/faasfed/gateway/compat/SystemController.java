package io.faasfed.gateway.compat;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.gateway.compat.OpenFaasModel.DeleteFunctionRequest;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionDeployment;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionStatus;
import io.faasfed.gateway.compat.OpenFaasModel.ScaleServiceRequest;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.invoke.InvocationMetrics;
import io.faasfed.gateway.registry.FederatedNamespace;
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
import reactor.core.publisher.Mono;

/**
 * The OpenFaaS gateway's management API over the federated namespace. Shapes and statuses follow the OpenFaaS
 * gateway (deploy, update, delete and scale answer 202); deploys go to the platform named by the label or annotation
 * {@code faasfed.platform}, else the default platform; listing merges every platform and labels each function with its
 * platform.
 */
@RestController
@RequestMapping(path = "/system", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "OpenFaaS-compatible API", description = "The OpenFaaS gateway's /system API over the federation")
public class SystemController {

    private final FederatedNamespace namespace;
    private final FunctionMapping mapping;
    private final InvocationMetrics metrics;
    private final String defaultNamespace;

    /** The controller over {@code namespace}. */
    public SystemController(FederatedNamespace namespace, InvocationMetrics metrics, FaasfedProperties properties) {
        this.namespace = namespace;
        this.metrics = metrics;
        this.defaultNamespace = properties.getCompat().getDefaultNamespace();
        this.mapping = new FunctionMapping(defaultNamespace);
    }

    /** Every function of every platform (in one namespace, when asked). */
    @GetMapping("/functions")
    @Operation(summary = "List functions of every platform")
    public Mono<List<FunctionStatus>> list(@RequestParam(required = false) String namespace) {
        String scope = mapping.scopeOf(namespace);
        return this.namespace.all()
                .mapNotNull(placements -> namespace == null ? this.namespace.serving(placements, null)
                        : this.namespace.bestIn(placements, scope))
                .map(placement -> mapping.toStatus(placement, metrics.count(placement.name())))
                .sort(java.util.Comparator.comparing(FunctionStatus::name))
                .collectList();
    }

    /** One function; 404 when no platform has it. */
    @GetMapping("/function/{name}")
    @Operation(summary = "Get one function")
    public Mono<FunctionStatus> get(@PathVariable String name, @RequestParam(required = false) String namespace) {
        return this.namespace.route(name, mapping.scopeOf(namespace))
                .map(route -> mapping.toStatus(route.placement(), metrics.count(name)));
    }

    /** Deploys a new function (create or update, like the providers do for a repeated deploy). */
    @PostMapping(path = "/functions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Deploy a function on the platform its faasfed.platform label names")
    public Mono<ResponseEntity<Void>> deploy(@RequestBody(required = false) FunctionDeployment deployment) {
        return Mono.fromCallable(() -> mapping.toSpec(deployment))
                .flatMap(namespace::deploy)
                .map(info -> accepted(info));
    }

    /** Updates an existing function; 404 when it does not exist, as faas-cli expects before it POSTs. */
    @PutMapping(path = "/functions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Update a function (404 when it does not exist)")
    public Mono<ResponseEntity<Void>> update(@RequestBody(required = false) FunctionDeployment deployment) {
        return Mono.fromCallable(() -> mapping.toSpec(deployment))
                .flatMap(spec -> namespace.route(spec.name(), spec.scope())
                        .flatMap(route -> namespace.update(spec, route)))
                .map(info -> accepted(info));
    }

    /** Deletes a function; the body names it and its namespace, as in OpenFaaS: exactly that placement goes. */
    @DeleteMapping(path = "/functions", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Delete a function (JSON body {functionName, namespace})")
    public Mono<ResponseEntity<Void>> delete(@RequestBody(required = false) DeleteFunctionRequest request) {
        if (request == null || request.functionName() == null || request.functionName().isBlank()) {
            return Mono.error(new BadRequest("functionName: missing (expected: a JSON body "
                    + "{\"functionName\":\"name\"})"));
        }
        return namespace.delete(request.functionName(), mapping.scopeOf(request.namespace()), null)
                .map(placement -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .header("X-Faasfed-Platform", placement.platform().value()).<Void>build());
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
        return namespace.scale(name, mapping.scopeOf(request.namespace()),
                        (int) Math.min(Integer.MAX_VALUE, request.replicas()))
                .map(route -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .header("X-Faasfed-Platform", route.platform().id().value()).<Void>build());
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
        return namespace.all()
                .flatMapIterable(placements -> placements)
                .map(placement -> placement.function().scope() == null ? defaultNamespace
                        : placement.function().scope())
                .collect(() -> new TreeSet<>(List.of(defaultNamespace)), TreeSet::add)
                .map(List::copyOf);
    }

    private static ResponseEntity<Void> accepted(FunctionInfo info) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("X-Faasfed-Platform", info.platform().value()).build();
    }
}
