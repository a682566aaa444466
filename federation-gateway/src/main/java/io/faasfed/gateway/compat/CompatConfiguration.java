package io.faasfed.gateway.compat;

import io.faasfed.adapter.http.Secrets;
import io.faasfed.gateway.config.FaasfedProperties;
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

    /**
     * Basic auth on /system/* when a password (or password file) is configured; without one the management API is
     * open, as an OpenFaaS gateway with basic auth disabled is.
     */
    @Bean
    WebFilter systemBasicAuthFilter(FaasfedProperties properties) {
        FaasfedProperties.Compat compat = properties.getCompat();
        String password = Secrets.resolve("faasfed.compat.password", compat.getPassword(), compat.getPasswordFile());
        if (password == null || password.isEmpty()) {
            return (exchange, chain) -> chain.filter(exchange);
        }
        return new SystemBasicAuthFilter(compat.getUsername(), password);
    }
}
