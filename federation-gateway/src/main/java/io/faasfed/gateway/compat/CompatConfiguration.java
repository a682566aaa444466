package io.faasfed.gateway.compat;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/** Beans of the OpenFaaS-compatible API. */
@Configuration(proxyBeanMethods = false)
public class CompatConfiguration {

    /** The record of alert outcomes. */
    @Bean
    AlertLog alertLog() {
        return new AlertLog();
    }

    /** Reads /system/* bodies as JSON whatever their content type, as OpenFaaS does. */
    @Bean
    WebFilter systemJsonBodyFilter() {
        return new SystemJsonBodyFilter();
    }
}
