package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an external secret of the stack files holds, so {@code faasfed bootstrap} can generate a value the component
 * reading it accepts. Told apart by the secret's key in the files ({@code faasfed-admin-key}, {@code basic-auth-user},
 * {@code openwhisk-auth-key}, anything else is a password), or for the admin key also by the service setting that
 * points at its file ({@code FAASFED_SECURITY_ADMIN_KEY_FILE}).
 */
public enum SecretKind {

    /**
     * The faasfed gateway's admin key, {@code ffk_<id>_<secret>} as the gateway's {@code ApiKeyToken} parses it: the id
     * 12 lower-case letters and digits (the gateway takes 1 to 32), the secret 32 random bytes as base64url, 43
     * characters (the gateway takes 32 to 128 printable ones).
     */
    ADMIN_KEY("faasfed admin key (ffk_<id>_<secret>)"),

    /** A user name: {@code admin}, as OpenFaaS' basic-auth examples use. */
    USER("user name 'admin'"),

    /** The secret half of an OpenWhisk key ({@code uuid:key}): 64 letters and digits, as OpenWhisk's own keys. */
    OPENWHISK_KEY("OpenWhisk key, 64 letters and digits"),

    /** A password: 32 random bytes as base64url, 43 characters. */
    PASSWORD("password, 43 random URL-safe characters");

    /** A well-formed faasfed key, by the gateway's rules. */
    public static final Pattern FAASFED_KEY = Pattern.compile("ffk_[a-z0-9]{1,32}_[\\x21-\\x7e]{32,128}");

    /** The user name a {@link #USER} secret gets. */
    public static final String USER_NAME = "admin";

    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final String description;

    SecretKind(String description) {
        this.description = description;
    }

    /** What the value is, for output; never the value. */
    public String description() {
        return description;
    }

    /** The kind of the secret with {@code key} in the files, judged by its name. */
    public static SecretKind ofKey(String key) {
        String k = requireNonNull(key, "key").toLowerCase(Locale.ROOT);
        if (k.endsWith("admin-key") || k.endsWith("admin_key")) {
            return ADMIN_KEY;
        }
        if (k.endsWith("-user") || k.endsWith("-username") || k.endsWith("_user")) {
            return USER;
        }
        if (k.startsWith("openwhisk") && k.endsWith("auth-key")) {
            return OPENWHISK_KEY;
        }
        return PASSWORD;
    }

    /**
     * The kind of {@code secret} in {@code definition}: the admin key when a service's {@code *ADMIN_KEY_FILE} setting
     * names the file it is mounted as, otherwise by its key.
     */
    public static SecretKind of(StackDefinition definition, StackSecret secret) {
        requireNonNull(definition, "definition");
        requireNonNull(secret, "secret");
        for (StackService service : definition.services().values()) {
            for (StackService.SecretMount mount : service.secrets()) {
                if (!mount.source().equals(secret.key())) {
                    continue;
                }
                boolean named = service.environment().entrySet().stream()
                        .anyMatch(e -> e.getKey().toUpperCase(Locale.ROOT).endsWith("ADMIN_KEY_FILE")
                                && e.getValue().equals(mount.path()));
                if (named) {
                    return ADMIN_KEY;
                }
            }
        }
        return ofKey(secret.key());
    }

    /** A fresh value of this kind from {@code random}. */
    public String generate(SecureRandom random) {
        requireNonNull(random, "random");
        return switch (this) {
            case ADMIN_KEY -> "ffk_" + pick(random, ID_ALPHABET, 12) + "_" + urlSafe(random);
            case USER -> USER_NAME;
            case OPENWHISK_KEY -> pick(random, KEY_ALPHABET, 64);
            case PASSWORD -> urlSafe(random);
        };
    }

    /** Whether {@code value} is a faasfed key the gateway accepts (surrounding white space aside, as it reads files). */
    public static boolean wellFormedKey(String value) {
        return value != null && FAASFED_KEY.matcher(value.strip()).matches();
    }

    private static String pick(SecureRandom random, char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    private static String urlSafe(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
