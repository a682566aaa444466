package io.faasfed.adapter.openfaas;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@link OpenFaasPlatformFactory}, so that the gateway can build a platform for every
 * {@code faasfed.platforms.<id>} entry of type {@code openfaas}. Switched off with
 * {@code faasfed.adapters.openfaas.enabled=false}; a factory bean of the application's own replaces it.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "faasfed.adapters.openfaas", name = "enabled", matchIfMissing = true)
public class OpenFaasAutoConfiguration {

    /** The factory of OpenFaaS platform instances. */
    @Bean
    @ConditionalOnMissingBean
    public OpenFaasPlatformFactory openFaasPlatformFactory() {
        return new OpenFaasPlatformFactory();
    }
}
