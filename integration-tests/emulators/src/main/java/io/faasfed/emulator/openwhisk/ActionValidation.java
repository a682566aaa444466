package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.WhiskResponses.MALFORMED;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** The checks the controller makes on an entity's name, {@code exec} and {@code limits} before it stores it. */
final class ActionValidation {

    static final Pattern ENTITY_NAME = Pattern.compile("\\A([\\w]|[\\w][\\w@ .-]*[\\w@.-]+)\\z");

    private ActionValidation() {
    }

    static boolean validName(String name) {
        return name != null && ENTITY_NAME.matcher(name).matches();
    }

    /** What is wrong with an {@code exec}, if anything; {@code null} (absent) is fine. */
    static Optional<String> exec(JsonNode exec) {
        if (exec == null) {
            return Optional.empty();
        }
        if (!exec.isObject() || !exec.path("kind").isString()) {
            return Optional.of(MALFORMED + "'kind' must be a string defined in 'exec'");
        }
        String given = exec.path("kind").asString();
        Optional<String> resolved = ActionRuntimes.resolve(given);
        if (resolved.isEmpty()) {
            // Messages.invalidRuntimeError, thrown by Exec's reader for a kind not in the runtimes manifest
            return Optional.of(MALFORMED + "The specified runtime '" + given.trim().toLowerCase(Locale.ROOT)
                    + "' is not supported by this platform. Valid values are: "
                    + ActionRuntimes.known().stream().collect(Collectors.joining("', '", "'", "'")) + ".");
        }
        String kind = resolved.get();
        if (ActionRuntimes.BLACKBOX.equals(kind) && !exec.path("image").isString()) {
            return Optional.of(MALFORMED + "'image' must be a string defined in 'exec' for 'blackbox' actions");
        }
        if (ActionRuntimes.SEQUENCE.equals(kind)) {
            JsonNode components = exec.get("components");
            if (components == null) {
                return Optional.of(MALFORMED + "'components' must be defined for sequence kind");
            }
            if (!components.isArray()) {
                return Optional.of(MALFORMED + "'components' must be an array");
            }
            for (JsonNode component : components) {
                if (component.asString("").split("/").length < 3 || !component.asString("").startsWith("/")) {
                    return Optional.of(MALFORMED + "sequence components must be fully qualified: "
                            + component.asString(""));
                }
            }
        }
        if (!ActionRuntimes.BLACKBOX.equals(kind) && !ActionRuntimes.SEQUENCE.equals(kind)
                && !exec.path("code").isString()) {
            return Optional.of(MALFORMED + "'code' must be a string defined in 'exec' for '" + kind + "' actions");
        }
        if (exec.has("main") && !exec.get("main").isString()) {
            return Optional.of(MALFORMED + "if defined, 'main' be a string in 'exec' for '" + kind + "' actions");
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
