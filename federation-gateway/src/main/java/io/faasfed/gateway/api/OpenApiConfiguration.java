package io.faasfed.gateway.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names the OpenAPI document the gateway serves at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}). Its one
 * server is the relative URL {@code /}: the document never repeats the request's {@code Host} or
 * {@code X-Forwarded-*} headers (springdoc's default), so a caller cannot make the gateway serve a document that
 * points other clients (and their keys) at a host of the caller's choosing.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "faasfed federation gateway",
        description = "One namespace over OpenFaaS, Apache OpenWhisk and Fn: the native /federation/v1 API and the "
                + "OpenFaaS-compatible /system API. Functions themselves are called at /function/{name}.",
        version = "v1", license = @License(name = "Apache-2.0")))
public class OpenApiConfiguration {

    /** The document's base: servers fixed here, so springdoc does not compute them from each request. */
    @Bean
    OpenAPI faasfedOpenApi() {
        return new OpenAPI().servers(List.of(new Server().url("/")
                .description("this gateway (paths are relative to the URL the document was fetched from)")));
    }
}
