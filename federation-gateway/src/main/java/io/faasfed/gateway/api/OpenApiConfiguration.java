package io.faasfed.gateway.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the OpenAPI document the gateway serves at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}) and the two
 * ways to authenticate, so that the UI's "Authorize" button takes an API key (or JWT) or a key's id and secret. Its one
 * server is the relative URL {@code /}: the document never repeats the request's {@code Host} or
 * {@code X-Forwarded-*} headers (springdoc's default), so a caller cannot make the gateway serve a document that points
 * other clients (and their keys) at a host of the caller's choosing.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "faasfed federation gateway",
        description = "One namespace over OpenFaaS, Apache OpenWhisk and Fn: the native /federation/v1 API and the "
                + "OpenFaaS-compatible /system API. Functions themselves are called at /function/{name}. Every "
                + "operation needs a credential: an API key (ffk_<id>_<secret>) as a bearer token, the key's id and "
                + "secret as HTTP Basic, or a JWT when the gateway is configured for one.",
        version = "v1", license = @License(name = "Apache-2.0")))
public class OpenApiConfiguration {

    /** The bearer scheme's name. */
    static final String BEARER = "apiKey";
    /** The basic scheme's name. */
    static final String BASIC = "keyIdAndSecret";

    /** The document's base: servers and security schemes fixed here, not computed from each request. */
    @Bean
    OpenAPI faasfedOpenApi() {
        return new OpenAPI()
                .servers(List.of(new Server().url("/")
                        .description("this gateway (paths are relative to the URL the document was fetched from)")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("An API key (ffk_<id>_<secret>) or, when configured, "
                                        + "a JWT"))
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("An API key's id as the user and its secret as the "
                                        + "password (faas-cli login)")))
                .security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(BASIC)));
    }
}
