package io.faasfed.gateway.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import org.springframework.context.annotation.Configuration;

/**
 * Names the OpenAPI document the gateway serves at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}) and the two
 * ways to authenticate, so that the UI's "Authorize" button takes an API key (or JWT) or a key's id and secret.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "faasfed federation gateway",
        description = "One namespace over OpenFaaS, Apache OpenWhisk and Fn: the native /federation/v1 API and the "
                + "OpenFaaS-compatible /system API. Functions themselves are called at /function/{name}. Every "
                + "operation needs a credential: an API key (ffk_<id>_<secret>) as a bearer token, the key's id and "
                + "secret as HTTP Basic, or a JWT when the gateway is configured for one.",
        version = "v1", license = @License(name = "Apache-2.0")),
        security = {@SecurityRequirement(name = OpenApiConfiguration.BEARER),
                @SecurityRequirement(name = OpenApiConfiguration.BASIC)})
@SecuritySchemes({
        @SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "An API key (ffk_<id>_<secret>) or, when configured, a JWT"),
        @SecurityScheme(name = OpenApiConfiguration.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "An API key's id as the user and its secret as the password (faas-cli login)")})
public class OpenApiConfiguration {

    /** The bearer scheme's name. */
    static final String BEARER = "apiKey";
    /** The basic scheme's name. */
    static final String BASIC = "keyIdAndSecret";
}
