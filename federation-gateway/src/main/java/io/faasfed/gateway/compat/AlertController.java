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
 * function each alert names ({@code function_name} label) on its platform, from the replica count the platform
 * reports at that moment. A firing alert adds {@code ceil(max / 100 * factor)} replicas up to max; a resolved one goes
 * back to min (labels {@code com.openfaas.scale.min|max|factor}, defaults 1, 20, 20; see {@link Step}). Each outcome,
 * with its inputs, is recorded ({@code GET /federation/v1/alerts}). Where the platform has no scale API the alert is
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
            return Mono.just(AlertLog.Outcome.without(alertName, status, null, null, "ignored",
                    "the alert has no function_name label"));
        }
        int dot = qualified.lastIndexOf('.');
        String name = dot < 0 ? qualified : qualified.substring(0, dot);
        String scope = dot < 0 ? null : mapping.scopeOf(qualified.substring(dot + 1));
        return namespace.route(name, scope).flatMap(route -> {
            String platform = route.platform().id().value();
            if (!route.platform().platform().capabilities().contains(Capability.SCALE)) {
                return Mono.just(AlertLog.Outcome.without(alertName, status, name, platform, "unsupported",
                        "platform '" + platform + "' (" + route.platform().type().configName()
                        + ") has no scale API; the alert was recorded but not acted on"));
            }
            // The live count, not the registry's copy from the last discovery pass.
            return namespace.live(route).flatMap(info -> {
                Step step = Step.of(status, info.replicas() == null ? 0 : info.replicas(), info.labels());
                if (step.target() == step.current()) {
                    return Mono.just(step.outcome(alertName, status, name, platform, "unchanged",
                            "already at " + step.current() + " replicas"));
                }
                return route.platform().platform().scale(route.ref(), step.target())
                        .thenReturn(step.outcome(alertName, status, name, platform, "scaled",
                                "scaled from " + step.current() + " to " + step.target() + " replicas"));
            });
        }).onErrorResume(error -> Mono.just(AlertLog.Outcome.without(alertName, status, name,
                error instanceof FaasException faas ? faas.platform().map(Object::toString).orElse(null) : null,
                error instanceof FaasException.FunctionNotFound ? "not-found"
                        : error instanceof FaasException.UnsupportedCapability ? "unsupported" : "failed",
                error.getMessage())));
    }

    /**
     * One scaling decision, as the OpenFaaS CE gateway makes it for an AlertManager alert. Its alert handler reads
     * the function's replicas and its {@code com.openfaas.scale.min|max|factor} labels (a missing or unreadable label
     * takes the default: 1, 20 and 20; a factor outside 0..100 also falls back to 20), then computes a step of
     * {@code ceil(max / 100 * factor)} replicas: a firing alert with a step above zero adds it, up to max; a resolved
     * alert (or a zero step) goes to min; when nothing changes it does not call the provider. We do the same, with
     * the same floating-point expression, and additionally never go below min on a firing alert.
     *
     * @param current the live replica count
     * @param min     the minimum
     * @param max     the maximum (at least min)
     * @param factor  the step in percent of max
     * @param target  the replica count to set
     */
    record Step(int current, int min, int max, int factor, int target) {

        static Step of(String status, int current, Map<String, String> labels) {
            int min = intLabel(labels, "com.openfaas.scale.min", DEFAULT_MIN);
            int max = Math.max(min, intLabel(labels, "com.openfaas.scale.max", DEFAULT_MAX));
            int factor = intLabel(labels, "com.openfaas.scale.factor", DEFAULT_FACTOR);
            if (factor > 100) {
                factor = DEFAULT_FACTOR;
            }
            long step = (long) Math.ceil((double) max / 100 * factor);
            int target = "firing".equalsIgnoreCase(status) && step > 0
                    ? (int) Math.max(min, Math.min(max, current + step)) : min;
            return new Step(current, min, max, factor, target);
        }

        AlertLog.Outcome outcome(String alert, String status, String function, String platform, String result,
                                 String detail) {
            return new AlertLog.Outcome(Instant.now(), alert, status, function, platform, result, target, current,
                    min, max, factor, detail);
        }
    }

    /** A non-negative whole-number label, or {@code fallback} when it is absent or not one. */
    private static int intLabel(Map<String, String> labels, String key, int fallback) {
        String value = labels.get(key);
        if (value == null || !value.trim().matches("\\d{1,9}")) {
            return fallback;
        }
        return Integer.parseInt(value.trim());
    }
}
