package io.faasfed.adapter.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads credentials that may be given inline or as a file (a Docker or Kubernetes secret mount), and keeps them out
 * of what is shown: URLs lose their user info before they reach a message, a log line or an API answer.
 */
public final class Secrets {

    private Secrets() {
    }

    /**
     * {@code url} as text with any user info ({@code user:password@}) replaced by {@code ***@}, so that it can be
     * shown; null for null, and text that is not a URI is shown only up to its first {@code @}.
     */
    public static String withoutUserInfo(Object url) {
        if (url == null) {
            return null;
        }
        String text = url.toString();
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        int scheme = text.indexOf("://");
        int authorityEnd = indexOfAny(text, scheme < 0 ? 0 : scheme + 3, "/?#");
        if (scheme >= 0 && at < authorityEnd) {
            return text.substring(0, scheme + 3) + "***" + text.substring(text.lastIndexOf('@', authorityEnd - 1));
        }
        return scheme < 0 ? "***" + text.substring(at) : text;
    }

    private static int indexOfAny(String text, int from, String chars) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
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
