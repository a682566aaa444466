package io.faasfed.gateway.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The text of an API key: {@code ffk_<id>_<secret>}. The id (12 lower-case letters and digits) names the key in
 * lists, logs and HTTP Basic's user; the secret (32 random bytes, base64url, 43 characters) is shown once and stored
 * only as a salted hash. As HTTP Basic credentials the id is the user and the secret the password.
 *
 * @param id     the key's id
 * @param secret the key's secret
 */
public record ApiKeyToken(String id, String secret) {

    /** The prefix of every key. */
    public static final String PREFIX = "ffk_";
    /** The fewest characters a secret may have (a configured admin key included). */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** A fresh key; call it off the event loop (SecureRandom may read the OS). */
    public static ApiKeyToken generate() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new ApiKeyToken(new String(id), newSecret());
    }

    /** A fresh secret for a key being rotated. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code value} is shaped like a key: a string that starts with {@code ffk_}. */
    public static boolean looksLikeKey(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /**
     * Parses {@code ffk_<id>_<secret>}; null when the text is not a well-formed key (callers answer 401 without
     * saying more).
     */
    public static ApiKeyToken parse(String value) {
        if (!looksLikeKey(value) || value.length() > 256) {
            return null;
        }
        int separator = value.indexOf('_', PREFIX.length());
        if (separator < 0) {
            return null;
        }
        return of(value.substring(PREFIX.length(), separator), value.substring(separator + 1));
    }

    /** The key with {@code id} and {@code secret} (HTTP Basic's user and password); null when malformed. */
    public static ApiKeyToken of(String id, String secret) {
        if (id == null || secret == null) {
            return null;
        }
        if (id.startsWith(PREFIX)) {
            id = id.substring(PREFIX.length());
        }
        if (!validId(id) || secret.length() < MIN_SECRET_LENGTH || secret.length() > 128) {
            return null;
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= ' ' || c >= 127) {
                return null;
            }
        }
        return new ApiKeyToken(id, secret);
    }

    /** Whether {@code id} is a valid key id: 1 to 32 lower-case letters and digits. */
    public static boolean validId(String id) {
        if (id == null || id.isEmpty() || id.length() > 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** The key as a caller sends it: {@code ffk_<id>_<secret>}. */
    public String value() {
        return PREFIX + id + "_" + secret;
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return PREFIX + id + "_***";
    }
}
