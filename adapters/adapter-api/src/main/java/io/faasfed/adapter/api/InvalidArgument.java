package io.faasfed.adapter.api;

/**
 * A value given to one of this package's records is not accepted: the message reads
 * {@code "<field>: <value> (expected: <what>)"}. Values come from callers (a deploy's spec, a call's method or path),
 * so the gateway answers 400 with this message, unlike any other {@link IllegalArgumentException}, which is a bug.
 */
public final class InvalidArgument extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** {@code field} has {@code value}, which is not what was {@code expected}. */
    public InvalidArgument(String field, Object value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")");
    }
}
