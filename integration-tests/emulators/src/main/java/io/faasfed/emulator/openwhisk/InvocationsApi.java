package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.WhiskResponses.MALFORMED;
import static io.faasfed.emulator.openwhisk.WhiskResponses.error;
import static io.faasfed.emulator.openwhisk.WhiskResponses.notFound;

import io.faasfed.emulator.BackgroundTasks;
import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.openwhisk.ActionExecutor.Resolved;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /namespaces/{ns}/actions[/{pkg}]/{name}}: non-blocking (202 with the activation id) and blocking
 * invocations (the record or, with {@code result=true}, the result; 202 when the wait runs out), each started in the
 * background so that its record is stored even when nobody waits for it.
 */
final class InvocationsApi {

    static final String ACTIVATION_ID_HEADER = "x-openwhisk-activation-id";
    private static final int MAX_PAYLOAD = 1024 * 1024;
    private static final long MAX_WAIT_MS = 60_000;

    private final Supplier<ActionExecutor> executor;
    private final BackgroundTasks background;

    InvocationsApi(Supplier<ActionExecutor> executor, BackgroundTasks background) {
        this.executor = executor;
        this.background = background;
    }

    Mono<EmulatorResponse> invoke(WhiskState state, EmulatorRequest request) {
        ObjectNode action = state.action(request.param("pkg"), request.param("name"));
        if (action == null) {
            return Mono.just(notFound());
        }
        if (request.body().length > MAX_PAYLOAD) {
            return Mono.just(error(413, MALFORMED + "request entity too large: " + request.body().length + " > "
                    + MAX_PAYLOAD + " bytes"));
        }
        ObjectNode params;
        try {
            params = Json.parseObject(request.body());
        } catch (Json.BadJson notAnObject) {
            return Mono.just(error(400, MALFORMED + notAnObject.getMessage()));
        }
        Duration wait = state.options().blockingWait();
        String timeout = request.queryParam("timeout");
        if (timeout != null) {
            long millis;
            try {
                millis = Long.parseLong(timeout);
            } catch (NumberFormatException e) {
                millis = -1;
            }
            if (millis < 0 || millis > MAX_WAIT_MS) {
                return Mono.just(error(400, MALFORMED + "timeout " + timeout + " is out of range [0, " + MAX_WAIT_MS
                        + "] milliseconds"));
            }
            if (millis > 0 && millis < wait.toMillis()) {
                wait = Duration.ofMillis(millis);
            }
        }
        String activationId = Ids.hex32();
        Mono<ObjectNode> activation = start(state, state.resolved(action), params, activationId);
        EmulatorResponse accepted = EmulatorResponse.json(202, Json.object().put("activationId", activationId))
                .withHeader(ACTIVATION_ID_HEADER, activationId);
        if (!"true".equalsIgnoreCase(request.queryParam("blocking"))) {
            return Mono.just(accepted);
        }
        boolean resultOnly = "true".equalsIgnoreCase(request.queryParam("result"));
        return activation.timeout(wait)
                .map(record -> {
                    JsonNode body = resultOnly ? record.path("response").path("result") : record;
                    return EmulatorResponse.json(statusFor(record), body).withHeader(ACTIVATION_ID_HEADER, activationId);
                })
                .onErrorResume(TimeoutException.class, stillRunning -> Mono.just(accepted));
    }

    /**
     * Starts an activation of an action of {@code owner}'s namespace (run as its owner: a key it is given is the
     * owner's) that runs to its end (and is stored there) whether or not the caller waits.
     */
    Mono<ObjectNode> start(WhiskState owner, Resolved target, ObjectNode params, String activationId) {
        Mono<ObjectNode> activation = executor.get().activate(owner, target, params, activationId, null).cache();
        background.start(activation);
        return activation;
    }

    private static int statusFor(ObjectNode record) {
        return switch (record.path("statusCode").asInt()) {
            case ActionExecutor.SUCCESS -> 200;
            case ActionExecutor.WHISK_ERROR -> 500;
            default -> 502;
        };
    }
}
