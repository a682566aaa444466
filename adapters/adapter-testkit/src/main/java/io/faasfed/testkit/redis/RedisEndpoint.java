package io.faasfed.testkit.redis;

import java.util.UUID;

/**
 * The Redis a test talks to.
 *
 * @param host     the host, always a loopback address
 * @param port     the port
 * @param embedded whether the extension started it (true) or found it already running (false)
 */
public record RedisEndpoint(String host, int port, boolean embedded) {

    /** A Lettuce/Spring style URL, e.g. {@code redis://127.0.0.1:6379}. */
    public String url() {
        return "redis://" + host + ":" + port;
    }

    /**
     * A key prefix unique to the caller, so that tests sharing one Redis (and a developer's own data on it) never
     * see each other's keys.
     */
    public String uniquePrefix(String purpose) {
        return "faasfed-test:" + purpose + ":" + UUID.randomUUID() + ":";
    }
}
