package io.faasfed.adapter.fn;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FaasPlatformFactory;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.fn.internal.FnOptions;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.Secrets;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes {@link FnPlatform}s from {@code faasfed.platforms.<id>.*} of type {@code fn}. It checks the configuration
 * first and refuses it with a message that names the property, its value and what is expected.
 */
public final class FnPlatformFactory implements FaasPlatformFactory<FnPlatformProperties> {

    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    @Override
    public PlatformType type() {
        return PlatformType.FN;
    }

    @Override
    public Class<FnPlatformProperties> propertiesType() {
        return FnPlatformProperties.class;
    }

    /**
     * A platform for the Fn server {@code properties} describe.
     *
     * @throws IllegalArgumentException naming the property at fault, e.g.
     *                                  {@code faasfed.platforms.fn.app: "my app" (expected: ...)}
     */
    @Override
    public FaasPlatform create(PlatformId id, FnPlatformProperties properties) {
        Objects.requireNonNull(id, "id");
        String prefix = FnPlatformProperties.PREFIX + "." + id + ".";
        if (properties == null) {
            throw new IllegalArgumentException(prefix + "*: not bound (expected: the platform's configuration, at "
                    + "least its url)");
        }
        if (properties.getUrl() == null) {
            throw new IllegalArgumentException(prefix + "url: not set (expected: the Fn server's base URL, e.g. "
                    + "http://fnserver:8080)");
        }
        if (properties.getApp() == null || !APP.matcher(properties.getApp()).matches()) {
            throw new IllegalArgumentException(prefix + "app: " + quote(properties.getApp()) + " (expected: the Fn "
                    + "app for federated functions, 1-255 letters, digits, '-' or '_', e.g. faasfed)");
        }
        if (properties.getPageSize() < 1 || properties.getPageSize() > 100) {
            throw new IllegalArgumentException(prefix + "page-size: " + properties.getPageSize()
                    + " (expected: 1-100, Fn's largest page is 100)");
        }
        String network = properties.getNetwork();
        if (network != null && (network.isBlank() || network.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException(prefix + "network: " + quote(network) + " (expected: one Docker "
                    + "network name, the one fnserver's FN_DOCKER_NETWORKS lists, or no value)");
        }
        HttpPlatformSettings settings;
        try {
            String password = Secrets.resolve("password", properties.getPassword(), properties.getPasswordFile());
            String username = properties.getUsername();
            settings = new HttpPlatformSettings(properties.getUrl(), properties.getConnectTimeout(),
                    properties.getReadTimeout(), properties.getMaxConnections(), username, password);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
        return new FnPlatform(id, settings, new FnOptions(properties.getApp(), properties.isCreateTriggers(),
                network, properties.getPageSize()));
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + value + '"';
    }
}
