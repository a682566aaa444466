package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.WhiskResponses.MALFORMED;

import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** The checks the controller makes on an entity's name, {@code exec} and {@code limits} before it stores it. */
final class ActionValidation {

    static final Pattern ENTITY_NAME = Pattern.compile("\\A([\\w]|[\\w][\\w@ .-]*[\\w@.-]+)\\z");
    private static final Pattern MAIN = Pattern.compile("[A-Za-z_$][\\w$]*");

    private final ActionRuntimes runtimes;

    ActionValidation(ActionRuntimes runtimes) {
        this.runtimes = runtimes;
    }

    static boolean validName(String name) {
        return name != null && ENTITY_NAME.matcher(name).matches();
    }

    /** What is wrong with an {@code exec}, if anything; {@code null} (absent) is fine. */
    Optional<String> exec(JsonNode exec) {
        if (exec == null) {
            return Optional.empty();
        }
        String kind = exec.path("kind").asString("");
        if (!runtimes.supports(kind)) {
            return Optional.of("kind '" + kind + "' not in Set(" + String.join(", ", runtimes.available()) + ")");
        }
        if (ActionRuntimes.BLACKBOX.equals(kind) && exec.path("image").asString("").isBlank()) {
            return Optional.of(MALFORMED + "image undefined");
        }
        if (ActionRuntimes.SEQUENCE.equals(kind)) {
            JsonNode components = exec.path("components");
            if (!components.isArray() || components.isEmpty()) {
                return Optional.of(MALFORMED + "components undefined");
            }
            for (JsonNode component : components) {
                if (component.asString("").split("/").length < 3 || !component.asString("").startsWith("/")) {
                    return Optional.of(MALFORMED + "sequence components must be fully qualified: "
                            + component.asString(""));
                }
            }
        }
        if ((ActionRuntimes.isNode(kind) || ActionRuntimes.isPython(kind))
                && exec.path("code").asString("").isBlank()) {
            return Optional.of(MALFORMED + "code undefined");
        }
        if (exec.has("main") && !MAIN.matcher(exec.path("main").asString("")).matches()) {
            return Optional.of(MALFORMED + "main must be an identifier");
        }
        return Optional.empty();
    }

    /** What is out of range in {@code limits}, if anything. */
    static Optional<String> limits(JsonNode limits) {
        if (limits == null) {
            return Optional.empty();
        }
        return range(limits, "timeout", 100, 300_000, "milliseconds")
                .or(() -> range(limits, "memory", 128, 512, "MB"))
                .or(() -> range(limits, "logs", 0, 10, "MB"))
                .or(() -> range(limits, "concurrency", 1, 1, "activations"));
    }

    private static Optional<String> range(JsonNode limits, String field, long min, long max, String unit) {
        JsonNode value = limits.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            return Optional.of(MALFORMED + field + " " + value + " " + unit + " is out of range [" + min + ", "
                    + max + "]");
        }
        return Optional.empty();
    }
}
