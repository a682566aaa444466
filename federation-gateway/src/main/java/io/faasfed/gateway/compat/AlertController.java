package io.faasfed.gateway.compat;

import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.gateway.compat.OpenFaasModel.Alert;
import io.faasfed.gateway.compat.OpenFaasModel.AlertManagerWebhook;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /system/alert}: takes Prometheus AlertManager webhooks as the OpenFaaS gateway does and scales the
 * function each alert names ({@code function_name} label) on its platform. A firing alert adds
 * {@code ceil(max * factor / 100)} replicas up to max; a resolved one goes back to min (labels
 * {@code com.openfaas.scale.min|max|factor}, defaults 1, 20, 20). Where the platform has no scale API the alert is
 * recorded as unsupported and the answer says so (501 when nothing could be scaled), never dropped silently.
 */
@RestController
@Tag(name = "OpenFaaS-compatible API")
public class AlertController {

    private static final int DEFAULT_MIN = 1;
    private static final int DEFAULT_MAX = 20;
    private static final int DEFAULT_FACTOR = 20;

    private final FederatedNamespace namespace;
    private final AlertLog log;
    private final FunctionMapping mapping;

    /** The controller. */
    public AlertController(FederatedNamespace namespace, AlertLog log, FaasfedProperties properties) {
        this.namespace = namespace;
        this.log = log;
        this.mapping = new FunctionMapping(properties.getCompat().getDefaultNamespace());
    }

    /** Handles one webhook. */
    @PostMapping(path = "/system/alert", consumes = MediaType.ALL_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Scale functions from a Prometheus AlertManager webhook")
    public Mono<ResponseEntity<Map<String, Object>>> alert(@RequestBody(required = false) AlertManagerWebhook hook) {
        if (hook == null || hook.alerts() == null) {
            return Mono.error(new BadRequest("alerts: missing (expected: an AlertManager webhook "
                    + "with an \"alerts\" array)"));
        }
        return Flux.fromIterable(hook.alerts())
                .concatMap(alert -> handle(alert, hook.status()))
                .doOnNext(log::record)
                .collectList()
                .map(outcomes -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("outcomes", outcomes);
                    boolean anyScaled = outcomes.stream().anyMatch(outcome -> "scaled".equals(outcome.result()));
                    boolean allUnsupported = !outcomes.isEmpty()
                            && outcomes.stream().allMatch(outcome -> "unsupported".equals(outcome.result()));
                    HttpStatus status = allUnsupported && !anyScaled ? HttpStatus.NOT_IMPLEMENTED : HttpStatus.OK;
                    return ResponseEntity.status(status).body(body);
                });
    }

    private Mono<AlertLog.Outcome> handle(Alert alert, String hookStatus) {
        Map<String, String> labels = alert.labels() == null ? Map.of() : alert.labels();
        String alertName = labels.getOrDefault("alertname", "");
        String status = alert.status() != null ? alert.status() : hookStatus;
        String qualified = labels.get("function_name");
        if (qualified == null || qualified.isBlank()) {
            return Mono.just(new AlertLog.Outcome(Instant.now(), alertName, status, null, null, "ignored", null,
                    "the alert has no function_name label"));
        }
        int dot = qualified.lastIndexOf('.');
        String name = dot < 0 ? qualified : qualified.substring(0, dot);
        String scope = dot < 0 ? null : mapping.scopeOf(qualified.substring(dot + 1));
        return namespace.route(name, scope).flatMap(route -> {
            String platform = route.platform().id().value();
            if (!route.platform().platform().capabilities().contains(Capability.SCALE)) {
                return Mono.just(new AlertLog.Outcome(Instant.now(), alertName, status, name, platform,
                        "unsupported", null, "platform '" + platform + "' (" + route.platform().type().configName()
                        + ") has no scale API; the alert was recorded but not acted on"));
            }
            Map<String, String> fnLabels = route.placement().function().labels();
            int min = intLabel(fnLabels, "com.openfaas.scale.min", DEFAULT_MIN);
            int max = Math.max(min, intLabel(fnLabels, "com.openfaas.scale.max", DEFAULT_MAX));
            int factor = intLabel(fnLabels, "com.openfaas.scale.factor", DEFAULT_FACTOR);
            Integer replicas = route.placement().function().replicas();
            int current = replicas == null ? min : replicas;
            int target = "resolved".equalsIgnoreCase(status) ? min
                    : Math.min(max, current + Math.max(1, (int) Math.ceil(max * factor / 100.0)));
            return route.platform().platform().scale(route.ref(), target)
                    .thenReturn(new AlertLog.Outcome(Instant.now(), alertName, status, name, platform, "scaled",
                            target, "scaled from " + current + " to " + target + " replicas"));
        }).onErrorResume(error -> Mono.just(new AlertLog.Outcome(Instant.now(), alertName, status, name,
                error instanceof FaasException faas ? faas.platform().map(Object::toString).orElse(null) : null,
                error instanceof FaasException.FunctionNotFound ? "not-found"
                        : error instanceof FaasException.UnsupportedCapability ? "unsupported" : "failed",
                null, error.getMessage())));
    }

    private static int intLabel(Map<String, String> labels, String key, int fallback) {
        String value = labels.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
