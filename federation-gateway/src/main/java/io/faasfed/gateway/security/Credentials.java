package io.faasfed.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The credentials a request carries in its {@code Authorization} header, taken apart: an API key (as
 * {@code Bearer ffk_...}, or HTTP Basic with the key's id as user and its secret as password, as {@code faas-cli login}
 * sends it), a JWT bearer token, none, or something malformed (which never authenticates).
 *
 * @param kind  what the header holds
 * @param key   the API key, for {@link Kind#API_KEY}
 * @param token the bearer token, for {@link Kind#JWT}
 */
public record Credentials(Kind kind, ApiKeyToken key, String token) {

    /** The longest {@code Authorization} value looked at; longer ones are malformed. */
    public static final int MAX_LENGTH = 8192;

    private static final Credentials NONE = new Credentials(Kind.NONE, null, null);
    private static final Credentials MALFORMED = new Credentials(Kind.MALFORMED, null, null);

    /** What an {@code Authorization} header holds. */
    public enum Kind {
        /** No header. */
        NONE,
        /** An API key. */
        API_KEY,
        /** A bearer token that is not an API key. */
        JWT,
        /** A header that authenticates nobody. */
        MALFORMED
    }

    /** The credentials of {@code request}. */
    public static Credentials of(ServerHttpRequest request) {
        java.util.List<String> values = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
        if (values.isEmpty()) {
            return NONE;
        }
        return values.size() > 1 ? MALFORMED : parse(values.get(0));
    }

    /** The credentials in one {@code Authorization} value. */
    public static Credentials parse(String header) {
        if (header == null) {
            return NONE;
        }
        if (header.length() > MAX_LENGTH) {
            return MALFORMED;
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return MALFORMED;
        }
        String scheme = value.substring(0, space);
        String rest = value.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            if (ApiKeyToken.looksLikeKey(rest)) {
                ApiKeyToken key = ApiKeyToken.parse(rest);
                return key == null ? MALFORMED : new Credentials(Kind.API_KEY, key, null);
            }
            return rest.isEmpty() || rest.indexOf(' ') >= 0 ? MALFORMED : new Credentials(Kind.JWT, null, rest);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return MALFORMED;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return MALFORMED;
            }
            ApiKeyToken key = ApiKeyToken.of(decoded.substring(0, colon), decoded.substring(colon + 1));
            return key == null ? MALFORMED : new Credentials(Kind.API_KEY, key, null);
        }
        return MALFORMED;
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "Credentials[" + kind + (key == null ? "" : " " + key) + "]";
    }
}
