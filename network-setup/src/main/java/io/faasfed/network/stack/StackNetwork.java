package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A network a stack file declares.
 *
 * @param key its key in the file ({@code faasnet}), which services refer to
 * @param name its name on the engine: {@code name} when given (the shared network's, after interpolation), else the key
 * @param external whether it must exist already (the shared network is created by {@code faasfed network apply})
 * @param driver the driver asked for; empty when unset
 * @param labels its labels
 */
public record StackNetwork(String key, String name, boolean external, String driver, Map<String, String> labels) {

    public StackNetwork {
        requireNonNull(key, "key");
        requireNonNull(name, "name");
        driver = driver == null ? "" : driver;
        labels = StackDefinition.ordered(labels);
    }
}
