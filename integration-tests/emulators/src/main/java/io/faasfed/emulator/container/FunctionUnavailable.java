package io.faasfed.emulator.container;

/**
 * A function container that could not be made or reached: the image is missing, the container exited, its port never
 * answered, the network is unknown. The message says which, for the platform's error answer.
 */
public final class FunctionUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FunctionUnavailable(String message) {
        super(message);
    }

    public FunctionUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
