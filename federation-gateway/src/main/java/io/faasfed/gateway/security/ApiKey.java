package io.faasfed.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stored API key: who it is for and what it may do, and its secret only as a salted hash. The secret is 256 random
 * bits, so one keyed hash (HMAC-SHA-256 with a per-key random salt) is enough: a slow password hash would only slow
 * every request, since guessing a 256-bit secret is out of reach whatever the hash.
 *
 * @param id        the key's id (public)
 * @param tenant    the tenant it acts in
 * @param name      what the admin called it
 * @param roles     what it may do
 * @param salt      the salt of the hash (base64)
 * @param hash      HMAC-SHA-256(salt, secret) (base64)
 * @param createdAt when it was created
 * @param rotatedAt when its secret last changed (null if never)
 */
public record ApiKey(String id, String tenant, String name, Set<Role> roles, String salt, String hash,
                     Instant createdAt, Instant rotatedAt) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks the fields. */
    public ApiKey {
        if (!ApiKeyToken.validId(id)) {
            throw new IllegalArgumentException("id: '" + id + "' (expected: 1-32 lower-case letters and digits)");
        }
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        roles = Set.copyOf(roles);
    }

    /** A new key record for {@code token} (call it off the event loop: the salt comes from SecureRandom). */
    public static ApiKey issue(ApiKeyToken token, String tenant, String name, Set<Role> roles, Instant now) {
        String salt = newSalt();
        return new ApiKey(token.id(), tenant, name, roles, salt, hash(salt, token.secret()), now, null);
    }

    /** The same key with a new secret. */
    public ApiKey rotated(String secret, Instant now) {
        String newSalt = newSalt();
        return new ApiKey(id, tenant, name, roles, newSalt, hash(newSalt, secret), createdAt, now);
    }

    /** Whether {@code secret} is this key's secret (compared in constant time). */
    public boolean matches(String secret) {
        return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                hash(salt, secret).getBytes(StandardCharsets.US_ASCII));
    }

    /** The caller this key authenticates. */
    public Caller caller() {
        return new Caller(id, tenant, roles);
    }

    /** Never the hash or salt. */
    @Override
    public String toString() {
        return "ApiKey[" + id + "@" + tenant + " " + roles + "]";
    }

    static String hash(String salt, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(salt), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String newSalt() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
