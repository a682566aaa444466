package io.faasfed.emulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Identifiers in the forms the platforms use. */
public final class Ids {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SEQUENCE = new AtomicLong(RANDOM.nextInt(1 << 20));

    private Ids() {
    }

    /** A UUID, as OpenFaaS' {@code X-Call-Id}. */
    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** 32 lower-case hex digits, as OpenWhisk's activation ids and transaction ids. */
    public static String hex32() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
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
        long random = RANDOM.nextLong();
        for (int i = 0; i < 7; i++) {
            id.append(CROCKFORD[(int) ((random >>> (i * 5)) & 31)]);
        }
        for (int shift = 40; shift >= 0; shift -= 5) {
            id.append(CROCKFORD[(int) ((sequence >>> shift) & 31)]);
        }
        return id.toString();
    }
}
