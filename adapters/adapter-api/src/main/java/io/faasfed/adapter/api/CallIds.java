package io.faasfed.adapter.api;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Call ids for correlating a call across the gateway and the platforms. They have the form of a random (version 4)
 * UUID, but come from {@link ThreadLocalRandom}: {@link UUID#randomUUID()} draws on {@code SecureRandom}, which may
 * read {@code /dev/urandom} and so block an event-loop thread. A call id is a correlation handle, not a secret.
 */
public final class CallIds {

    private CallIds() {
    }

    /** A new call id, e.g. {@code 3f2b9c1e-7d4a-4c8e-9b1f-0a2d3c4e5f60}; never blocks. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
