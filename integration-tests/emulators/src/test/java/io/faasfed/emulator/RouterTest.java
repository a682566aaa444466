package io.faasfed.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RouterTest {

    private static Router router() {
        return new Router(request -> Mono.just(EmulatorResponse.text(404, "not found")),
                request -> Mono.just(EmulatorResponse.text(405, "not allowed")))
                .route("GET", "/system/functions", request -> Mono.just(EmulatorResponse.text(200, "list")));
    }

    private static int status(Router router, String method, String path) {
        EmulatorRequest request = new EmulatorRequest(method, path, null, Map.<String, List<String>>of(),
                EmptyHttpHeaders.INSTANCE, new byte[0], Map.of());
        return router.dispatch(request).map(EmulatorResponse::status).block();
    }

    /**
     * gorilla/mux, the OpenFaaS gateway's router, registers {@code /system/functions} only: the slash is a 404. No
     * platform retries a path without its slash, so the router never does.
     */
    @Test
    void pathsMatchExactlyNeverWithATrailingSlash() {
        Router router = router();

        assertThat(status(router, "GET", "/system/functions")).isEqualTo(200);
        assertThat(status(router, "GET", "/system/functions/")).isEqualTo(404);
        assertThat(status(router, "POST", "/system/functions/")).isEqualTo(404);
        assertThat(status(router, "POST", "/system/functions")).isEqualTo(405);
    }

    @Test
    void matchesTellsWhetherARouteForTheMethodTakesThePath() {
        Router router = router();

        assertThat(router.matches("GET", "/system/functions")).isTrue();
        assertThat(router.matches("POST", "/system/functions")).isFalse();
        assertThat(router.matches("GET", "/system/functions/")).isFalse();
    }
}
