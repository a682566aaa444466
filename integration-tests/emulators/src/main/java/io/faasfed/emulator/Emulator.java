package io.faasfed.emulator;

/** A running platform emulator: where it listens, and how to stop it (which also kills its function processes). */
public interface Emulator extends AutoCloseable {

    /** The bound loopback port. */
    int port();

    /** {@code http://127.0.0.1:<port>}. */
    String baseUrl();

    /** Stops listening and kills every function process still running. */
    @Override
    void close();
}
