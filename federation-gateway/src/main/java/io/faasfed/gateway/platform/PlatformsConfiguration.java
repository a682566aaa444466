package io.faasfed.gateway.platform;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FaasPlatformFactory;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.http.Secrets;
import io.faasfed.gateway.config.FaasfedProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link PlatformDirectory} at start-up: for every enabled {@code faasfed.platforms.<id>}, the adapter
 * factory of its {@code type} gets the instance's own settings bound and validated, and creates the platform.
 * {@link FaasPlatform} beans defined elsewhere in the context join the directory too. Misconfiguration fails start-up
 * with a message that says what to change.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformsConfiguration {

    /** The directory of enabled platforms. */
    @Bean
    PlatformDirectory platformDirectory(FaasfedProperties properties, Environment environment,
                                        ObjectProvider<FaasPlatformFactory<?>> factories,
                                        ObjectProvider<FaasPlatform> platformBeans, Validator validator) {
        Map<PlatformType, FaasPlatformFactory<?>> byType = new EnumMap<>(PlatformType.class);
        factories.orderedStream().forEach(factory -> byType.putIfAbsent(factory.type(), factory));
        Binder binder = Binder.get(environment);
        List<ConfiguredPlatform> platforms = new ArrayList<>();
        properties.getPlatforms().forEach((id, definition) -> {
            if (!definition.isEnabled()) {
                return;
            }
            PlatformType type = parseType(id, definition.getType());
            FaasPlatformFactory<?> factory = byType.get(type);
            if (factory == null) {
                throw new IllegalStateException("faasfed.platforms." + id + ".type=" + type.configName()
                        + " has no adapter on the class path: add the adapter-" + type.configName()
                        + " module, or check faasfed.adapters." + type.configName() + ".enabled");
            }
            String prefix = FaasfedProperties.PREFIX + ".platforms." + id;
            FaasPlatform platform = create(factory, PlatformId.of(id), binder, prefix, validator);
            // Shown by the native API: never with user info, even from an adapter that does not refuse it.
            String url = Secrets.withoutUserInfo(binder.bind(prefix + ".url", String.class).orElse(null));
            platforms.add(new ConfiguredPlatform(platform, definition.getPriority(), url));
        });
        // compositions run on the other platforms: listed after them
        platformBeans.orderedStream().sorted(java.util.Comparator.comparing(bean -> bean.type()
                == io.faasfed.adapter.api.PlatformType.COMPOSITION)).forEach(bean -> platforms.add(new ConfiguredPlatform(bean,
                properties.getPlatforms().containsKey(bean.id().value())
                        ? properties.getPlatforms().get(bean.id().value()).getPriority() : 100, null)));
        String defaultPlatform = properties.getDefaultPlatform();
        return new PlatformDirectory(platforms, defaultPlatform == null ? null : PlatformId.of(defaultPlatform));
    }

    private static PlatformType parseType(String id, String type) {
        try {
            return PlatformType.fromConfigName(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("faasfed.platforms." + id + "." + e.getMessage(), e);
        }
    }

    private static <P> FaasPlatform create(FaasPlatformFactory<P> factory, PlatformId id, Binder binder,
                                           String prefix, Validator validator) {
        P settings = binder.bindOrCreate(prefix, Bindable.of(factory.propertiesType()));
        Set<ConstraintViolation<P>> violations = validator.validate(settings);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("invalid platform configuration: " + violations.stream()
                    .map(violation -> prefix + "." + violation.getPropertyPath() + ": " + violation.getMessage()
                            + " (was " + violation.getInvalidValue() + ")")
                    .sorted().collect(Collectors.joining("; ")));
        }
        try {
            return factory.create(id, settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(prefix + ": " + e.getMessage(), e);
        }
    }
}
