package io.faasfed.adapter.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads credentials that may be given inline or as a file (a Docker or Kubernetes secret mount). */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The secret: the content of {@code file} (trailing newline removed) when a file is given, else {@code inline}.
     * Read once, at start-up, never on a request path.
     *
     * @param field  the property name, for messages
     * @param inline the inline value, or null
     * @param file   the file, or null
     * @throws IllegalArgumentException when both are given, or the file cannot be read
     */
    public static String resolve(String field, String inline, Path file) {
        if (file == null) {
            return inline;
        }
        if (inline != null && !inline.isEmpty()) {
            throw new IllegalArgumentException(field + " and " + field + "-file are both set (expected: one of them)");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(field + "-file: " + file + " cannot be read (expected: a readable file "
                    + "holding the secret, e.g. /run/secrets/basic-auth-password)", e);
        }
    }
}
