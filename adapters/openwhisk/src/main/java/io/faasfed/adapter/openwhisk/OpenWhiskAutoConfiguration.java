package io.faasfed.adapter.openwhisk;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@link OpenWhiskPlatformFactory}, through which the gateway creates every platform instance
 * configured with {@code type: openwhisk}. Switched off with {@code faasfed.adapters.openwhisk.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "faasfed.adapters.openwhisk", name = "enabled", matchIfMissing = true)
public final class OpenWhiskAutoConfiguration {

    /** The factory of OpenWhisk platforms, unless the application defines its own. */
    @Bean
    @ConditionalOnMissingBean
    public OpenWhiskPlatformFactory openWhiskPlatformFactory() {
        return new OpenWhiskPlatformFactory();
    }
}
