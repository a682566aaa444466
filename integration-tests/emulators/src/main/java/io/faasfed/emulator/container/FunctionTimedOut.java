package io.faasfed.emulator.container;

import java.time.Duration;

/** A function container that did not answer within the call's timeout. */
public final class FunctionTimedOut extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    public FunctionTimedOut(Duration timeout) {
        super("no answer within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    /** The timeout that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
