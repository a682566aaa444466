package io.faasfed.adapter.openfaas;

import static io.faasfed.adapter.http.PropertyChecks.invalid;
import static io.faasfed.adapter.http.PropertyChecks.positive;
import static io.faasfed.adapter.http.PropertyChecks.quote;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FaasPlatformFactory;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.PropertyChecks;
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
        HttpPlatformSettings settings = properties.toSettings(id);
        String prefix = PropertyChecks.prefix(id);
        positive(prefix + "ready-timeout", properties.getReadyTimeout());
        positive(prefix + "ready-poll-interval", properties.getReadyPollInterval());
        if (properties.getReadyPollInterval().compareTo(properties.getReadyTimeout()) >= 0) {
            throw invalid(prefix + "ready-poll-interval", properties.getReadyPollInterval(),
                    "shorter than ready-timeout (" + properties.getReadyTimeout() + ")");
        }
        if (properties.getProvider() == null) {
            throw invalid(prefix + "provider", null, "one of swarm, kubernetes, faasd");
        }
        String namespace = properties.getNamespace();
        if (namespace != null && !namespace.isBlank() && !NAMESPACE.matcher(namespace).matches()) {
            throw invalid(prefix + "namespace", quote(namespace),
                    "a namespace name: lowercase letters, digits and '-', no dots; or unset for the provider's default");
        }
        if (namespace != null && !namespace.isBlank() && properties.getProvider() == OpenFaasPlatformProperties.Provider.SWARM) {
            throw invalid(prefix + "namespace", quote(namespace),
                    "unset with provider swarm, which has no namespaces; or set provider to kubernetes or faasd");
        }
        if (properties.getNetwork() != null && !NO_SPACE.matcher(properties.getNetwork()).matches()) {
            throw invalid(prefix + "network", quote(properties.getNetwork()), "a Docker network name, e.g. faasnet");
        }
        return settings;
    }
}
