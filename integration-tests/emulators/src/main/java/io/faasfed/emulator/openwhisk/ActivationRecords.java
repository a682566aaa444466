package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Activation records as the controller stores them: {@code response.status} one of {@code success},
 * {@code application error}, {@code action developer error}, {@code whisk internal error}, with the result, the logs
 * and the {@code path}, {@code kind}, {@code limits}, {@code waitTime} (and for sequences {@code topmost}) annotations.
 */
final class ActivationRecords {

    private static final List<String> STATUS = List.of("success", "application error", "action developer error",
            "whisk internal error");

    private ActivationRecords() {
    }

    static ObjectNode record(ObjectNode action, String subject, String activationId, String cause, Instant start,
            ActionExecutor.Result result) {
        Instant end = Instant.now();
        ObjectNode record = Json.object();
        String namespace = action.path("namespace").asString();
        record.put("namespace", namespace.split("/")[0]);
        record.put("name", action.path("name").asString());
        record.put("version", action.path("version").asString());
        record.put("subject", subject);
        record.put("activationId", activationId);
        if (cause != null) {
            record.put("cause", cause);
        }
        record.put("start", start.toEpochMilli());
        record.put("end", end.toEpochMilli());
        record.put("duration", Math.max(0, end.toEpochMilli() - start.toEpochMilli()));
        record.put("statusCode", result.statusCode());
        ObjectNode response = record.putObject("response");
        response.put("status", STATUS.get(result.statusCode()));
        response.put("statusCode", result.statusCode());
        response.put("success", result.statusCode() == ActionExecutor.SUCCESS);
        response.set("result", result.result());
        response.put("size", Json.write(result.result()).length);
        ArrayNode logs = record.putArray("logs");
        result.logs().forEach(logs::add);
        ArrayNode annotations = record.putArray("annotations");
        annotations.add(keyValue("path", namespace + '/' + action.path("name").asString()));
        annotations.add(keyValue("kind", action.path("exec").path("kind").asString()));
        annotations.add(Json.object().put("key", "limits").set("value", action.path("limits").deepCopy()));
        annotations.add(Json.object().put("key", "waitTime").put("value", 0));
        if (ActionRuntimes.SEQUENCE.equals(action.path("exec").path("kind").asString())) {
            annotations.add(Json.object().put("key", "topmost").put("value", cause == null));
        }
        record.put("publish", false);
        return record;
    }

    static ObjectNode keyValue(String key, String value) {
        return Json.object().put("key", key).put("value", value);
    }
}
