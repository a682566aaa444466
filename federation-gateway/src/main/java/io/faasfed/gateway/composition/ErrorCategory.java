package io.faasfed.gateway.composition;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of failure a retrier or catcher selects, written in definitions by their {@link #jsonName()}. */
public enum ErrorCategory {

    /** The platform hosting the function could not be reached or answered that it is unavailable. */
    PLATFORM_UNAVAILABLE("platform-unavailable"),
    /** The step (or the function) ran past its timeout. */
    TIMEOUT("timeout"),
    /** The function ran and failed (an error status or an error result). */
    FUNCTION_FAILED("function-failed"),
    /** Every failure: must be the only category of its entry. */
    ANY("any");

    private final String jsonName;

    ErrorCategory(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name written in a definition, e.g. {@code platform-unavailable}. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether an entry listing this category applies to a failure of category {@code actual}. */
    public boolean matches(ErrorCategory actual) {
        return this == ANY || this == actual;
    }

    /** The category written as {@code name}, if there is one. */
    public static Optional<ErrorCategory> fromJsonName(String name) {
        return Arrays.stream(values()).filter(c -> c.jsonName.equals(name)).findFirst();
    }

    /** Every name, comma-separated, for messages. */
    static String allNames() {
        return Arrays.stream(values()).map(ErrorCategory::jsonName).collect(Collectors.joining(", "));
    }
}
