package io.faasfed.gateway.compat;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The OpenFaaS endpoints the federation does not serve yet answer 501 with a problem document that says so, as the
 * OpenFaaS gateway's optional features do, instead of a bare 404 that reads like a wrong URL: {@code /system/logs} and
 * {@code /system/secrets}.
 */
@Configuration(proxyBeanMethods = false)
public class NotYetFederatedRouter {

    /** The routes. */
    @Bean
    RouterFunction<ServerResponse> notYetFederatedRoutes() {
        return RouterFunctions.route()
                .route(RequestPredicates.path("/system/logs"), request -> notImplemented(
                        "function logs are not federated: read them on the function's own platform"))
                .route(RequestPredicates.path("/system/secrets"), request -> notImplemented(
                        "secrets are not federated: manage them on each platform (OpenFaaS secrets, OpenWhisk "
                                + "parameters, Fn config)"))
                .build();
    }

    private static Mono<ServerResponse> notImplemented(String reason) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED, reason));
    }
}
