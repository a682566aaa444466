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
import io.faasfed.adapter.http.Secrets;
import io.faasfed.adapter.openwhisk.internal.DeployRules;
import io.faasfed.adapter.openwhisk.internal.NamespaceKey;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        List<NamespaceKey> tenants = tenants(where, namespace, properties.getNamespaces());
        return new OpenWhiskPlatform(id, settings, namespace, rules, tenants, properties);
    }

    /**
     * The tenant namespaces and their keys. A name must be a namespace name other than the platform's own, and each
     * needs exactly one of {@code auth} and {@code auth-file} holding {@code uuid:secret}; no message repeats a key.
     */
    private static List<NamespaceKey> tenants(String where, String own,
                                              Map<String, OpenWhiskPlatformProperties.Namespace> namespaces) {
        List<NamespaceKey> tenants = new ArrayList<>();
        if (namespaces == null) {
            return tenants;
        }
        for (Map.Entry<String, OpenWhiskPlatformProperties.Namespace> entry : namespaces.entrySet()) {
            String name = entry.getKey();
            String field = where + "namespaces." + name;
            if (name == null || "_".equals(name) || !NAMESPACE.matcher(name).matches()) {
                throw invalid(where + "namespaces", quote(name), "namespace names (letters, digits, '_', '@', '.', "
                        + "'-' or spaces; not _), written namespaces[name] when they hold '.', '@' or spaces");
            }
            if (name.equals(own)) {
                throw invalid(field, quote(name), "a tenant namespace other than the platform's own namespace, "
                        + "which the platform's key (username/password) already reaches");
            }
            OpenWhiskPlatformProperties.Namespace settings = entry.getValue();
            String auth;
            try {
                auth = settings == null ? null : Secrets.resolve(field + ".auth", settings.getAuth(),
                        settings.getAuthFile());
            } catch (UncheckedIOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (auth == null || auth.isBlank()) {
                throw invalid(field + ".auth", "not set", "the namespace's own key as uuid:secret (`wsk property "
                        + "get --auth` with that namespace's key), inline or as " + field + ".auth-file");
            }
            try {
                tenants.add(NamespaceKey.parse(name, auth));
            } catch (IllegalArgumentException e) {
                throw invalid(field + ".auth", "(hidden)", "the namespace's own key as uuid:secret, as `wsk "
                        + "property get --auth` prints it; the value given is " + e.getMessage());
            }
        }
        return tenants;
    }

    private static Duration required(String field, Duration value) {
        if (value == null) {
            throw invalid(field, null, "a duration such as 60s");
        }
        return value;
    }
}
