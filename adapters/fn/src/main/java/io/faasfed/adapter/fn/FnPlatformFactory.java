package io.faasfed.adapter.fn;

import static io.faasfed.adapter.http.PropertyChecks.invalid;
import static io.faasfed.adapter.http.PropertyChecks.quote;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FaasPlatformFactory;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.fn.internal.FnOptions;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.PropertyChecks;
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
        String prefix = PropertyChecks.prefix(id);
        if (properties == null) {
            throw new IllegalArgumentException(prefix + "*: not bound (expected: the platform's configuration, at "
                    + "least its url)");
        }
        HttpPlatformSettings settings = properties.toSettings(id);
        String username = properties.getUsername();
        if (!settings.hasCredentials() && username != null && !username.isBlank()) {
            throw new IllegalArgumentException(prefix + "username/password: only one of them is set (expected: "
                    + "both, for a proxy in front of Fn, or neither)");
        }
        if (properties.getApp() == null || !APP.matcher(properties.getApp()).matches()) {
            throw invalid(prefix + "app", quote(properties.getApp()), "the Fn app for federated functions, 1-255 "
                    + "letters, digits, '-' or '_', e.g. faasfed");
        }
        for (String app : properties.getApps()) {
            if (app == null || !APP.matcher(app).matches()) {
                throw invalid(prefix + "apps", quote(app), "Fn app names, 1-255 letters, digits, '-' or '_' each");
            }
        }
        if (properties.getPageSize() < 1 || properties.getPageSize() > 100) {
            throw invalid(prefix + "page-size", properties.getPageSize(), "1-100, Fn's largest page is 100");
        }
        String network = properties.getNetwork();
        if (network != null && (network.isBlank() || network.chars().anyMatch(Character::isWhitespace))) {
            throw invalid(prefix + "network", quote(network), "one Docker network name, the one fnserver's "
                    + "FN_DOCKER_NETWORKS lists, or no value");
        }
        return new FnPlatform(id, settings, new FnOptions(properties.getApp(), properties.getApps(),
                properties.isCreateTriggers(),
                network, properties.getPageSize()));
    }
}
