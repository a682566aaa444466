package io.faasfed.gateway.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import org.springframework.context.annotation.Configuration;

/** Names the OpenAPI document the gateway serves at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "faasfed federation gateway",
        description = "One namespace over OpenFaaS, Apache OpenWhisk and Fn: the native /federation/v1 API and the "
                + "OpenFaaS-compatible /system API. Functions themselves are called at /function/{name}.",
        version = "v1", license = @License(name = "Apache-2.0")))
public class OpenApiConfiguration {
}
