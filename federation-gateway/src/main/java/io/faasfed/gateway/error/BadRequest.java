package io.faasfed.gateway.error;

/**
 * The caller's input is not valid, and the message says what to fix, e.g.
 * {@code "replicas: -1 (expected: >= 0)"}. The gateway answers 400 with the message; any other exception (an
 * {@link IllegalArgumentException} included) is a fault of the gateway and answers 500 without its message.
 */
public final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Invalid input; {@code message} names the field, the value and what was expected. */
    public BadRequest(String message) {
        super(message);
    }
}
