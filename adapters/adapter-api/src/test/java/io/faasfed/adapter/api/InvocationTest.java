package io.faasfed.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class InvocationTest {

    @Test
    void normalisesMethodQueryAndDefaults() {
        Invocation call = Invocation.builder("echo").method("get").query("?a=1").build();

        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.query()).isEqualTo("a=1");
        assertThat(call.pathAndQuery()).isEqualTo("?a=1");
        assertThat(call.callId()).isNotBlank();
        assertThat(call.headers().isEmpty()).isTrue();
    }

    @Test
    void rejectsAPathThatDoesNotStartWithASlash() {
        assertThatIllegalArgumentException().isThrownBy(() -> Invocation.builder("echo").path("x/y").build())
                .withMessage("path: \"x/y\" (expected: empty, or starting with '/')");
    }

    @Test
    void rejectsAnInvalidMethod() {
        assertThatIllegalArgumentException().isThrownBy(() -> Invocation.builder("echo").method("GE T").build())
                .withMessageStartingWith("method: \"GE T\"");
    }

    @Test
    void resultRejectsAnImpossibleStatus() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Invocation.Result(600, null, null, "1",
                PlatformId.of("fn"))).withMessage("status: 600 (expected: an HTTP status code from 100 to 599)");
    }

    @Test
    void resultBodyAsStringJoinsChunks() {
        Flux<ByteBuffer> body = Flux.just("hel", "lo").map(s -> ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
        Invocation.Result result = new Invocation.Result(200, Headers.empty(), body, "1", PlatformId.of("fn"));

        StepVerifier.create(result.bodyAsString()).expectNext("hello").verifyComplete();
    }
}
