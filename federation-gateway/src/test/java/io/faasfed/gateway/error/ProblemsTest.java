package io.faasfed.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.PlatformId;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.databind.json.JsonMapper;

/** Every detail says what the client must fix, or that the gateway failed; nothing internal leaks. */
class ProblemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A body the compat API would read. */
    record ScaleRequest(String serviceName, long replicas) {
    }

    @Test
    void anIllegalArgumentIsAFaultOfTheGatewayNotA400WithItsMessage() {
        Problem problem = Problems.of(new IllegalArgumentException("placement on fn holds a function of "
                + "io.faasfed.Internal$Thing"), "fn");

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).doesNotContain("io.faasfed").doesNotContain("placement on");
        assertThat(Problems.isInternal(problem)).isTrue();
    }

    @Test
    void invalidInputIs400WithWhatToFix() {
        assertThat(Problems.of(new BadRequest("replicas: -1 (expected: >= 0)"), null))
                .satisfies(problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.detail()).isEqualTo("replicas: -1 (expected: >= 0)");
                });
        assertThat(Problems.of(new io.faasfed.adapter.api.InvalidArgument("method", "\"G T\"", "a token"), null)
                .status()).isEqualTo(400);
    }

    @Test
    void malformedJsonSaysWhereWithoutJacksonTypes() {
        Exception parse = readFailure("{\"serviceName\": ");
        Problem problem = Problems.of(new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error: " + parse.getMessage(), parse)), null);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("the body is not valid JSON at line 1, column");
        assertThat(problem.detail()).doesNotContain("tools.jackson").doesNotContain("ScaleRequest")
                .doesNotContain("$").doesNotContain("Exception");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithoutJacksonTypes() {
        Exception mismatch = readFailure("{\"serviceName\":\"x\",\"replicas\":\"many\"}");
        Problem problem = Problems.of(new DecodingException("JSON decoding error: " + mismatch.getMessage(),
                mismatch), null);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("replicas: expected an integer, got a string at line 1");
        assertThat(problem.extensions()).containsEntry("field", "replicas");
        assertThat(problem.detail()).doesNotContain("ProblemsTest").doesNotContain("long").doesNotContain("jackson");
    }

    @Test
    void aMissingBodyIsNamedWithoutAMethodSignature() {
        Problem problem = Problems.of(new ServerWebInputException("No request body for: public "
                + "reactor.core.publisher.Mono io.faasfed.gateway.compat.SystemController.scale(...)"), null);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).doesNotContain("reactor.core").doesNotContain("SystemController");
    }

    @Test
    void anUnsupportedContentTypeNamesTheTypesNotTheBodyClass() {
        Problem problem = Problems.of(new UnsupportedMediaTypeStatusException(MediaType.TEXT_PLAIN,
                java.util.List.of(MediaType.APPLICATION_JSON), org.springframework.core.ResolvableType.forClass(
                        ScaleRequest.class)), null);

        assertThat(problem.status()).isEqualTo(415);
        assertThat(problem.detail()).contains("text/plain").contains("application/json")
                .doesNotContain("ScaleRequest");
    }

    @Test
    void aRefusedMethodListsTheAllowedOnes() {
        Problem problem = Problems.of(new MethodNotAllowedException(HttpMethod.TRACE,
                java.util.Set.of(HttpMethod.GET, HttpMethod.POST)), null);

        assertThat(problem.status()).isEqualTo(405);
        assertThat(problem.detail()).contains("TRACE").contains("GET, POST");
    }

    @Test
    void anUnreachablePlatformDoesNotLeakItsAddress() {
        Problem problem = Problems.of(new RuntimeException(new ConnectException(
                "Connection refused: /10.0.3.7:8080")), "openfaas");

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).contains("'openfaas'").doesNotContain("10.0.3.7").doesNotContain("Exception");
    }

    @Test
    void platformStatusesAndRetryAfterAreKeptNeverInvented() {
        PlatformId fn = PlatformId.of("fn");
        Problem busy = Problems.of(new FaasException.PlatformUnavailable(fn, "too busy", null, 503,
                Duration.ofSeconds(15)), null);
        Problem badGateway = Problems.of(new FaasException.PlatformUnavailable(fn, "no answer", null, 502, null),
                null);
        Problem throttled = Problems.of(new FaasException.RateLimited(fn, "throttled", null), null);
        Problem tooLarge = Problems.of(new FaasException.RequestRejected(fn, 413, "too large"), null);

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(badGateway.status()).isEqualTo(502);
        assertThat(badGateway.retryAfter()).isNull();
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.retryAfter()).isNull();
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    private static Exception readFailure(String json) {
        try {
            JSON.readValue(json, ScaleRequest.class);
            throw new AssertionError("expected a read failure for " + json);
        } catch (tools.jackson.core.JacksonException e) {
            return e;
        }
    }
}
