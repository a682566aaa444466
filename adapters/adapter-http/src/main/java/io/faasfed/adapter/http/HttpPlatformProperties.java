package io.faasfed.adapter.http;

import static io.faasfed.adapter.http.PropertyChecks.invalid;
import static io.faasfed.adapter.http.PropertyChecks.positive;
import static io.faasfed.adapter.http.PropertyChecks.quote;

import io.faasfed.adapter.api.PlatformId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an adapter reaches its platform over HTTP, as bound from {@code faasfed.platforms.<id>.*}: the URL, Basic
 * auth credentials, timeouts and pool size that every HTTP adapter has. Each adapter's properties class extends it,
 * passes its platform's defaults to the constructor and adds what is specific to its platform; its factory calls
 * {@link #toSettings(PlatformId)} to check these properties and turn them into the immutable
 * {@link HttpPlatformSettings}.
 */
public abstract class HttpPlatformProperties {

    /** The prefix under which platform instances are configured, one entry per instance id. */
    public static final String PREFIX = "faasfed.platforms";

    /** The platform's base URL (http or https). */
    @NotNull
    private URI url;

    /** The Basic auth user; only sent together with a password (or password file). */
    private String username;

    /** The Basic auth password; leave unset for a platform without authentication. */
    private String password;

    /**
     * A file holding the Basic auth password, such as a Docker or Kubernetes secret mount; read once at start-up,
     * trailing newline removed. Set either this or {@code password}.
     */
    private Path passwordFile;

    /** How long to wait for a TCP connection to the platform. */
    @NotNull
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** How long to wait for an answer: management calls, and invocations that carry no timeout of their own. */
    @NotNull
    private Duration readTimeout;

    /** The size of the connection pool to the platform. */
    @Positive
    private int maxConnections = 500;

    /**
     * Properties with the platform's defaults; the other defaults are the same for every platform.
     *
     * @param defaultUrl         where the platform listens when nothing is configured, e.g. its local port
     * @param defaultReadTimeout how long to wait for an answer when nothing is configured
     */
    protected HttpPlatformProperties(URI defaultUrl, Duration defaultReadTimeout) {
        this.url = Objects.requireNonNull(defaultUrl, "defaultUrl");
        this.readTimeout = Objects.requireNonNull(defaultReadTimeout, "defaultReadTimeout");
    }

    /**
     * Checks these properties and turns them into HTTP settings, reading the password file if one is set. A
     * username without a password sends no credentials; what else a platform requires its factory checks itself.
     *
     * @param id the platform instance, for the property names in messages
     * @throws IllegalArgumentException naming the property ({@code faasfed.platforms.<id>.<property>}), its value
     *                                  and what is expected
     */
    public final HttpPlatformSettings toSettings(PlatformId id) {
        String prefix = PropertyChecks.prefix(id);
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw invalid(prefix + "url", Secrets.withoutUserInfo(url), "an absolute http(s) URL such as "
                    + "http://gateway:8080");
        }
        if (url.getRawUserInfo() != null) {
            throw invalid(prefix + "url", Secrets.withoutUserInfo(url), "a URL without user:password@; set "
                    + prefix + "username and " + prefix + "password (or password-file) instead, so that the "
                    + "credentials stay out of URLs that logs, errors and the native API show");
        }
        positive(prefix + "connect-timeout", connectTimeout);
        positive(prefix + "read-timeout", readTimeout);
        if (maxConnections <= 0) {
            throw invalid(prefix + "max-connections", maxConnections, "> 0");
        }
        String secret;
        try {
            secret = Secrets.resolve(prefix + "password", password == null || password.isEmpty() ? null : password,
                    passwordFile);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (secret == null) {
            return new HttpPlatformSettings(url, connectTimeout, readTimeout, maxConnections, null, null);
        }
        if (username == null || username.isBlank()) {
            throw invalid(prefix + "username", quote(username), "the Basic auth user that goes with the password");
        }
        return new HttpPlatformSettings(url, connectTimeout, readTimeout, maxConnections, username, secret);
    }

    /** The platform's base URL. */
    public URI getUrl() {
        return url;
    }

    /** Sets the platform's base URL. */
    public void setUrl(URI url) {
        this.url = url;
    }

    /** The Basic auth user, or null. */
    public String getUsername() {
        return username;
    }

    /** Sets the Basic auth user. */
    public void setUsername(String username) {
        this.username = username;
    }

    /** The inline Basic auth password, or null. */
    public String getPassword() {
        return password;
    }

    /** Sets the inline Basic auth password. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** The file holding the Basic auth password, or null. */
    public Path getPasswordFile() {
        return passwordFile;
    }

    /** Sets the file holding the Basic auth password. */
    public void setPasswordFile(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    /** The connect timeout. */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** Sets the connect timeout. */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The read timeout. */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** Sets the read timeout. */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** The connection pool size. */
    public int getMaxConnections() {
        return maxConnections;
    }

    /** Sets the connection pool size. */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }
}
