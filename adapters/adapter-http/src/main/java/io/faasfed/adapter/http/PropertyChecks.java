package io.faasfed.adapter.http;

import io.faasfed.adapter.api.PlatformId;
import java.time.Duration;
import java.util.Objects;

/**
 * Checks that platform factories run on bound properties, so that every start-up message reads the same way:
 * {@code faasfed.platforms.<id>.<property>: <value> (expected: <what>)}.
 */
public final class PropertyChecks {

    private PropertyChecks() {
    }

    /** The prefix of one platform's properties, {@code faasfed.platforms.<id>.}, dot included. */
    public static String prefix(PlatformId id) {
        Objects.requireNonNull(id, "id");
        return HttpPlatformProperties.PREFIX + "." + id.value() + ".";
    }

    /**
     * The exception for a property whose value is not accepted.
     *
     * @param property the full property name, e.g. {@code faasfed.platforms.fn.page-size}
     * @param value    the value as it should be shown (see {@link #quote(String)} for strings)
     * @param expected what would be accepted, ideally with an example
     */
    public static IllegalArgumentException invalid(String property, Object value, String expected) {
        return new IllegalArgumentException(property + ": " + value + " (expected: " + expected + ")");
    }

    /**
     * {@code value} when it is a positive duration.
     *
     * @throws IllegalArgumentException naming {@code property} when it is null, zero or negative
     */
    public static Duration positive(String property, Duration value) {
        if (value == null) {
            throw invalid(property, null, "a duration > 0, e.g. 30s");
        }
        if (value.isNegative() || value.isZero()) {
            throw invalid(property, value, "> 0");
        }
        return value;
    }

    /** {@code value} in double quotes, so that blanks show in a message; {@code null} unquoted. */
    public static String quote(String value) {
        return value == null ? "null" : '"' + value + '"';
    }
}
