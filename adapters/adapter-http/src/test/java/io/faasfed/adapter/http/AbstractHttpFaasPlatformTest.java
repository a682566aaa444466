package io.faasfed.adapter.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AbstractHttpFaasPlatformTest {

    @RegisterExtension
    static final LoopbackWireMock wireMock = LoopbackWireMock.create();

    private static TestPlatform platform(String url) {
        return platform(url, Duration.ofSeconds(60));
    }

    /** A platform whose read timeout is {@code readTimeout}: generous, except where a test wants it to fire. */
    private static TestPlatform platform(String url, Duration readTimeout) {
        return new TestPlatform(HttpPlatformSettings.of(url, readTimeout).withCredentials("admin", "s3cret"));
    }

    @Test
    void exchangeStreamsAnyStatusBackWithHeadersAndSendsBasicAuthWhenAsked() {
        wireMock.stubFor(any(urlEqualTo("/fn/echo?x=1")).willReturn(aResponse().withStatus(418)
                .withHeader("X-Reply", "tea").withBody("short and stout")));
        TestPlatform platform = platform(wireMock.baseUrl());

        StepVerifier.create(platform.call("/fn/echo?x=1", Headers.of("X-In", "1", "Connection", "close"))
                        .flatMap(response -> response.text(1024).map(text -> response.status() + " "
                                + response.headers().first("X-Reply").orElse("") + " " + text)))
                .expectNext("418 tea short and stout").verifyComplete();
        wireMock.verify(postRequestedFor(urlEqualTo("/fn/echo?x=1")).withHeader("X-In", equalTo("1"))
                .withHeader("Authorization", equalTo("Basic YWRtaW46czNjcmV0")).withRequestBody(equalTo("ping")));
    }

    @Test
    void aSlowAnswerIsTimeout() {
        wireMock.stubFor(any(urlEqualTo("/slow")).willReturn(aResponse().withFixedDelay(120_000)));

        StepVerifier.create(platform(wireMock.baseUrl(), Duration.ofSeconds(2)).call("/slow", Headers.empty()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.Timeout.class)
                        .hasMessageContaining("platform 'test'")).verify(Duration.ofSeconds(30));
    }

    @Test
    void aClosedPortIsPlatformUnavailableInPlainWordsWithoutTheAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StepVerifier.create(platform("http://127.0.0.1:" + port).call("/x", Headers.empty()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(FaasException.PlatformUnavailable.class)
                        .hasMessageContaining("cannot be reached (connection refused)")
                        .hasMessageNotContaining(Integer.toString(port))
                        .hasMessageNotContaining("Exception"))
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void statusesMapToTheErrorFamily() {
        TestPlatform platform = platform(wireMock.baseUrl());
        assertThat(platform.translateStatus(401, Headers.empty(), "invalid credentials", "list", null))
                .isInstanceOf(FaasException.PlatformUnavailable.class)
                .hasMessageContaining("credentials were refused").hasMessageContaining("invalid credentials");
        assertThat(platform.translateStatus(404, Headers.empty(), "", "get", "echo"))
                .isInstanceOf(FaasException.FunctionNotFound.class);
        assertThat(platform.translateStatus(429, Headers.of("Retry-After", "7"), "", "invoke", "echo"))
                .isInstanceOfSatisfying(FaasException.RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(platform.translateStatus(400, Headers.empty(), "bad image", "deploy", "echo"))
                .isInstanceOf(FaasException.InvalidSpec.class).hasMessageContaining("bad image");
        assertThat(platform.translateStatus(503, Headers.empty(), "", "list", null))
                .isInstanceOf(FaasException.PlatformUnavailable.class).hasMessageContaining("503");
    }

    @Test
    void probeTurnsFailuresIntoDown() {
        wireMock.stubFor(get("/healthz").willReturn(aResponse().withStatus(500)));

        StepVerifier.create(platform(wireMock.baseUrl()).probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.DOWN);
                    assertThat(health.detail()).contains("500");
                }).verifyComplete();
    }

    @Test
    void settingsValidateTheirUrlAndMaskThePassword() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> HttpPlatformSettings.of("gateway:8080", null))
                .withMessageContaining("expected: an absolute http(s) URL");
        assertThat(HttpPlatformSettings.of("http://gw:8080/", null).baseUrl().toString()).isEqualTo("http://gw:8080");
        assertThat(HttpPlatformSettings.of("http://gw:8080", null).withCredentials("a", "pw").toString())
                .doesNotContain("pw").contains("****");
    }

    /** The smallest concrete platform: enough to exercise the template. */
    private static final class TestPlatform extends AbstractHttpFaasPlatform {
        TestPlatform(HttpPlatformSettings settings) {
            super(PlatformId.of("test"), settings);
        }

        Mono<StreamedResponse> call(String path, Headers headers) {
            Headers.Builder withAuth = headers.toBuilder();
            basicAuth().accept(new org.springframework.http.HttpHeaders() {
                @Override
                public void set(String name, String value) {
                    withAuth.set(name, value);
                }
            });
            return exchange(HttpMethod.POST, path, withAuth.build(), Buffers.text("ping"), null, "echo");
        }

        @Override
        public PlatformType type() {
            return PlatformType.OPENFAAS;
        }

        @Override
        public Flux<FunctionInfo> list() {
            return Flux.empty();
        }

        @Override
        public Mono<FunctionInfo> get(FunctionRef ref) {
            return Mono.empty();
        }

        @Override
        public Mono<FunctionInfo> deploy(FunctionSpec spec) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> delete(FunctionRef ref) {
            return Mono.empty();
        }

        @Override
        public Mono<Invocation.Result> invoke(Invocation request) {
            return Mono.empty();
        }

        @Override
        public Mono<AsyncAccepted> invokeAsync(Invocation request) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> scale(FunctionRef ref, int replicas) {
            return Mono.empty();
        }

        @Override
        public Mono<PlatformHealth> probe() {
            long start = System.nanoTime();
            return probeWith(exchange(HttpMethod.GET, "/healthz", Headers.empty(), null, null, null)
                    .flatMap(response -> response.isSuccess() ? response.discard().thenReturn(up(start, Map.of()))
                            : response.text(1024).map(text -> PlatformHealth.down(id(), "healthz answered "
                            + response.status(), since(start)))));
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }
    }
}
