package io.faasfed.adapter.fn;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the Fn adapter's {@link FnPlatformFactory}, so that the gateway can make a platform of every
 * {@code faasfed.platforms.<id>} whose type is {@code fn}. Switched off with {@code faasfed.adapters.fn.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "faasfed.adapters.fn", name = "enabled", matchIfMissing = true)
public final class FnAutoConfiguration {

    /** The factory of Fn platforms, unless the application defines its own. */
    @Bean
    @ConditionalOnMissingBean
    public FnPlatformFactory fnPlatformFactory() {
        return new FnPlatformFactory();
    }
}
