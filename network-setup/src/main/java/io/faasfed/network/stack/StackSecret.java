package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A secret a stack file declares: external (created beforehand, by {@code faasfed bootstrap} or
 * {@code docker secret create}) or read from a file at deploy time.
 *
 * @param key its key in the file, which services refer to
 * @param name its name on the engine
 * @param external whether it must exist already
 * @param file the file it is created from; empty for an external secret
 * @param labels its labels
 */
public record StackSecret(String key, String name, boolean external, String file, Map<String, String> labels) {

    public StackSecret {
        requireNonNull(key, "key");
        requireNonNull(name, "name");
        file = file == null ? "" : file;
        labels = StackDefinition.ordered(labels);
    }
}
