package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.WhiskResponses.error;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.Router;
import reactor.core.publisher.Mono;

/**
 * Basic auth with the {@code uuid:key} and the key's one namespace ({@code _} in a path stands for it): 401 without or
 * with wrong credentials, 403 for another namespace.
 */
final class WhiskAuth {

    private final WhiskState state;

    WhiskAuth(WhiskState state) {
        this.state = state;
    }

    /** The handler behind the key check. */
    Router.Handler authed(Router.Handler handler) {
        return request -> {
            String authorization = request.header("Authorization");
            if (authorization == null) {
                return Mono.just(error(401,
                        "The resource requires authentication, which was not supplied with the request"));
            }
            if (!state.credentials().matches(authorization)) {
                return Mono.just(error(401, "The supplied authentication is invalid"));
            }
            String requested = request.param("ns");
            if (requested != null && !"_".equals(requested) && !state.namespace().equals(requested)) {
                return Mono.just(error(403, "The supplied authentication is not authorized to access '"
                        + requested + "'."));
            }
            return handler.handle(request);
        };
    }

    /** {@code GET /api/v1/namespaces}: the key's namespaces. */
    Mono<EmulatorResponse> namespaces(EmulatorRequest request) {
        return Mono.just(EmulatorResponse.json(200, Json.array().add(state.namespace())));
    }
}
