package io.faasfed.adapter.fn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** Pins the exact requests the Fn adapter sends and how it reads each of Fn's answers. */
class FnPlatformTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);
    private static final String HELLO_ID = FnStubs.fnId("hello");

    @RegisterExtension
    static final LoopbackWireMock wireMock = LoopbackWireMock.create();

    private FnStubs stubs;

    @BeforeEach
    void stubs() {
        stubs = new FnStubs(wireMock.server());
    }

    private static FnPlatform platform() {
        return FnStubs.platform(wireMock.baseUrl(), Duration.ofSeconds(10));
    }

    private static FunctionSpec hello() {
        return FunctionSpec.builder("hello").image("localhost/fn-hello:0.0.1").env("GREETING", "hi")
                .label("team", "fed").annotation("owner", "platform-team")
                .limits(Limits.none().withMemoryMiB(128).withTimeout(Duration.ofSeconds(30))).build();
    }

    private void stubCreate(FunctionSpec spec) {
        wireMock.stubFor(post(urlEqualTo("/v2/fns")).willReturn(okJson(FnStubs.json(FnStubs.fn(spec)))));
        stubs.triggers(FnStubs.fnId(spec.name()), List.of());
        wireMock.stubFor(post(urlEqualTo("/v2/triggers")).willReturn(okJson(FnStubs.json(
                FnStubs.trigger(spec.name(), FnStubs.fnId(spec.name()), "/" + spec.name())))));
    }

    // ---- deploy ------------------------------------------------------------------------------------------------

    @Test
    void deployCreatesTheFunctionAndItsHttpTriggerInTheExistingApp() {
        stubs.app();
        stubs.lookup("hello", null);
        stubCreate(hello());

        StepVerifier.create(platform().deploy(hello()))
                .assertNext(info -> {
                    assertThat(info.backendRef()).isEqualTo(HELLO_ID);
                    assertThat(info.scope()).as("the default app is the default scope").isNull();
                })
                .verifyComplete();

        wireMock.verify(0, postRequestedFor(urlEqualTo("/v2/apps")));
        wireMock.verify(postRequestedFor(urlEqualTo("/v2/fns")).withRequestBody(equalToJson("""
                {"name":"hello","app_id":"%s","image":"localhost/fn-hello:0.0.1","memory":128,"timeout":30,
                 "config":{"GREETING":"hi"},
                 "annotations":{"team":"fed","faasfed.io/annotation.owner":"platform-team"}}
                """.formatted(FnStubs.APP_ID))));
        wireMock.verify(postRequestedFor(urlEqualTo("/v2/triggers")).withRequestBody(equalToJson("""
                {"name":"hello","app_id":"%s","fn_id":"%s","type":"http","source":"/hello"}
                """.formatted(FnStubs.APP_ID, HELLO_ID))));
    }

    @Test
    void deployCreatesTheMissingAppAndTakesA409FromAConcurrentCreateAsSuccess() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo(FnStubs.APP))
                .inScenario("app").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(FnStubs.items(List.of()))));
        wireMock.stubFor(post(urlEqualTo("/v2/apps")).inScenario("app").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("created by someone else")
                .willReturn(FnStubs.fnError(409, "App already exists")));
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo(FnStubs.APP))
                .inScenario("app").whenScenarioStateIs("created by someone else")
                .willReturn(okJson(FnStubs.items(List.of(Map.of("id", FnStubs.APP_ID, "name", FnStubs.APP))))));
        stubs.lookup("hello", null);
        stubCreate(hello());

        StepVerifier.create(platform().deploy(hello()))
                .assertNext(info -> assertThat(info.name()).isEqualTo("hello"))
                .verifyComplete();

        wireMock.verify(1, postRequestedFor(urlEqualTo("/v2/apps"))
                .withRequestBody(equalToJson("{\"name\":\"faasfed\"}")));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo("/v2/apps")));
        wireMock.verify(postRequestedFor(urlEqualTo("/v2/fns"))
                .withRequestBody(equalToJson("{\"app_id\":\"" + FnStubs.APP_ID + "\"}", true, true)));
    }

    @Test
    void deployUpdatesAnExistingFunctionWithAPatchThatDeletesRemovedKeys() {
        stubs.app();
        Map<String, Object> current = FnStubs.fn(HELLO_ID, "hello", "localhost/fn-hello:0.0.1",
                Map.of("GREETING", "hi", "OLD", "x"), Map.of("team", "fed", "stale", "y"));
        stubs.lookup("hello", current);
        FunctionSpec spec = FunctionSpec.builder("hello").image("localhost/fn-hello:0.0.2").env("GREETING", "hello")
                .label("team", "fed").limits(Limits.none().withMemoryMiB(256)).build();
        wireMock.stubFor(put(urlEqualTo("/v2/fns/" + HELLO_ID)).willReturn(okJson(FnStubs.json(FnStubs.fn(HELLO_ID,
                "hello", "localhost/fn-hello:0.0.2", Map.of("GREETING", "hello"), Map.of("team", "fed"))))));
        stubs.triggers(HELLO_ID, List.of(FnStubs.trigger("hello", HELLO_ID, "/hello")));

        StepVerifier.create(platform().deploy(spec))
                .assertNext(info -> {
                    assertThat(info.image()).isEqualTo("localhost/fn-hello:0.0.2");
                    assertThat(info.env()).containsExactly(Map.entry("GREETING", "hello"));
                    assertThat(info.labels()).containsExactly(Map.entry("team", "fed"));
                })
                .verifyComplete();

        wireMock.verify(putRequestedFor(urlEqualTo("/v2/fns/" + HELLO_ID)).withRequestBody(equalToJson("""
                {"image":"localhost/fn-hello:0.0.2","memory":256,"timeout":30,"idle_timeout":30,
                 "config":{"GREETING":"hello","OLD":""},
                 "annotations":{"team":"fed","stale":""}}
                """)));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/v2/fns")));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/v2/triggers")));
    }

    @Test
    void deployTurnsA409FromAConcurrentFunctionCreateIntoAnUpdate() {
        stubs.app();
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("name", equalTo("hello")).inScenario("fn")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(FnStubs.items(List.of()))));
        wireMock.stubFor(post(urlEqualTo("/v2/fns")).inScenario("fn").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("raced").willReturn(FnStubs.fnError(409, "Fn already exists")));
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("name", equalTo("hello")).inScenario("fn")
                .whenScenarioStateIs("raced").willReturn(okJson(FnStubs.items(List.of(FnStubs.fn(hello()))))));
        wireMock.stubFor(put(urlEqualTo("/v2/fns/" + HELLO_ID)).willReturn(okJson(FnStubs.json(FnStubs.fn(hello())))));
        stubs.triggers(HELLO_ID, List.of(FnStubs.trigger("hello", HELLO_ID, "/hello")));

        StepVerifier.create(platform().deploy(hello()))
                .assertNext(info -> assertThat(info.backendRef()).isEqualTo(HELLO_ID))
                .verifyComplete();
        wireMock.verify(1, putRequestedFor(urlEqualTo("/v2/fns/" + HELLO_ID)));
    }

    @Test
    void deployRejectsWhatFnCannotHoldBeforeCallingIt() {
        FnPlatform platform = platform();
        FunctionSpec base = hello();

        assertInvalid(platform, base.toBuilder().limits(Limits.none().withMemoryMiB(8193)).build(),
                "limits.memoryMiB", "1-8192");
        assertInvalid(platform, base.toBuilder().limits(Limits.none().withTimeout(Duration.ofSeconds(301))).build(),
                "limits.timeout", "1-300");
        assertInvalid(platform, base.toBuilder().limits(Limits.none().withIdleTimeout(Duration.ofHours(2))).build(),
                "limits.idleTimeout", "1-3600");
        assertInvalid(platform, base.toBuilder().limits(Limits.none().withCpus(0.5)).build(), "limits.cpus", "CPU");
        assertInvalid(platform, base.toBuilder().image(null)
                .code(io.faasfed.adapter.api.FunctionCode.of("nodejs:20", "x")).build(), "code", "image");
        assertInvalid(platform, base.toBuilder().network("other").build(), "network", "FN_DOCKER_NETWORKS");
        assertInvalid(platform, base.toBuilder().env("EMPTY", "").build(), "env.EMPTY", "delete");
        assertInvalid(platform, base.toBuilder().secrets(List.of("db")).build(), "secrets", "no secrets");
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    private static void assertInvalid(FnPlatform platform, FunctionSpec spec, String field, String hint) {
        StepVerifier.create(platform.deploy(spec))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.InvalidSpec.class, invalid -> {
                            assertThat(invalid.field()).contains(field);
                            assertThat(invalid.getMessage()).contains(hint);
                        }))
                .verify(VERIFY);
    }

    @Test
    void deploySurfacesFnValidationMessagesVerbatim() {
        stubs.app();
        stubs.lookup("hello", null);
        wireMock.stubFor(post(urlEqualTo("/v2/fns")).willReturn(FnStubs.fnError(400,
                "Invalid image: images must be fully qualified")));

        StepVerifier.create(platform().deploy(hello()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("Invalid image: images must be fully qualified"))
                .verify(VERIFY);
    }

    @Test
    void deployRefreshesAStaleAppIdOnce() {
        FnPlatform platform = platform();
        stubs.app();
        stubs.lookup("hello", null);
        stubCreate(hello());
        StepVerifier.create(platform.deploy(hello())).expectNextCount(1).verifyComplete();

        // The app was deleted and created again under a new id.
        wireMock.resetAll();
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(FnStubs.APP_ID))
                .willReturn(FnStubs.fnError(404, "App not found")));
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo(FnStubs.APP))
                .willReturn(okJson(FnStubs.items(List.of(Map.of("id", "01NEWAPP", "name", FnStubs.APP))))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo("01NEWAPP"))
                .willReturn(okJson(FnStubs.items(List.of()))));
        wireMock.stubFor(post(urlEqualTo("/v2/fns")).willReturn(okJson(FnStubs.json(FnStubs.fn(hello())))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/triggers")).willReturn(okJson(FnStubs.items(List.of(
                FnStubs.trigger("hello", HELLO_ID, "/hello"))))));

        StepVerifier.create(platform.deploy(hello())).expectNextCount(1).verifyComplete();
        wireMock.verify(postRequestedFor(urlEqualTo("/v2/fns"))
                .withRequestBody(equalToJson("{\"app_id\":\"01NEWAPP\"}", true, true)));
    }

    // ---- list, get, delete -------------------------------------------------------------------------------------

    @Test
    void listFollowsNextCursorUntilItIsEmpty() {
        stubs.app();
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(FnStubs.APP_ID))
                .withQueryParam("per_page", equalTo("100")).withQueryParam("cursor", absent())
                .willReturn(okJson(FnStubs.items(List.of(
                        FnStubs.fn("01A", "alpha", "img:a", Map.of(), Map.of()),
                        FnStubs.fn("01B", "beta", "img:b", Map.of(), Map.of())), "YmV0YQ"))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(FnStubs.APP_ID))
                .withQueryParam("cursor", equalTo("YmV0YQ"))
                .willReturn(okJson(FnStubs.items(List.of(FnStubs.fn("01C", "gamma", "img:c", Map.of(), Map.of())),
                        ""))));

        StepVerifier.create(platform().list().map(FunctionInfo::name).collectList())
                .assertNext(names -> assertThat(names).containsExactly("alpha", "beta", "gamma"))
                .verifyComplete();
        wireMock.verify(2, getRequestedFor(urlPathEqualTo("/v2/fns")));
    }

    @Test
    void listOfAPlatformWithoutItsAppIsEmptyAndCreatesNothing() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).willReturn(okJson(FnStubs.items(List.of()))));

        StepVerifier.create(platform().list()).verifyComplete();
        wireMock.verify(0, postRequestedFor(urlEqualTo("/v2/apps")));
    }

    @Test
    void getMapsConfigLabelsAnnotationsAndLimits() {
        stubs.app();
        stubs.lookup("hello", FnStubs.fn(HELLO_ID, "hello", "img:1", Map.of("GREETING", "hi"),
                Map.of("team", "fed", "faasfed.io/annotation.owner", "ops")));

        StepVerifier.create(platform().get(FunctionRef.of("hello")))
                .assertNext(info -> {
                    assertThat(info.env()).containsEntry("GREETING", "hi");
                    assertThat(info.labels()).containsExactly(Map.entry("team", "fed"));
                    assertThat(info.annotations()).containsEntry("owner", "ops")
                            .containsKey("fnproject.io/fn/invokeEndpoint");
                    assertThat(info.limits().memoryMiB()).isEqualTo(128);
                    assertThat(info.limits().timeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(info.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(info.createdAt()).isEqualTo(java.time.Instant.parse(FnStubs.CREATED));
                })
                .verifyComplete();
    }

    @Test
    void aFunctionWhoseConfigTheServerAnswersAsNullHasNoEnvAndRedeploysWithoutDeletions() {
        // fn-server-with-fn-cli.txt:639: a real Fn server reads an empty config back as "config":null
        stubs.app();
        Map<String, Object> current = FnStubs.fn(HELLO_ID, "hello", "localhost/fn-hello:0.0.1", null, Map.of());
        stubs.lookup("hello", current);
        wireMock.stubFor(put(urlEqualTo("/v2/fns/" + HELLO_ID)).willReturn(okJson(FnStubs.json(current))));
        stubs.triggers(HELLO_ID, List.of(FnStubs.trigger("hello", HELLO_ID, "/hello")));

        StepVerifier.create(platform().get(FunctionRef.of("hello")))
                .assertNext(info -> assertThat(info.env()).isEmpty())
                .verifyComplete();
        StepVerifier.create(platform().deploy(FunctionSpec.builder("hello").image("localhost/fn-hello:0.0.1")
                        .build()))
                .assertNext(info -> assertThat(info.env()).isEmpty())
                .verifyComplete();

        wireMock.verify(putRequestedFor(urlEqualTo("/v2/fns/" + HELLO_ID)).withRequestBody(equalToJson("""
                {"image":"localhost/fn-hello:0.0.1","memory":128,"timeout":30,"idle_timeout":30}
                """)));
    }

    @Test
    void aCachedIdThatAnswers404IsEvictedAndTheNameResolvedAgainOnce() {
        FnPlatform platform = platform();
        stubs.app();
        stubs.lookup("hello", FnStubs.fn("01OLD", "hello", "img:1", Map.of(), Map.of()));
        StepVerifier.create(platform.get(FunctionRef.of("hello"))).expectNextCount(1).verifyComplete();

        wireMock.stubFor(get(urlEqualTo("/v2/fns/01OLD")).willReturn(FnStubs.fnError(404, "Fn not found")));
        stubs.lookup("hello", FnStubs.fn("01NEW", "hello", "img:2", Map.of(), Map.of()));
        wireMock.stubFor(get(urlEqualTo("/v2/fns/01NEW")).willReturn(okJson(FnStubs.json(
                FnStubs.fn("01NEW", "hello", "img:2", Map.of(), Map.of())))));

        StepVerifier.create(platform.get(FunctionRef.of("hello")))
                .assertNext(info -> assertThat(info.backendRef()).isEqualTo("01NEW")).verifyComplete();
        StepVerifier.create(platform.get(FunctionRef.of("hello")))
                .assertNext(info -> assertThat(info.image()).isEqualTo("img:2")).verifyComplete();

        wireMock.verify(1, getRequestedFor(urlEqualTo("/v2/fns/01OLD")));
        wireMock.verify(1, getRequestedFor(urlEqualTo("/v2/fns/01NEW")));
        wireMock.verify(2, getRequestedFor(urlPathEqualTo("/v2/fns")).withQueryParam("name", equalTo("hello")));
    }

    @Test
    void deleteResolvesTheIdAndDeletesIt() {
        stubs.app();
        stubs.lookup("hello", FnStubs.fn(hello()));
        wireMock.stubFor(delete(urlEqualTo("/v2/fns/" + HELLO_ID)).willReturn(aResponse().withStatus(204)));

        StepVerifier.create(platform().delete(FunctionRef.of("hello"))).verifyComplete();
        wireMock.verify(deleteRequestedFor(urlEqualTo("/v2/fns/" + HELLO_ID)));
    }

    @Test
    void deleteOfAStaleCachedIdResolvesAgainAndDeletesTheCurrentOne() {
        FnPlatform platform = platform();
        stubs.app();
        stubs.lookup("hello", FnStubs.fn("01OLD", "hello", "img:1", Map.of(), Map.of()));
        StepVerifier.create(platform.get(FunctionRef.of("hello"))).expectNextCount(1).verifyComplete();
        wireMock.stubFor(delete(urlEqualTo("/v2/fns/01OLD")).willReturn(FnStubs.fnError(404, "Fn not found")));
        stubs.lookup("hello", FnStubs.fn("01NEW", "hello", "img:2", Map.of(), Map.of()));
        wireMock.stubFor(delete(urlEqualTo("/v2/fns/01NEW")).willReturn(aResponse().withStatus(204)));

        StepVerifier.create(platform.delete(FunctionRef.of("hello"))).verifyComplete();
        wireMock.verify(deleteRequestedFor(urlEqualTo("/v2/fns/01NEW")));
    }

    @Test
    void aReferencesBackendIdIsUsedAsItIsWithoutLookingTheNameUp() {
        wireMock.stubFor(delete(urlEqualTo("/v2/fns/01GIVEN")).willReturn(aResponse().withStatus(204)));
        wireMock.stubFor(get(urlEqualTo("/v2/fns/01GIVEN")).willReturn(okJson(FnStubs.json(FnStubs.fn("01GIVEN",
                "hello", "img:1", Map.of(), Map.of())))));

        StepVerifier.create(platform().get(new FunctionRef("hello", null, "01GIVEN")))
                .assertNext(info -> assertThat(info.backendRef()).isEqualTo("01GIVEN")).verifyComplete();
        StepVerifier.create(platform().delete(new FunctionRef("hello", null, "01GIVEN"))).verifyComplete();

        wireMock.verify(deleteRequestedFor(urlEqualTo("/v2/fns/01GIVEN")));
        wireMock.verify(0, getRequestedFor(urlPathEqualTo("/v2/apps")));
        wireMock.verify(0, getRequestedFor(urlPathEqualTo("/v2/fns")));
    }

    @Test
    void aScopeIsAnAppResolvedByNameAndDeployedIntoCreatingItWhenMissing() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo("team"))
                .willReturn(okJson(FnStubs.items(List.of()))));
        wireMock.stubFor(post(urlPathEqualTo("/v2/apps")).willReturn(okJson(FnStubs.json(Map.of("id", "01TEAM",
                "name", "team")))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo("01TEAM"))
                .withQueryParam("name", equalTo("hello")).willReturn(okJson(FnStubs.items(List.of()))));
        wireMock.stubFor(post(urlPathEqualTo("/v2/fns")).willReturn(okJson(FnStubs.json(FnStubs.fn("01TEAMHELLO",
                "hello", "localhost/fn-hello:0.0.1", Map.of(), Map.of())))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/triggers")).willReturn(okJson(FnStubs.items(List.of()))));
        wireMock.stubFor(post(urlPathEqualTo("/v2/triggers")).willReturn(okJson(FnStubs.json(
                FnStubs.trigger("hello", "01TEAMHELLO", "/hello")))));

        StepVerifier.create(platform().deploy(hello().toBuilder().scope("team").build()))
                .assertNext(info -> assertThat(info.ref()).isEqualTo(new FunctionRef("hello", "team",
                        "01TEAMHELLO")))
                .verifyComplete();

        wireMock.verify(postRequestedFor(urlPathEqualTo("/v2/apps")).withRequestBody(equalToJson(
                "{\"name\":\"team\"}", true, true)));
        wireMock.verify(postRequestedFor(urlPathEqualTo("/v2/fns")).withRequestBody(equalToJson(
                "{\"app_id\":\"01TEAM\",\"name\":\"hello\"}", true, true)));
        wireMock.verify(postRequestedFor(urlPathEqualTo("/v2/triggers")).withRequestBody(equalToJson(
                "{\"app_id\":\"01TEAM\",\"fn_id\":\"01TEAMHELLO\",\"source\":\"/hello\"}", true, true)));
    }

    @Test
    void listCoversTheDefaultAppAndTheConfiguredApps() {
        FnPlatformProperties properties = new FnPlatformProperties();
        properties.setUrl(URI.create(wireMock.baseUrl()));
        properties.setApp(FnStubs.APP);
        properties.setApps(List.of("team"));
        FnPlatform platform = (FnPlatform) new FnPlatformFactory().create(PlatformId.of("fn"), properties);
        stubs.app();
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo("team"))
                .willReturn(okJson(FnStubs.items(List.of(Map.of("id", "01TEAM", "name", "team"))))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(FnStubs.APP_ID))
                .willReturn(okJson(FnStubs.items(List.of(FnStubs.fn("01A", "wc", "img:1", Map.of(), Map.of()))))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo("01TEAM"))
                .willReturn(okJson(FnStubs.items(List.of(FnStubs.fn("01B", "wc", "img:2", Map.of(), Map.of()))))));

        StepVerifier.create(platform.list().map(info -> info.ref().toString()).collectList())
                .assertNext(refs -> assertThat(refs).containsExactly("wc (01A)", "wc.team (01B)"))
                .verifyComplete();
    }

    // ---- invoke ------------------------------------------------------------------------------------------------

    @Test
    void invokeFallsBackToPostInvokeWithoutTriggerAndTranslatesFnHttpHeaders() {
        stubs.callableWithoutTrigger("hello");
        wireMock.stubFor(post(urlPathEqualTo("/invoke/" + HELLO_ID)).willReturn(aResponse().withStatus(200)
                .withHeader("Fn-Call-Id", "01CALL").withHeader("Fn-Http-Status", "201")
                .withHeader("Fn-Http-H-X-Reply", "yes").withHeader("Content-Type", "text/plain").withBody("made")));
        Invocation call = Invocation.builder("hello").method("GET").query("a=1")
                .headers(Headers.of("X-Test", "t1", "Fn-Invoke-Type", "detached")).body("in").callId("gw-1").build();

        StepVerifier.create(platform().invoke(call).flatMap(result -> result.bodyAsString().map(body -> {
                    assertThat(result.status()).isEqualTo(201);
                    assertThat(result.headers().first("X-Reply")).contains("yes");
                    assertThat(result.headers().contains("Fn-Http-Status")).isFalse();
                    assertThat(result.callId()).isEqualTo("01CALL");
                    assertThat(result.headers().first("X-Call-Id")).contains("01CALL");
                    return body;
                })))
                .expectNext("made").verifyComplete();
        wireMock.verify(postRequestedFor(urlEqualTo("/invoke/" + HELLO_ID + "?a=1"))
                .withHeader("X-Test", equalTo("t1")).withHeader("X-Call-Id", equalTo("gw-1"))
                .withHeader("Fn-Invoke-Type", absent()).withRequestBody(equalTo("in")));
    }

    @Test
    void invokeWithAnExtraPathButNoTriggerIsUnsupported() {
        stubs.callableWithoutTrigger("hello");

        StepVerifier.create(platform().invoke(Invocation.builder("hello").path("/x").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(FaasException.UnsupportedCapability.class).hasMessageContaining("/x"))
                .verify(VERIFY);
    }

    @Test
    void invokeResolvesTheRouteOnceAndThenCallsTheTriggerDirectly() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(aResponse().withStatus(200)
                .withHeader("Fn-Call-Id", "01CALL").withBody("hi")));
        FnPlatform platform = platform();

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(platform.invoke(Invocation.builder("hello").build()).map(Invocation.Result::status))
                    .expectNext(200).verifyComplete();
        }
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/v2/fns")));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/v2/triggers")));
        wireMock.verify(3, postRequestedFor(urlEqualTo("/t/faasfed/hello")));
    }

    @Test
    void aFunctionsOwn404IsItsAnswerNotFunctionNotFound() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(aResponse().withStatus(404)
                .withHeader("Fn-Call-Id", "01CALL").withBody("no such item")));

        StepVerifier.create(platform().invoke(Invocation.builder("hello").build()).map(Invocation.Result::status))
                .expectNext(404).verifyComplete();
    }

    @Test
    void invokeMapsFns404ToFunctionNotFoundAndResolvesAgainNextTime() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(FnStubs.fnError(404,
                "Trigger not found")));
        FnPlatform platform = platform();

        for (int i = 0; i < 2; i++) {
            StepVerifier.create(platform.invoke(Invocation.builder("hello").build()))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(FaasException.FunctionNotFound.class)
                            .hasMessageContaining("Trigger not found"))
                    .verify(VERIFY);
        }
        wireMock.verify(2, getRequestedFor(urlPathEqualTo("/v2/triggers")));
    }

    @Test
    void invokeMaps502ToFunctionFailed() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(FnStubs.fnError(502,
                "function failed")));

        StepVerifier.create(platform().invoke(Invocation.builder("hello").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionFailed.class, failed -> {
                            assertThat(failed.status()).isEqualTo(502);
                            assertThat(failed.body()).contains("function failed");
                        }))
                .verify(VERIFY);
    }

    @Test
    void invokeMaps504ToTimeout() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(FnStubs.fnError(504, "Timed out")));

        StepVerifier.create(platform().invoke(Invocation.builder("hello").build()))
                .expectError(FaasException.Timeout.class).verify(VERIFY);
    }

    @Test
    void invokeKeepsTooBusyAs503WithItsRetryAfterAndThrottlingAsRateLimited() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(FnStubs.fnError(503,
                "Timed out - server too busy").withHeader("Retry-After", "15").withHeader("Fn-Call-Id", "01CALL")));

        StepVerifier.create(platform().invoke(Invocation.builder("hello").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.PlatformUnavailable.class, busy -> {
                            assertThat(busy.status()).isEqualTo(503);
                            assertThat(busy.retryAfter()).contains(Duration.ofSeconds(15));
                            assertThat(busy.getMessage()).contains("Timed out - server too busy");
                        }))
                .verify(VERIFY);

        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(FnStubs.fnError(429,
                "Too many requests")));
        StepVerifier.create(platform().invoke(Invocation.builder("hello").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(FaasException.RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).isNull()))
                .verify(VERIFY);
    }

    @Test
    void invokeOnAnApiOnlyNodeIsPlatformUnavailableNotFunctionNotFound() {
        stubs.callableWithoutTrigger("hello");
        wireMock.stubFor(post(urlPathEqualTo("/invoke/" + HELLO_ID)).willReturn(FnStubs.fnError(404,
                "Path not found: POST /invoke/" + HELLO_ID)));

        StepVerifier.create(platform().invoke(Invocation.builder("hello").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(FaasException.PlatformUnavailable.class)
                        .hasMessageContaining("API-only"))
                .verify(VERIFY);
    }

    // ---- async, forward, probe, scale --------------------------------------------------------------------------

    @Test
    void invokeAsyncSendsADetachedCallAndReturnsTheFnCallId() {
        stubs.callable("hello");
        wireMock.stubFor(post(urlPathEqualTo("/invoke/" + HELLO_ID)).withHeader("Fn-Invoke-Type",
                equalTo("detached")).willReturn(aResponse().withStatus(202).withHeader("Fn-Call-Id", "01DETACHED")));

        StepVerifier.create(platform().invokeAsync(Invocation.builder("hello").body("job").callId("gw-2").build()))
                .assertNext(accepted -> {
                    assertThat(accepted.callId()).isEqualTo("01DETACHED");
                    assertThat(accepted.platform()).isEqualTo(PlatformId.of("fn"));
                })
                .verifyComplete();
        wireMock.verify(postRequestedFor(urlEqualTo("/invoke/" + HELLO_ID))
                .withHeader("Fn-Invoke-Type", equalTo("detached")).withHeader("X-Call-Id", equalTo("gw-2"))
                .withRequestBody(equalTo("job")));
    }

    @Test
    void invokeAsyncOnAServerWithoutDetachedCallsIsUnsupportedCapability() {
        stubs.callable("hello");
        wireMock.stubFor(post(urlPathEqualTo("/invoke/" + HELLO_ID)).willReturn(FnStubs.fnError(501,
                "Not implemented")));

        StepVerifier.create(platform().invokeAsync(Invocation.builder("hello").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.UnsupportedCapability.class,
                                unsupported -> assertThat(unsupported.capability())
                                        .isEqualTo(Capability.ASYNC_INVOKE)))
                .verify(VERIFY);
    }

    @Test
    void capabilitiesSayDetachedOutputIsDiscardedAndThereIsNoScaling() {
        assertThat(platform().capabilities())
                .contains(Capability.ASYNC_INVOKE, Capability.ASYNC_OUTPUT_DISCARDED, Capability.HTTP_FORWARD)
                .doesNotContain(Capability.SCALE, Capability.ASYNC_RESULT_LOOKUP, Capability.CODE_DEPLOY);
        StepVerifier.create(platform().scale(FunctionRef.of("hello"), 3))
                .expectError(FaasException.UnsupportedCapability.class).verify(VERIFY);
    }

    @Test
    void forwardTargetIsTheHttpTriggerUrlWithFnCallIdAsTheCallIdHeader() {
        stubs.callable("hello");

        StepVerifier.create(platform().forwardTarget(FunctionRef.of("hello")))
                .assertNext(target -> {
                    assertThat(target.uri()).isEqualTo(URI.create(wireMock.baseUrl() + "/t/faasfed/hello"));
                    assertThat(target.callIdResponseHeader()).isEqualTo("Fn-Call-Id");
                    assertThat(target.requestHeaders().isEmpty()).isTrue();
                })
                .verifyComplete();
    }

    @Test
    void forwardTargetIsEmptyForAFunctionWithoutTrigger() {
        stubs.callableWithoutTrigger("hello");

        StepVerifier.create(platform().forwardTarget(FunctionRef.of("hello"))).verifyComplete();
    }

    @Test
    void probeReadsVersionAndOneAppPage() {
        wireMock.stubFor(get(urlEqualTo("/version")).willReturn(okJson("{\"version\":\"0.3.753\"}")));
        wireMock.stubFor(get(urlEqualTo("/v2/apps?per_page=1")).willReturn(okJson(FnStubs.items(List.of()))));

        StepVerifier.create(platform().probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.UP);
                    assertThat(health.info()).containsEntry("version", "0.3.753").containsEntry("app", "faasfed");
                })
                .verifyComplete();
        wireMock.verify(getRequestedFor(urlEqualTo("/version")));
        wireMock.verify(getRequestedFor(urlEqualTo("/v2/apps?per_page=1")));
    }

    @Test
    void probeIsDownWhenTheApiFails() {
        wireMock.stubFor(get(urlEqualTo("/version")).willReturn(okJson("{\"version\":\"0.3.753\"}")));
        wireMock.stubFor(get(urlEqualTo("/v2/apps?per_page=1")).willReturn(FnStubs.fnError(500,
                "datastore unavailable")));

        StepVerifier.create(platform().probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.DOWN);
                    assertThat(health.detail()).contains("datastore unavailable");
                })
                .verifyComplete();
    }

    @Test
    void basicAuthIsSentOnManagementAndInvocationWhenConfigured() {
        FnPlatformProperties properties = new FnPlatformProperties();
        properties.setUrl(URI.create(wireMock.baseUrl()));
        properties.setUsername("admin");
        properties.setPassword("s3cret");
        FnPlatform platform = (FnPlatform) new FnPlatformFactory().create(PlatformId.of("fn"), properties);
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(aResponse().withStatus(200)
                .withHeader("Fn-Call-Id", "01CALL")));

        StepVerifier.create(platform.invoke(Invocation.builder("hello").build()).map(Invocation.Result::status))
                .expectNext(200).verifyComplete();
        String expected = "Basic YWRtaW46czNjcmV0";
        wireMock.verify(getRequestedFor(urlPathEqualTo("/v2/fns")).withHeader("Authorization", equalTo(expected)));
        wireMock.verify(postRequestedFor(urlEqualTo("/t/faasfed/hello")).withHeader("Authorization",
                equalTo(expected)));
    }

    @Test
    void aFunctionsOwn429IsItsAnswerNotThrottling() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(aResponse().withStatus(429)
                .withHeader("Fn-Call-Id", "01OWN429").withHeader("Content-Type", "text/plain").withBody("slow down")));

        StepVerifier.create(platform().invoke(Invocation.builder("hello").build())
                        .flatMap(result -> result.bodyAsString().map(body -> result.status() + " " + body)))
                .expectNext("429 slow down").expectComplete().verify(VERIFY);
    }

    @Test
    void aTranslatedCallsTimeoutOfTheFunctionItselfSaysSoAndNamesNoGatewayLimit() {
        stubs.callable("hello");
        wireMock.stubFor(any(urlPathEqualTo("/t/faasfed/hello")).willReturn(FnStubs.fnError(504, "Timed out")
                .withHeader("Fn-Call-Id", "01SLOW")));

        StepVerifier.create(platform().invoke(Invocation.builder("hello").timeout(Duration.ofSeconds(60)).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.Timeout.class, late -> {
                            assertThat(late.getMessage()).contains("function's own timeout");
                            assertThat(late.after()).isEmpty();
                        }))
                .verify(VERIFY);
    }

    @Test
    void theForwardTargetTellsFnServerErrorsFromTheFunctionsAnswers() {
        stubs.callable("hello");
        ForwardTarget.ResponseClassifier classifier = platform().forwardTarget(io.faasfed.adapter.api.FunctionRef.of("hello")).block(VERIFY).classifier();
        Headers json = Headers.of("Content-Type", "application/json; charset=utf-8");
        Headers started = json.with("Fn-Call-Id", "01M8S6BK94R00040J6N8000022");

        assertThat(classifier.classify(404, json, "{\"message\":\"Trigger not found\"}"))
                .isInstanceOf(FaasException.FunctionNotFound.class);
        assertThat(classifier.classify(404, json, "{\"message\":\"App not found\"}"))
                .isInstanceOf(FaasException.FunctionNotFound.class);
        assertThat(classifier.classify(502, started, "{\"message\":\"error receiving function response\"}"))
                .isInstanceOfSatisfying(FaasException.FunctionFailed.class,
                        failed -> assertThat(failed.status()).isEqualTo(502));
        assertThat(classifier.classify(503, started.with("Retry-After", "15"),
                "{\"message\":\"Timed out - server too busy\"}"))
                .isInstanceOfSatisfying(FaasException.PlatformUnavailable.class,
                        busy -> assertThat(busy.retryAfter()).contains(Duration.ofSeconds(15)));
        assertThat(classifier.classify(504, started, "{\"message\":\"Timed out\"}"))
                .isInstanceOf(FaasException.Timeout.class);
        assertThat(classifier.classify(401, json, "{\"message\":\"Invalid authentication\"}"))
                .isInstanceOf(FaasException.PlatformUnavailable.class);
        assertThat(classifier.classify(418, started.with("Content-Type", "application/json"),
                "{\"appId\":\"01M8S6WEANR00040J6N800001S\",\"body\":\"hi\"}")).isNull();
        assertThat(classifier.classify(503, started, "{\"message\":\"mine\",\"detail\":\"own answer\"}"))
                .isNull();
        assertThat(classifier.classify(500, started.with("Content-Type", "text/plain"), "boom")).isNull();
    }
}
