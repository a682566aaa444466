package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A user name and password checked with HTTP Basic auth: OpenFaaS' {@code admin}/password pair, or OpenWhisk's
 * {@code uuid:key} (the uuid is the user, the key the password).
 *
 * @param username the user name, or OpenWhisk's uuid
 * @param password the password, or OpenWhisk's key
 */
public record Credentials(String username, String password) {

    public Credentials {
        requireNonNull(username, "username");
        requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("username: \"" + username + "\" (expected: non-empty, without ':')");
        }
    }

    /** Splits OpenWhisk's {@code uuid:key} form, as {@code wsk property get --auth} prints it. */
    public static Credentials parse(String userColonPassword) {
        requireNonNull(userColonPassword, "userColonPassword");
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("credentials: \"" + userColonPassword + "\" (expected: user:password)");
        }
        return new Credentials(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
    }

    /** The {@code user:password} form. */
    public String joined() {
        return username + ':' + password;
    }

    /** The value of an {@code Authorization} header carrying these credentials. */
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString(joined().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an {@code Authorization} header value carries exactly these credentials (constant-time compare). */
    public boolean matches(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(decoded, joined().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
