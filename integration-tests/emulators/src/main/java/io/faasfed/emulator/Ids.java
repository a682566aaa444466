package io.faasfed.emulator;

import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Identifiers in the forms the platforms use. They come from {@link ThreadLocalRandom}, never from
 * {@code SecureRandom}, which may read {@code /dev/urandom} and block the event loop the emulators answer on: these
 * ids correlate calls, they guard nothing.
 */
public final class Ids {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 20));

    private Ids() {
    }

    /** A UUID, as OpenFaaS' {@code X-Call-Id}. */
    public static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /** 32 lower-case hex digits, as OpenWhisk's activation ids and transaction ids. */
    public static String hex32() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A 26-character Crockford base-32 id that sorts by creation time, the shape of Fn's ids
     * ({@code 01M804PHVVR00040GZK8000001}): 50 bits of milliseconds, 35 random bits and a 45-bit sequence number.
     */
    public static String fnId() {
        long millis = System.currentTimeMillis();
        long sequence = SEQUENCE.incrementAndGet();
        StringBuilder id = new StringBuilder(26);
        for (int shift = 45; shift >= 0; shift -= 5) {
            id.append(CROCKFORD[(int) ((millis >>> shift) & 31)]);
        }
        long random = ThreadLocalRandom.current().nextLong();
        for (int i = 0; i < 7; i++) {
            id.append(CROCKFORD[(int) ((random >>> (i * 5)) & 31)]);
        }
        for (int shift = 40; shift >= 0; shift -= 5) {
            id.append(CROCKFORD[(int) ((sequence >>> shift) & 31)]);
        }
        return id.toString();
    }
}
