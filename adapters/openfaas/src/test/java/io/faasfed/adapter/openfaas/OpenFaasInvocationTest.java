package io.faasfed.adapter.openfaas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.openfaas.OpenFaasPlatformProperties.Provider;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Pins what invoke, invokeAsync and forwardTarget send to {@code /function/} and what they make of the answer. */
class OpenFaasInvocationTest {

    private static final Duration VERIFY = Duration.ofSeconds(30);

    @RegisterExtension
    static final LoopbackWireMock wireMock = LoopbackWireMock.create();

    private static OpenFaasPlatformProperties properties() {
        return OpenFaasStubs.properties(wireMock.baseUrl(), Duration.ofSeconds(10));
    }

    private static OpenFaasPlatform platform() {
        return OpenFaasStubs.platform(properties());
    }

    @Test
    void invokePassesMethodExtraPathQueryAndHeadersButNoHopByHopOnesAndSendsTheCallId() {
        wireMock.stubFor(any(urlEqualTo("/function/echo/sub/path?q=1&a=b%20c")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("X-Call-Id", "call-7").withHeader("X-Duration-Seconds", "0.002")
                .withHeader("Keep-Alive", "timeout=5").withBody("{\"ok\":true}")));
        Invocation call = Invocation.builder("echo").method("PATCH").path("/sub/path").query("q=1&a=b%20c")
                .headers(Headers.of("Content-Type", "application/json", "X-Test", "1", "Keep-Alive", "timeout=5",
                        "Proxy-Authorization", "Basic x"))
                .body("{\"in\":1}").callId("call-7").build();

        StepVerifier.create(platform().invoke(call).flatMap(result -> result.bodyAsString().map(body -> {
                    assertThat(result.status()).isEqualTo(200);
                    assertThat(result.callId()).isEqualTo("call-7");
                    assertThat(result.headers().first("Content-Type")).contains("application/json");
                    assertThat(result.headers().contains("Keep-Alive")).isFalse();
                    return body;
                })))
                .expectNext("{\"ok\":true}").expectComplete().verify(VERIFY);

        wireMock.verify(requestedFor("PATCH", urlEqualTo("/function/echo/sub/path?q=1&a=b%20c"))
                .withHeader("X-Test", equalTo("1"))
                .withHeader("X-Call-Id", equalTo("call-7"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Keep-Alive", absent())
                .withHeader("Proxy-Authorization", absent())
                .withHeader("Authorization", absent())
                .withRequestBody(equalTo("{\"in\":1}")));
    }

    @Test
    void invokeReadsTheGatewaysCallIdBack() {
        wireMock.stubFor(any(urlEqualTo("/function/echo")).willReturn(aResponse().withStatus(200)
                .withHeader("X-Call-Id", "2708999f-cff6-4177-83d6-3bb0b3d7ce84")
                .withHeader("X-Duration-Seconds", "0.002550").withBody("hi\n")));

        StepVerifier.create(platform().invoke(Invocation.builder("echo").body("hi\n").callId("mine").build()))
                .assertNext(result -> assertThat(result.callId()).isEqualTo("2708999f-cff6-4177-83d6-3bb0b3d7ce84"))
                .expectComplete().verify(VERIFY);
    }

    @Test
    void invokeInANamespaceUsesTheDottedPathSegment() {
        OpenFaasPlatformProperties properties = properties();
        properties.setProvider(Provider.KUBERNETES);
        properties.setNamespace("openfaas-fn");
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("X-Duration-Seconds", "0.1").withBody("ok")));
        OpenFaasPlatform platform = OpenFaasStubs.platform(properties);

        StepVerifier.create(platform.invoke(Invocation.builder("echo").method("GET").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);
        StepVerifier.create(platform.invoke(Invocation.builder("echo").scope("dev").path("/x").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        wireMock.verify(requestedFor("GET", urlEqualTo("/function/echo.openfaas-fn")));
        wireMock.verify(postRequestedFor(urlEqualTo("/function/echo.dev/x")));
    }

    @Test
    void invokeStreamsSeveralMebibytesBothWays() {
        int size = 6 * 1024 * 1024;
        byte[] response = new byte[size];
        Arrays.fill(response, (byte) 'r');
        wireMock.stubFor(post(urlEqualTo("/function/bulk")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withHeader("X-Duration-Seconds", "0.5")
                .withBody(response)));
        int chunk = 64 * 1024;
        AtomicInteger sentChunks = new AtomicInteger();
        Flux<ByteBuffer> body = Flux.range(0, size / chunk).map(i -> {
            sentChunks.incrementAndGet();
            byte[] bytes = new byte[chunk];
            Arrays.fill(bytes, (byte) 's');
            return ByteBuffer.wrap(bytes);
        });
        AtomicLong received = new AtomicLong();
        AtomicInteger receivedChunks = new AtomicInteger();

        StepVerifier.create(platform().invoke(Invocation.builder("bulk").body(body)
                                .headers(Headers.of("Content-Type", "application/octet-stream")).build())
                        .flatMapMany(result -> result.body())
                        .doOnNext(buffer -> {
                            received.addAndGet(buffer.remaining());
                            receivedChunks.incrementAndGet();
                        })
                        .then())
                .expectComplete().verify(VERIFY);

        assertThat(sentChunks.get()).isEqualTo(size / chunk);
        assertThat(received.get()).isEqualTo(size);
        assertThat(receivedChunks.get()).as("the answer arrives in pieces, not as one buffered array")
                .isGreaterThan(1);
        byte[] got = wireMock.getAllServeEvents().get(0).getRequest().getBody();
        assertThat(got).hasSize(size);
        assertThat(got[size - 1]).isEqualTo((byte) 's');
    }

    @Test
    void aFunctionsOwn4xxIsANormalResultEvenA404() {
        wireMock.stubFor(any(urlEqualTo("/function/lookup")).willReturn(aResponse().withStatus(404)
                .withHeader("X-Duration-Seconds", "0.001").withBody("no such item")));

        StepVerifier.create(platform().invoke(Invocation.builder("lookup").build())
                        .flatMap(result -> result.bodyAsString().map(body -> result.status() + " " + body)))
                .expectNext("404 no such item").expectComplete().verify(VERIFY);
    }

    @Test
    void invokeMapsAFunctions502ToFunctionFailedWithStatusAndBody() {
        wireMock.stubFor(any(urlEqualTo("/function/broken")).willReturn(aResponse().withStatus(502)
                .withHeader("X-Start-Time", "1796144745064046918")
                .withHeader("Content-Type", "text/plain; charset=utf-8").withBody("upstream said no")));

        StepVerifier.create(platform().invoke(Invocation.builder("broken").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionFailed.class, failed -> {
                            assertThat(failed.status()).isEqualTo(502);
                            assertThat(failed.body()).isEqualTo("upstream said no");
                        }))
                .verify(VERIFY);
    }

    @Test
    void invokeMapsTheGatewaysOwn502ToPlatformUnavailableWithItsWords() {
        wireMock.stubFor(any(urlEqualTo("/function/broken")).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/plain; charset=utf-8").withBody("Can't reach service for: broken.")));

        StepVerifier.create(platform().invoke(Invocation.builder("broken").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.PlatformUnavailable.class, unavailable -> {
                            assertThat(unavailable.status()).isEqualTo(502);
                            assertThat(unavailable.getMessage()).contains("Can't reach service for: broken.");
                        }))
                .verify(VERIFY);
    }

    @Test
    void invokeMapsWatchdogTimeoutsToTimeoutAndMaxInflightToRateLimited() {
        wireMock.stubFor(any(urlEqualTo("/function/slow-classic")).willReturn(aResponse().withStatus(408)
                .withBody("Killed process.")));
        wireMock.stubFor(any(urlEqualTo("/function/slow-http")).willReturn(aResponse().withStatus(504)));
        wireMock.stubFor(any(urlEqualTo("/function/busy")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "3").withBody("Concurrent request limit exceeded.")));
        OpenFaasPlatform platform = platform();

        StepVerifier.create(platform.invoke(Invocation.builder("slow-classic").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.Timeout.class)
                        .hasMessageContaining("Killed process."))
                .verify(VERIFY);
        StepVerifier.create(platform.invoke(Invocation.builder("slow-http").build()))
                .expectError(FaasException.Timeout.class).verify(VERIFY);
        StepVerifier.create(platform.invoke(Invocation.builder("busy").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.RateLimited.class,
                                limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(3))))
                .verify(VERIFY);
    }

    @Test
    void invokeHonoursThePerCallTimeout() {
        // the function answers long after the whole verification: no load can make it come before the 300 ms
        wireMock.stubFor(any(urlEqualTo("/function/sleepy")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(120_000)));

        StepVerifier.create(platform().invoke(Invocation.builder("sleepy").timeout(Duration.ofMillis(300)).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.Timeout.class,
                                timeout -> assertThat(timeout.after()).contains(Duration.ofMillis(300))))
                .verify(VERIFY);
    }

    @Test
    void invokeOfADottedNameIsRejectedBeforeAnyRequest() {
        StepVerifier.create(platform().invoke(Invocation.builder("echo.openfaas-fn").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("no dot"))
                .verify(VERIFY);
        StepVerifier.create(platform().invokeAsync(Invocation.builder("a.b").build()))
                .expectError(FaasException.InvalidSpec.class).verify(VERIFY);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void invokeAsyncPostsWithCallbackUrlAndCallIdAndReturnsTheAcceptedCallId() {
        wireMock.stubFor(post(urlEqualTo("/async-function/echo/sub?x=1")).willReturn(aResponse().withStatus(202)
                .withHeader("X-Call-Id", "call-42")));
        Invocation call = Invocation.builder("echo").method("PUT").path("/sub").query("x=1").body("payload")
                .headers(Headers.of("X-Test", "1")).callId("call-42")
                .callbackUrl(URI.create("http://gateway:8080/federation/v1/callbacks/call-42")).build();

        StepVerifier.create(platform().invokeAsync(call))
                .assertNext(accepted -> {
                    assertThat(accepted.callId()).isEqualTo("call-42");
                    assertThat(accepted.platform()).hasToString("openfaas");
                })
                .expectComplete().verify(VERIFY);

        wireMock.verify(postRequestedFor(urlEqualTo("/async-function/echo/sub?x=1"))
                .withHeader("X-Callback-Url", equalTo("http://gateway:8080/federation/v1/callbacks/call-42"))
                .withHeader("X-Call-Id", equalTo("call-42"))
                .withHeader("X-Test", equalTo("1"))
                .withRequestBody(equalTo("payload")));
    }

    @Test
    void invokeAsyncOnAGatewayWithoutQueueIsUnsupported() {
        wireMock.stubFor(post(urlEqualTo("/async-function/echo")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/plain; charset=utf-8").withBody("404 page not found\n")));

        StepVerifier.create(platform().invokeAsync(Invocation.builder("echo").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.UnsupportedCapability.class,
                                unsupported -> assertThat(unsupported.capability()).isEqualTo(Capability.ASYNC_INVOKE)))
                .verify(VERIFY);
    }

    @Test
    void invokeAsyncSwitchedOffIsUnsupportedWithoutARequest() {
        OpenFaasPlatformProperties properties = properties();
        properties.setAsyncInvoke(false);
        OpenFaasPlatform platform = OpenFaasStubs.platform(properties);

        assertThat(platform.capabilities()).doesNotContain(Capability.ASYNC_INVOKE, Capability.ASYNC_CALLBACK);
        StepVerifier.create(platform.invokeAsync(Invocation.builder("echo").build()))
                .expectError(FaasException.UnsupportedCapability.class).verify(VERIFY);
        wireMock.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void forwardTargetIsTheFunctionsUrlWithTheCallIdHeader() {
        OpenFaasPlatformProperties properties = properties();
        properties.setProvider(Provider.FAASD);
        properties.setNamespace("openfaas-fn");

        StepVerifier.create(OpenFaasStubs.platform(properties).forwardTarget(FunctionRef.of("echo")))
                .assertNext(target -> {
                    assertThat(target.uri()).isEqualTo(URI.create(wireMock.baseUrl() + "/function/echo.openfaas-fn"));
                    assertThat(target.callIdResponseHeader()).isEqualTo("X-Call-Id");
                    assertThat(target.requestHeaders().isEmpty()).isTrue();
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void capabilitiesFollowTheProvider() {
        OpenFaasPlatformProperties kubernetes = properties();
        kubernetes.setProvider(Provider.KUBERNETES);

        assertThat(platform().capabilities()).contains(Capability.SCALE, Capability.ASYNC_INVOKE,
                Capability.ASYNC_CALLBACK, Capability.SECRETS, Capability.HTTP_FORWARD,
                Capability.PER_FUNCTION_NETWORK).doesNotContain(Capability.NAMESPACES, Capability.CODE_DEPLOY);
        assertThat(OpenFaasStubs.platform(kubernetes).capabilities()).contains(Capability.NAMESPACES)
                .doesNotContain(Capability.PER_FUNCTION_NETWORK);
    }

    @Test
    void aFunctionsOwn429IsItsAnswerOnTheTranslatedPathToo() {
        wireMock.stubFor(any(urlEqualTo("/function/limited")).willReturn(aResponse().withStatus(429)
                .withHeader("X-Duration-Seconds", "0.001").withBody("Concurrent request limit exceeded.")));

        StepVerifier.create(platform().invoke(Invocation.builder("limited").build())
                        .flatMap(result -> result.bodyAsString().map(body -> {
                            assertThat(result.headers().contains("Retry-After")).isFalse();
                            return result.status() + " " + body;
                        })))
                .expectNext("429 Concurrent request limit exceeded.").expectComplete().verify(VERIFY);
    }

    @Test
    void theForwardTargetTellsTheGatewaysOwnErrorsFromTheFunctions() {
        ForwardTarget.ResponseClassifier classifier = platform().forwardTarget(FunctionRef.of("echo")).block(VERIFY).classifier();
        Headers plain = Headers.of("Content-Type", "text/plain; charset=utf-8");
        Headers watchdog = plain.with("X-Duration-Seconds", "0.002");
        Headers proxied = plain.with("X-Start-Time", "1796144745064046918").with("X-Call-Id", "c1");

        assertThat(classifier.classify(404, plain, "")).isInstanceOf(FaasException.FunctionNotFound.class);
        assertThat(classifier.classify(502, plain, ""))
                .isInstanceOfSatisfying(FaasException.PlatformUnavailable.class,
                        unavailable -> assertThat(unavailable.status()).isEqualTo(502));
        assertThat(classifier.classify(504, plain, "")).isInstanceOf(FaasException.Timeout.class);
        for (int status : new int[] {401, 403}) {
            assertThat(classifier.classify(status, plain, ""))
                    .isInstanceOfSatisfying(FaasException.PlatformUnavailable.class, refused -> {
                        assertThat(refused.status()).isEqualTo(503);
                        assertThat(refused.getMessage()).contains("credentials");
                    });
        }
        assertThat(classifier.classify(413, plain, "")).isInstanceOf(FaasException.RequestRejected.class);
        assertThat(classifier.classify(404, watchdog, "")).isNull();
        assertThat(classifier.classify(500, proxied, "exit status 2")).isNull();
        assertThat(classifier.classify(429, watchdog, "")).isNull();
    }
}
