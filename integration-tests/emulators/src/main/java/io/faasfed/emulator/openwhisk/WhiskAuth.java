package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.WhiskResponses.error;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.Router;
import reactor.core.publisher.Mono;

/**
 * Basic auth with a {@code uuid:key}, each key owning one namespace ({@code _} in a path stands for it): 401 without
 * or with unknown credentials, 403 for a namespace the key does not own (the controller's entitlement check answers
 * the same whether or not that namespace exists).
 */
final class WhiskAuth {

    /** A handler of a request in the namespace the key owns. */
    @FunctionalInterface
    interface Scoped {
        Mono<EmulatorResponse> handle(WhiskState namespace, EmulatorRequest request);
    }

    private final WhiskNamespaces namespaces;

    WhiskAuth(WhiskNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** The handler behind the key check, given the key's namespace. */
    Router.Handler authed(Scoped handler) {
        return request -> {
            String authorization = request.header("Authorization");
            if (authorization == null) {
                return Mono.just(error(401,
                        "The resource requires authentication, which was not supplied with the request"));
            }
            WhiskState owned = namespaces.ownerOf(authorization);
            if (owned == null) {
                return Mono.just(error(401, "The supplied authentication is invalid"));
            }
            String requested = request.param("ns");
            if (requested != null && !"_".equals(requested) && !owned.namespace().equals(requested)) {
                return Mono.just(error(403, "The supplied authentication is not authorized to access '"
                        + requested + "'."));
            }
            return handler.handle(owned, request);
        };
    }

    /** {@code GET /api/v1/namespaces}: the key's namespaces. */
    Mono<EmulatorResponse> namespaces(WhiskState namespace, EmulatorRequest request) {
        return Mono.just(EmulatorResponse.json(200, Json.array().add(namespace.namespace())));
    }
}
