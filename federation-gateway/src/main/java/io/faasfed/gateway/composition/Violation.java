package io.faasfed.gateway.composition;

import java.util.Objects;

/**
 * One problem found in a composition definition.
 *
 * @param path    where it is, written as dotted fields and {@code [index]}es from the document's root, e.g.
 *                {@code states.validate.retry[0].errors[1]}; empty for the document as a whole
 * @param message what is wrong and what to write instead
 */
public record Violation(String path, String message) {

    /** Requires both parts. */
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message}, or the message alone for the whole document. */
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
