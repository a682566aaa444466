package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A named volume a stack file declares.
 *
 * @param key its key in the file, which services mount
 * @param name its name on the engine: {@code name} when given, else the key (the stack prefixes it)
 * @param external whether it must exist already
 * @param driver the driver asked for; empty when unset
 * @param labels its labels
 */
public record StackVolume(String key, String name, boolean external, String driver, Map<String, String> labels) {

    public StackVolume {
        requireNonNull(key, "key");
        requireNonNull(name, "name");
        driver = driver == null ? "" : driver;
        labels = StackDefinition.ordered(labels);
    }
}
