package io.faasfed.adapter.openfaas;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FaasPlatformFactory;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.Secrets;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds {@link OpenFaasPlatform}s from {@code faasfed.platforms.<id>.*} entries of type {@code openfaas}. It
 * checks the configuration first and fails with a message that names the property, the value and how to fix it,
 * so that a bad setting stops the start-up instead of failing the first request.
 */
public final class OpenFaasPlatformFactory implements FaasPlatformFactory<OpenFaasPlatformProperties> {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");

    @Override
    public PlatformType type() {
        return PlatformType.OPENFAAS;
    }

    @Override
    public Class<OpenFaasPlatformProperties> propertiesType() {
        return OpenFaasPlatformProperties.class;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the property ({@code faasfed.platforms.<id>.<property>}), its value
     *                                  and what is expected
     */
    @Override
    public FaasPlatform create(PlatformId id, OpenFaasPlatformProperties properties) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        return new OpenFaasPlatform(id, settings(id, properties), properties);
    }

    /** Validates {@code properties} and turns them into HTTP settings, reading the password file if one is set. */
    HttpPlatformSettings settings(PlatformId id, OpenFaasPlatformProperties properties) {
        String prefix = OpenFaasPlatformProperties.PREFIX + "." + id + ".";
        URI url = properties.getUrl();
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw invalid(prefix + "url", url, "the gateway's absolute http(s) URL, e.g. http://gateway:8080");
        }
        positive(prefix + "connect-timeout", properties.getConnectTimeout());
        positive(prefix + "read-timeout", properties.getReadTimeout());
        positive(prefix + "ready-timeout", properties.getReadyTimeout());
        positive(prefix + "ready-poll-interval", properties.getReadyPollInterval());
        if (properties.getReadyPollInterval().compareTo(properties.getReadyTimeout()) >= 0) {
            throw invalid(prefix + "ready-poll-interval", properties.getReadyPollInterval(),
                    "shorter than ready-timeout (" + properties.getReadyTimeout() + ")");
        }
        if (properties.getMaxConnections() <= 0) {
            throw invalid(prefix + "max-connections", properties.getMaxConnections(), "> 0");
        }
        if (properties.getProvider() == null) {
            throw invalid(prefix + "provider", null, "one of swarm, kubernetes, faasd");
        }
        String namespace = properties.getNamespace();
        if (namespace != null && !namespace.isBlank() && !NAMESPACE.matcher(namespace).matches()) {
            throw invalid(prefix + "namespace", '"' + namespace + '"',
                    "a namespace name: lowercase letters, digits and '-', no dots; or unset for the provider's default");
        }
        if (namespace != null && !namespace.isBlank() && properties.getProvider() == OpenFaasPlatformProperties.Provider.SWARM) {
            throw invalid(prefix + "namespace", '"' + namespace + '"',
                    "unset with provider swarm, which has no namespaces; or set provider to kubernetes or faasd");
        }
        if (properties.getNetwork() != null && !NO_SPACE.matcher(properties.getNetwork()).matches()) {
            throw invalid(prefix + "network", '"' + properties.getNetwork() + '"', "a Docker network name, e.g. faasnet");
        }
        boolean inline = properties.getPassword() != null && !properties.getPassword().isEmpty();
        if (inline && properties.getPasswordFile() != null) {
            throw new IllegalArgumentException(prefix + "password and " + prefix + "password-file are both set "
                    + "(expected: one of them; prefer password-file with a Docker secret)");
        }
        String password;
        try {
            password = Secrets.resolve(prefix + "password", inline ? properties.getPassword() : null,
                    properties.getPasswordFile());
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String username = properties.getUsername();
        if (password != null && (username == null || username.isBlank())) {
            throw invalid(prefix + "username", username == null ? null : '"' + username + '"',
                    "the gateway's Basic auth user, usually admin");
        }
        HttpPlatformSettings settings = new HttpPlatformSettings(url, properties.getConnectTimeout(),
                properties.getReadTimeout(), properties.getMaxConnections(), null, null);
        return password == null ? settings : settings.withCredentials(username, password);
    }

    private static void positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(property, value, "a positive duration, e.g. 30s");
        }
    }

    private static IllegalArgumentException invalid(String property, Object value, String expected) {
        return new IllegalArgumentException(property + ": " + value + " (expected: " + expected + ")");
    }
}
