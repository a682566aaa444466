package io.faasfed.adapter.openwhisk.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A tenant namespace and the key that owns it: what the adapter uses instead of the platform's own key for every
 * request about that namespace. {@link #toString()} never shows the secret.
 *
 * @param namespace the namespace's name
 * @param uuid      the key's uuid (the Basic auth user)
 * @param secret    the key's secret (the Basic auth password)
 */
public record NamespaceKey(String namespace, String uuid, String secret) {

    /** Requires every part, non-blank. */
    public NamespaceKey {
        Objects.requireNonNull(namespace, "namespace");
        if (uuid == null || uuid.isBlank()) {
            throw new IllegalArgumentException("uuid: blank (expected: the part of the key before the ':')");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret: blank (expected: the part of the key after the ':')");
        }
    }

    /**
     * The key of {@code namespace} from its {@code uuid:secret} form, as {@code wsk property get --auth} prints it.
     *
     * @throws IllegalArgumentException when the text has no ':' or a blank part; the message never repeats the text
     */
    public static NamespaceKey parse(String namespace, String auth) {
        int colon = auth == null ? -1 : auth.indexOf(':');
        if (colon <= 0 || colon == auth.length() - 1) {
            throw new IllegalArgumentException("not of the form uuid:secret");
        }
        return new NamespaceKey(namespace, auth.substring(0, colon).strip(), auth.substring(colon + 1).strip());
    }

    /** The {@code Authorization} header value for this key. */
    public String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((uuid + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "NamespaceKey[namespace=" + namespace + ", uuid=" + uuid + ", secret=****]";
    }
}
