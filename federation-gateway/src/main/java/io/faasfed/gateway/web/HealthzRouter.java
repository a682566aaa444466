package io.faasfed.gateway.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /healthz}: 200 while the gateway process serves, as the OpenFaaS gateway answers it (liveness; platform
 * health is at {@code /actuator/health}).
 */
@Configuration(proxyBeanMethods = false)
public class HealthzRouter {

    /** The liveness route. */
    @Bean
    RouterFunction<ServerResponse> healthzRoute() {
        return RouterFunctions.route()
                .GET("/healthz", request -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue("OK"))
                .build();
    }
}
