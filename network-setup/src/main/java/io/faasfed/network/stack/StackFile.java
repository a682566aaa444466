package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

/**
 * One stack file's text and the name it is reported under.
 *
 * @param name the file's name in messages (its path, or a classpath resource's name)
 * @param text the YAML text
 */
public record StackFile(String name, String text) {

    public StackFile {
        requireNonNull(name, "name");
        requireNonNull(text, "text");
    }

    /**
     * Reads {@code path} as UTF-8.
     *
     * @throws SetupException INVALID_INPUT when the file cannot be read
     */
    public static StackFile read(Path path) {
        requireNonNull(path, "path");
        try {
            return new StackFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "Cannot read the stack file " + path + ": " + e.getMessage(),
                    "Give the path of a readable Compose file (-c compose/federation.yml).", e);
        }
    }
}
