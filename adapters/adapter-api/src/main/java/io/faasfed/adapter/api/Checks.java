package io.faasfed.adapter.api;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the records of this package, so that every message reads the same way:
 * {@code "<field>: <value> (expected: <what>)"}.
 */
final class Checks {

    /** DNS-1123 label: what every platform accepts as a function name. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Checks() {
    }

    static InvalidArgument invalid(String field, Object value, String expected) {
        return new InvalidArgument(field, value, expected);
    }

    static String name(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw invalid(field, value == null ? null : '"' + value + '"',
                    "1-63 lowercase letters, digits or '-', starting and ending with a letter or digit, no dots");
        }
        return value;
    }

    static Integer positive(String field, Integer value) {
        if (value != null && value <= 0) {
            throw invalid(field, value, "> 0");
        }
        return value;
    }

    static Double positive(String field, Double value) {
        if (value != null && (value.isNaN() || value.isInfinite() || value <= 0)) {
            throw invalid(field, value, "> 0");
        }
        return value;
    }

    static Duration positive(String field, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw invalid(field, value, "> 0");
        }
        return value;
    }

    static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, value == null ? null : '"' + value + '"', "a non-blank value");
        }
        return value;
    }
}
