package io.faasfed.adapter.openwhisk;

import static io.faasfed.adapter.http.PropertyChecks.invalid;
import static io.faasfed.adapter.http.PropertyChecks.positive;
import static io.faasfed.adapter.http.PropertyChecks.quote;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FaasPlatformFactory;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.http.PropertyChecks;
import io.faasfed.adapter.openwhisk.internal.DeployRules;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Creates {@link OpenWhiskPlatform}s from their bound {@link OpenWhiskPlatformProperties}, failing fast with a
 * message that names the property and says how to fix it.
 */
public final class OpenWhiskPlatformFactory implements FaasPlatformFactory<OpenWhiskPlatformProperties> {

    private static final Pattern NAMESPACE = Pattern.compile("_|[\\w][\\w@ .-]*[\\w@.-]+|[\\w]");

    @Override
    public PlatformType type() {
        return PlatformType.OPENWHISK;
    }

    @Override
    public Class<OpenWhiskPlatformProperties> propertiesType() {
        return OpenWhiskPlatformProperties.class;
    }

    @Override
    public FaasPlatform create(PlatformId id, OpenWhiskPlatformProperties properties) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        String where = PropertyChecks.prefix(id);
        String username = properties.getUsername();
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException(where + "username is not set (expected: the uuid of the OpenWhisk "
                    + "key, the part of `wsk property get --auth` before the ':')");
        }
        HttpPlatformSettings settings = properties.toSettings(id);
        if (!settings.hasCredentials() || settings.password().isBlank()) {
            throw new IllegalArgumentException(where + "password is not set (expected: the secret of the OpenWhisk "
                    + "key, the part of `wsk property get --auth` after the ':', inline or as password-file)");
        }
        String namespace = properties.getNamespace();
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw invalid(where + "namespace", quote(namespace),
                    "_ for the key's default namespace, or a namespace name");
        }
        if (properties.getPageSize() < 1 || properties.getPageSize() > 200) {
            throw invalid(where + "page-size", properties.getPageSize(), "1-200, the controller's largest page");
        }
        positive(where + "poll-initial-delay", properties.getPollInitialDelay());
        positive(where + "poll-max-delay", properties.getPollMaxDelay());
        if (properties.getMaxPayloadBytes() <= 0) {
            throw invalid(where + "max-payload-bytes", properties.getMaxPayloadBytes(),
                    "> 0, e.g. 1048576 (OpenWhisk's default payload limit)");
        }
        if (properties.getPollMargin() == null || properties.getPollMargin().isNegative()) {
            throw invalid(where + "poll-margin", properties.getPollMargin(), ">= 0");
        }
        if (properties.getActionCacheTtl() == null || properties.getActionCacheTtl().isNegative()) {
            throw invalid(where + "action-cache-ttl", properties.getActionCacheTtl(),
                    ">= 0; 0 reads the action before every call");
        }
        DeployRules rules;
        try {
            rules = new DeployRules(properties.getMemoryMin(), properties.getMemoryMax(),
                    properties.getMemoryDefault(), required(where + "timeout-min", properties.getTimeoutMin()),
                    required(where + "timeout-max", properties.getTimeoutMax()),
                    required(where + "timeout-default", properties.getTimeoutDefault()),
                    properties.getConcurrencyMax());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage()
                    : where + e.getMessage(), e);
        }
        return new OpenWhiskPlatform(id, settings, namespace, rules, properties);
    }

    private static Duration required(String field, Duration value) {
        if (value == null) {
            throw invalid(field, null, "a duration such as 60s");
        }
        return value;
    }
}
