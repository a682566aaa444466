package io.faasfed.adapter.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The exact invocation requests (blocking flags, argument envelopes, web action URLs) and how every answer of the
 * controller maps: results, 202-then-poll, web action statuses and each error.
 */
class OpenWhiskInvocationTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);
    private static final String ACTIONS = "/api/v1/namespaces/_/actions/";

    @RegisterExtension
    static final LoopbackWireMock controller = LoopbackWireMock.create();

    private OpenWhiskPlatform platform() {
        return OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5));
    }

    private void plainAction(String name, int timeoutMs) {
        controller.stubFor(get(urlEqualTo(ACTIONS + name + "?code=false"))
                .willReturn(okJson(OpenWhiskStubs.plainAction(name, timeoutMs))));
    }

    private void webAction(String name) {
        controller.stubFor(get(urlEqualTo(ACTIONS + name + "?code=false"))
                .willReturn(okJson(OpenWhiskStubs.webAction(name))));
    }

    // ---- plain actions -------------------------------------------------------------------------------------------

    @Test
    void invokeOfAPlainActionPostsBlockingWithResultAndWrapsPlainText() {
        plainAction("greet", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "greet")).willReturn(okJson("{\"greeting\":\"hello world\"}")
                .withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "9f3e")));
        Invocation call = Invocation.builder("greet").method("PUT").path("/x").query("a=1")
                .headers(Headers.of("Content-Type", "text/plain", "X-Test", "t1")).body("hello \"world\"\n")
                .callId("call-1").build();

        StepVerifier.create(platform().invoke(call).flatMap(result -> result.bodyAsString().map(body -> {
                    assertThat(result.status()).isEqualTo(200);
                    assertThat(result.callId()).isEqualTo("9f3e");
                    assertThat(result.headers().first("X-Call-Id")).contains("9f3e");
                    return body;
                })))
                .expectNext("{\"greeting\":\"hello world\"}")
                .expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlEqualTo(ACTIONS + "greet?blocking=true&result=true"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Test", absent())
                .withRequestBody(equalToJson("{\"__ow_method\":\"put\",\"__ow_headers\":{\"content-type\":"
                        + "\"text/plain\",\"x-test\":\"t1\"},\"__ow_path\":\"/x\",\"__ow_query\":\"a=1\","
                        + "\"__ow_body\":\"hello \\\"world\\\"\\n\"}")));
    }

    @Test
    void invokePassesAJsonObjectBodyAsTheActionsArgumentsWithTheHeaders() {
        plainAction("greet", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "greet")).willReturn(okJson("{\"ok\":true}")));
        Invocation call = Invocation.builder("greet").headers(Headers.of("Content-Type", "application/json"))
                .body(Flux.just(ByteBuffer.wrap("  {\"name\":".getBytes()), ByteBuffer.wrap("\"Ada\"}".getBytes())))
                .build();

        StepVerifier.create(platform().invoke(call)).expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlEqualTo(ACTIONS + "greet?blocking=true&result=true"))
                .withRequestBody(equalToJson("{\"__ow_headers\":{\"content-type\":\"application/json\"},"
                        + "\"name\":\"Ada\"}")));
    }

    @Test
    void invokeWrapsAJsonArrayInsteadOfLettingOpenWhiskRejectIt() {
        plainAction("greet", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "greet")).willReturn(okJson("{\"ok\":true}")));
        Invocation call = Invocation.builder("greet").headers(Headers.of("Content-Type", "application/json"))
                .body("[1,2]").build();

        StepVerifier.create(platform().invoke(call)).expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlPathEqualTo(ACTIONS + "greet"))
                .withRequestBody(equalToJson("{\"__ow_body\":\"[1,2]\"}", true, true)));
    }

    @Test
    void invokeWrapsABinaryBodyInBase64() {
        plainAction("thumb", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "thumb")).willReturn(okJson("{\"ok\":true}")));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3, (byte) 0xff, 0x7f};
        Invocation call = Invocation.builder("thumb").headers(Headers.of("Content-Type", "image/png"))
                .body(Flux.just(ByteBuffer.wrap(png, 0, 4), ByteBuffer.wrap(png, 4, 1), ByteBuffer.wrap(png, 5, 5)))
                .build();

        StepVerifier.create(platform().invoke(call)).expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlPathEqualTo(ACTIONS + "thumb"))
                .withRequestBody(equalToJson("{\"__ow_method\":\"post\",\"__ow_body\":\""
                        + Base64.getEncoder().encodeToString(png) + "\"}", true, true)));
    }

    @Test
    void invokeOfAPackagedActionUsesThePackageInThePath() {
        controller.stubFor(get(urlEqualTo(ACTIONS + "tools/resize?code=false"))
                .willReturn(okJson(OpenWhiskStubs.action("guest/tools", "resize", "{\"kind\":\"nodejs:20\"}",
                        Map.of(), Map.of(), 256, 60000))));
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "tools/resize")).willReturn(okJson("{\"ok\":true}")));

        StepVerifier.create(platform().invoke(Invocation.builder("resize").scope("tools").body("x").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlEqualTo(ACTIONS + "tools/resize?blocking=true&result=true")));
    }

    @Test
    void aBlockingCallAnswered202IsFinishedByPollingTheActivation() {
        plainAction("slow", 1000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "slow")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "a202")
                .withBody("{\"activationId\":\"a202\"}")));
        String activation = "/api/v1/namespaces/_/activations/a202";
        controller.stubFor(get(urlEqualTo(activation)).inScenario("poll").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND))
                .willSetStateTo("still running"));
        controller.stubFor(get(urlEqualTo(activation)).inScenario("poll").whenScenarioStateIs("still running")
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND))
                .willSetStateTo("done"));
        controller.stubFor(get(urlEqualTo(activation)).inScenario("poll").whenScenarioStateIs("done")
                .willReturn(okJson("{\"namespace\":\"guest\",\"name\":\"slow\",\"activationId\":\"a202\","
                        + "\"start\":1,\"end\":2,\"duration\":1,\"response\":{\"status\":\"success\","
                        + "\"success\":true,\"result\":{\"answer\":42}},\"logs\":[]}")));

        StepVerifier.create(platform().invoke(Invocation.builder("slow").body("x").build())
                        .flatMap(result -> result.bodyAsString().map(body -> {
                            assertThat(result.status()).isEqualTo(200);
                            assertThat(result.callId()).isEqualTo("a202");
                            assertThat(result.headers().first("X-Call-Id")).contains("a202");
                            return body;
                        })))
                .expectNext("{\"answer\":42}")
                .expectComplete().verify(VERIFY);

        controller.verify(3, getRequestedFor(urlEqualTo(activation))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION)));
    }

    @Test
    void aPolledActivationThatFailedIsFunctionFailedWithTheErrorObject() {
        plainAction("slow", 1000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "slow")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"activationId\":\"bad1\"}")));
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/activations/bad1"))
                .willReturn(okJson("{\"activationId\":\"bad1\",\"name\":\"slow\",\"response\":{\"status\":"
                        + "\"application error\",\"success\":false,\"result\":{\"error\":\"no input\"}}}")));

        StepVerifier.create(platform().invoke(Invocation.builder("slow").body("x").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionFailed.class, failed -> {
                            assertThat(failed.status()).isEqualTo(502);
                            assertThat(failed.body()).isEqualTo("{\"error\":\"no input\"}");
                            assertThat(failed.headers().first("X-Call-Id")).contains("bad1");
                        }))
                .verify(VERIFY);
    }

    @Test
    void pollingStopsAfterTheActionsTimeoutPlusTheMarginWithTimeout() {
        // 2 s of action timeout and 1 s of margin: room for many polls (20 ms to 100 ms apart) even when the
        // machine is busy, so that "polled more than once" cannot depend on load
        OpenWhiskPlatform platform = OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5),
                properties -> properties.setPollMargin(Duration.ofSeconds(1)));
        plainAction("stuck", 2000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "stuck")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"activationId\":\"never\"}")));
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/activations/never"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));

        StepVerifier.create(platform.invoke(Invocation.builder("stuck").body("x").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.Timeout.class, timeout -> {
                            assertThat(timeout.after()).contains(Duration.ofSeconds(3));
                            assertThat(timeout.getMessage()).contains("activation never");
                        }))
                .verify(VERIFY);
        assertThat(controller.countRequestsMatching(getRequestedFor(
                urlEqualTo("/api/v1/namespaces/_/activations/never")).build()).getCount()).isGreaterThan(1);
    }

    // ---- web actions ---------------------------------------------------------------------------------------------

    @Test
    void aWebActionIsCalledThroughItsHttpUrlWithMethodHeadersQueryAndBody() {
        webAction("page");
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/page.http/a/b"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "w1").withBody("<p>hi</p>")));
        Invocation call = Invocation.builder("page").method("DELETE").path("/a/b").query("q=1")
                .headers(Headers.of("X-Test", "t1")).body("payload").callId("c-9").build();

        StepVerifier.create(platform().invoke(call).flatMap(result -> result.bodyAsString().map(body -> {
                    assertThat(result.callId()).isEqualTo("w1");
                    assertThat(result.headers().first("Content-Type")).contains("text/html");
                    return body;
                })))
                .expectNext("<p>hi</p>")
                .expectComplete().verify(VERIFY);

        controller.verify(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                        urlEqualTo("/api/v1/web/guest/default/page.http/a/b?q=1"))
                .withHeader("X-Test", equalTo("t1"))
                .withHeader("X-Call-Id", equalTo("c-9"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalTo("payload")));
    }

    @Test
    void aWebActionsNon200StatusCodeIsItsOwnResult() {
        webAction("lookup");
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/lookup.http"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "w404").withBody("{\"missing\":\"item 7\"}")));

        StepVerifier.create(platform().invoke(Invocation.builder("lookup").method("GET").build())
                        .flatMap(result -> result.bodyAsString().map(body -> {
                            assertThat(result.status()).isEqualTo(404);
                            assertThat(result.callId()).isEqualTo("w404");
                            return body;
                        })))
                .expectNext("{\"missing\":\"item 7\"}")
                .expectComplete().verify(VERIFY);
    }

    @Test
    void aWebActionsOwn5xxIsFunctionFailed() {
        webAction("crash");
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/crash.http"))
                .willReturn(aResponse().withStatus(503).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "w503")
                        .withBody("down for maintenance")));

        StepVerifier.create(platform().invoke(Invocation.builder("crash").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionFailed.class, failed -> {
                            assertThat(failed.status()).isEqualTo(503);
                            assertThat(failed.body()).isEqualTo("down for maintenance");
                        }))
                .verify(VERIFY);
    }

    @Test
    void aWebActionWithASecretRequireWhiskAuthGetsTheSecretAsAHeaderAndNoKey() {
        controller.stubFor(get(urlEqualTo(ACTIONS + "token?code=false")).willReturn(okJson(OpenWhiskStubs.action(
                "guest", "token", "{\"kind\":\"nodejs:20\"}", Map.of("web-export", true, "require-whisk-auth", "s3cr3t"),
                Map.of(), 256, 60000))));
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/token.http"))
                .willReturn(aResponse().withStatus(200).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "s2")));
        OpenWhiskPlatform platform = platform();

        StepVerifier.create(platform.invoke(Invocation.builder("token").build())).expectNextCount(1)
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.forwardTarget(FunctionRef.of("token")))
                .assertNext(target -> {
                    assertThat(target.requestHeaders().first("X-Require-Whisk-Auth")).contains("s3cr3t");
                    assertThat(target.requestHeaders().first("Authorization")).isEmpty();
                })
                .expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlEqualTo("/api/v1/web/guest/default/token.http"))
                .withHeader("X-Require-Whisk-Auth", equalTo("s3cr3t"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void aWebActionThatRequiresTheKeyInTheGatewaysOwnNamespaceIsRefusedWithoutCallingIt() {
        controller.stubFor(get(urlEqualTo(ACTIONS + "secured?code=false")).willReturn(okJson(OpenWhiskStubs.action(
                "guest", "secured", "{\"kind\":\"nodejs:20\"}", Map.of("web-export", true, "require-whisk-auth", true),
                Map.of(), 256, 60000))));
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/secured.http"))
                .willReturn(aResponse().withStatus(200).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "s1")));
        OpenWhiskPlatform platform = platform();

        StepVerifier.create(platform.invoke(Invocation.builder("secured").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.RequestRejected.class)
                        .satisfies(e -> assertThat(((FaasException.RequestRejected) e).status()).isEqualTo(403))
                        .hasMessageContaining("require-whisk-auth: true")
                        .hasMessageContaining("faasfed.platforms.openwhisk.namespaces.<ns>.auth")
                        .hasMessageContaining("X-Require-Whisk-Auth")
                        .hasMessageNotContaining(OpenWhiskStubs.KEY))
                .verify(VERIFY);
        StepVerifier.create(platform.forwardTarget(FunctionRef.of("secured")))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.RequestRejected.class)
                        .satisfies(e -> assertThat(((FaasException.RequestRejected) e).status()).isEqualTo(403)))
                .verify(VERIFY);

        controller.verify(0, anyRequestedFor(urlPathEqualTo("/api/v1/web/guest/default/secured.http")));
    }

    @Test
    void forwardTargetOfAWebActionIsItsHttpUrlAndOfAPlainActionIsEmpty() {
        webAction("page");
        plainAction("greet", 60000);
        OpenWhiskPlatform platform = platform();

        StepVerifier.create(platform.forwardTarget(FunctionRef.of("page")))
                .assertNext(target -> {
                    assertThat(target.uri().toString())
                            .isEqualTo(controller.baseUrl() + "/api/v1/web/guest/default/page.http");
                    assertThat(target.callIdResponseHeader()).isEqualTo(OpenWhiskPlatform.ACTIVATION_HEADER);
                    assertThat(target.requestHeaders().isEmpty()).isTrue();
                })
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.forwardTarget(FunctionRef.of("greet"))).expectComplete().verify(VERIFY);
    }

    @Test
    void theActionLookupIsRememberedBetweenCalls() {
        webAction("page");
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/page.http"))
                .willReturn(aResponse().withStatus(200).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "w")));
        OpenWhiskPlatform platform = platform();

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(platform.invoke(Invocation.builder("page").build())).expectNextCount(1)
                    .expectComplete().verify(VERIFY);
        }

        controller.verify(1, getRequestedFor(urlPathEqualTo(ACTIONS + "page")));
    }

    // ---- asynchronous calls --------------------------------------------------------------------------------------

    @Test
    void invokeAsyncPostsNonBlockingAndReturnsTheActivationId() {
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "greet")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "as1")
                .withBody("{\"activationId\":\"as1\"}")));

        StepVerifier.create(platform().invokeAsync(Invocation.builder("greet").body("hi").build()))
                .assertNext(accepted -> {
                    assertThat(accepted.callId()).isEqualTo("as1");
                    assertThat(accepted.platform().value()).isEqualTo("openwhisk");
                })
                .expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlEqualTo(ACTIONS + "greet?blocking=false"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION))
                .withRequestBody(equalToJson("{\"__ow_body\":\"hi\"}", true, true)));
    }

    @Test
    void asyncResultIsEmptyWhileTheActivationRunsAndTheResultOnceItIsStored() {
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/activations/run1"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/activations/done1"))
                .willReturn(okJson("{\"activationId\":\"done1\",\"name\":\"greet\",\"response\":{\"status\":"
                        + "\"success\",\"success\":true,\"result\":{\"hello\":\"world\"}}}")));
        OpenWhiskPlatform platform = platform();

        StepVerifier.create(platform.asyncResult("run1")).expectComplete().verify(VERIFY);
        StepVerifier.create(platform.asyncResult("done1").flatMap(result -> result.bodyAsString().map(body -> {
                    assertThat(result.callId()).isEqualTo("done1");
                    return body;
                })))
                .expectNext("{\"hello\":\"world\"}")
                .expectComplete().verify(VERIFY);
    }

    // ---- errors --------------------------------------------------------------------------------------------------

    @Test
    void invokeMaps502WithAnApplicationErrorToFunctionFailedCarryingTheErrorObject() {
        plainAction("broken", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "broken")).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "application/json").withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "e502")
                .withBody("{\"error\":{\"reason\":\"bad input\",\"field\":\"name\"}}")));

        StepVerifier.create(platform().invoke(Invocation.builder("broken").body("x").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionFailed.class, failed -> {
                            assertThat(failed.status()).isEqualTo(502);
                            assertThat(failed.body()).isEqualTo("{\"error\":{\"reason\":\"bad input\","
                                    + "\"field\":\"name\"}}");
                            assertThat(failed.headers().first("X-Call-Id")).contains("e502");
                        }))
                .verify(VERIFY);
    }

    @Test
    void invokeMaps429ToRateLimitedWithoutAnInventedRetryAfter() {
        plainAction("busy", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "busy")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"Too many requests in the last minute (count: 121, allowed: 120).\","
                        + "\"code\":\"tx429\"}")));

        StepVerifier.create(platform().invoke(Invocation.builder("busy").body("x").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.RateLimited.class, limited -> {
                            assertThat(limited.retryAfter()).isNull();
                            assertThat(limited.getMessage()).contains("Too many requests in the last minute");
                        }))
                .verify(VERIFY);
    }

    @Test
    void aThrottledWebActionCallIsRateLimitedToo() {
        webAction("page");
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/page.http"))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"Too many concurrent requests in flight (count: 101, allowed: 100).\","
                                + "\"code\":\"tx\"}")));

        StepVerifier.create(platform().invoke(Invocation.builder("page").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.RateLimited.class,
                                limited -> assertThat(limited.retryAfter()).isNull()))
                .verify(VERIFY);
    }

    @Test
    void invokeMaps401And403ToPlatformUnavailableSayingTheKeyWasRefused() {
        for (int status : new int[] {401, 403}) {
            controller.resetAll();
            controller.stubFor(get(urlPathEqualTo(ACTIONS + "greet")).willReturn(aResponse().withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"The supplied authentication is invalid.\",\"code\":\"tx401\"}")));

            StepVerifier.create(platform().invoke(Invocation.builder("greet").body("x").build()))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(FaasException.PlatformUnavailable.class)
                            .hasMessageContaining("OpenWhisk key was refused (HTTP " + status)
                            .hasMessageContaining("The supplied authentication is invalid."))
                    .verify(VERIFY);
        }
    }

    @Test
    void invokeMaps404ToFunctionNotFound() {
        controller.stubFor(get(urlPathEqualTo(ACTIONS + "ghost")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(OpenWhiskStubs.NOT_FOUND)));

        StepVerifier.create(platform().invoke(Invocation.builder("ghost").body("x").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionNotFound.class,
                                notFound -> assertThat(notFound.getMessage())
                                        .contains("The requested resource does not exist.")))
                .verify(VERIFY);
    }

    @Test
    void aWebActionDeletedSinceTheLookupIsFunctionNotFound() {
        webAction("gone");
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/guest/default/gone.http"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(OpenWhiskStubs.NOT_FOUND)));

        StepVerifier.create(platform().invoke(Invocation.builder("gone").build()))
                .expectError(FaasException.FunctionNotFound.class)
                .verify(VERIFY);
    }

    @Test
    void aWhiskInternalErrorIsPlatformUnavailable() {
        plainAction("greet", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "greet")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"System is overloaded, try again later.\",\"code\":\"tx503\"}")));

        StepVerifier.create(platform().invoke(Invocation.builder("greet").body("x").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.PlatformUnavailable.class)
                        .hasMessageContaining("System is overloaded"))
                .verify(VERIFY);
    }

    @Test
    void aBodyTheControllerRefusesAsTooLargeIs413NotAnInvalidSpec() {
        plainAction("big", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "big")).willReturn(aResponse().withStatus(413)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"The request content was malformed:\\nrequest entity too large\","
                        + "\"code\":\"tx413\"}")));

        StepVerifier.create(platform().invoke(Invocation.builder("big").body("x".repeat(2048)).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.RequestRejected.class,
                                rejected -> assertThat(rejected.status()).isEqualTo(413)))
                .verify(VERIFY);
    }

    @Test
    void aChunkedBodyOverThePayloadLimitIs413AndTheControllerNeverGetsAWholeUpload() {
        plainAction("big", 60000);
        controller.stubFor(post(urlPathEqualTo(ACTIONS + "big")).willReturn(okJson("{\"ok\":true}")));
        OpenWhiskPlatform limited = OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5),
                properties -> properties.setMaxPayloadBytes(4096));
        // a body of unknown length, 64 chunks of 1 KiB: the call must stop once the arguments pass 4 KiB
        reactor.core.publisher.Flux<java.nio.ByteBuffer> chunked = reactor.core.publisher.Flux.range(0, 64)
                .map(i -> java.nio.ByteBuffer.wrap("y".repeat(1024).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        StepVerifier.create(limited.invoke(Invocation.builder("big").body(chunked).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.RequestRejected.class, rejected -> {
                            assertThat(rejected.status()).isEqualTo(413);
                            assertThat(rejected.getMessage()).contains("max-payload-bytes");
                        }))
                .verify(VERIFY);
        assertThat(controller.findAll(postRequestedFor(urlPathEqualTo(ACTIONS + "big")))).isEmpty();
    }

    @Test
    void theForwardTargetTellsControllerErrorsFromTheWebActionsAnswers() {
        webAction("page");
        ForwardTarget.ResponseClassifier classifier = platform().forwardTarget(FunctionRef.of("page")).block(VERIFY).classifier();
        Headers controllerJson = Headers.of("Content-Type", "application/json");
        Headers action = controllerJson.with("x-openwhisk-activation-id", "a1");

        assertThat(classifier.classify(404, controllerJson, "{\"error\":\"The requested resource does not exist.\"}"))
                .isInstanceOf(FaasException.FunctionNotFound.class);
        assertThat(classifier.classify(413, controllerJson, "{\"error\":\"too large\"}"))
                .isInstanceOfSatisfying(FaasException.RequestRejected.class,
                        rejected -> assertThat(rejected.status()).isEqualTo(413));
        assertThat(classifier.classify(401, controllerJson, "")).isInstanceOf(FaasException.PlatformUnavailable.class);
        assertThat(classifier.classify(429, controllerJson, "{\"error\":\"Too many requests\"}"))
                .isInstanceOfSatisfying(FaasException.RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).isNull());
        assertThat(classifier.classify(404, action, "not here")).isNull();
        assertThat(classifier.classify(429, action, "slow down")).isNull();
        assertThat(classifier.classify(500, action, "oops")).isNull();
    }
}
