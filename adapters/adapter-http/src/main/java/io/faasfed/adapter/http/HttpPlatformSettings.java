package io.faasfed.adapter.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How an adapter reaches its platform over HTTP. Adapters build one from their own properties class.
 *
 * @param baseUrl        the platform's base URL, e.g. {@code http://gateway:8080}; no trailing slash needed
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout    how long to wait for a response to a management call, and the default for invocations
 * @param maxConnections the size of the platform's connection pool
 * @param username       the Basic auth user, or null for none
 * @param password       the Basic auth password (already read from its file, when it came from one), or null
 */
public record HttpPlatformSettings(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxConnections,
                                   String username, String password) {

    /** Validates the settings with messages that say how to fix them. */
    public HttpPlatformSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("url: " + Secrets.withoutUserInfo(baseUrl) + " (expected: an absolute "
                    + "http(s) URL such as http://gateway:8080)");
        }
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url: " + Secrets.withoutUserInfo(baseUrl) + " (expected: a URL "
                    + "without user:password@; pass the credentials as username and password)");
        }
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
        connectTimeout = positive("connect-timeout", connectTimeout, Duration.ofSeconds(5));
        readTimeout = positive("read-timeout", readTimeout, Duration.ofSeconds(60));
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("max-connections: " + maxConnections + " (expected: > 0)");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username/password: only one of them is set (expected: both, or "
                    + "neither for a platform without authentication)");
        }
    }

    private static Duration positive(String field, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    /** Settings for {@code baseUrl} with default timeouts and pool and no authentication. */
    public static HttpPlatformSettings of(String baseUrl, Duration readTimeout) {
        return new HttpPlatformSettings(URI.create(baseUrl), null, readTimeout, 500, null, null);
    }

    /** Whether Basic auth is configured. */
    public boolean hasCredentials() {
        return username != null;
    }

    /** The {@code Authorization} header value for the configured credentials. */
    public String basicAuthorization() {
        if (!hasCredentials()) {
            throw new IllegalStateException("no credentials configured");
        }
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A copy with Basic auth credentials. */
    public HttpPlatformSettings withCredentials(String user, String secret) {
        return new HttpPlatformSettings(baseUrl, connectTimeout, readTimeout, maxConnections, user, secret);
    }

    @Override
    public String toString() {
        return "HttpPlatformSettings[baseUrl=" + baseUrl + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", maxConnections=" + maxConnections + ", username=" + username + ", password="
                + (password == null ? "null" : "****") + "]";
    }
}
