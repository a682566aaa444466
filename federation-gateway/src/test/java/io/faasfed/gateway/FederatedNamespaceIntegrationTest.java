package io.faasfed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * One namespace over three platforms, over real HTTP: the gateway with its real adapters, each platform a WireMock
 * server answering in that platform's shapes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@AutoConfigureMetrics
class FederatedNamespaceIntegrationTest {

    private static final PlatformStubs STUBS = new PlatformStubs();

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        for (String property : STUBS.gatewayProperties()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
        registry.add("faasfed.discovery.interval", () -> "1h");
        // long enough that no ordinary call here nears it on a busy machine; "slow" answers only after 120 s
        registry.add("faasfed.invoke.timeout", () -> "5s");
        registry.add("faasfed.invoke.max-body-size", () -> "1KB");
        registry.add("faasfed.default-platform", () -> "openfaas");
        registry.add("faasfed.compat.status-cache-ttl", () -> "0s");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformsAreUpAndListed() {
        STUBS.openfaasHealthyWith("hello", "shared", "both", "slow", "flaky");
        STUBS.fnHealthyWith("wordcount", "shared", "both:faasfed.platform=fn");
        STUBS.openwhiskHealthyWith("greet");
        STUBS.openfaasFunction("hello", 200, "hello from openfaas");
        STUBS.openfaasFunction("shared", 200, "shared from openfaas");
        STUBS.openfaasFunction("both", 200, "both from openfaas");
        STUBS.openfaasFunction("slow", aResponse().withStatus(200).withBody("late").withFixedDelay(120_000));
        STUBS.openfaasFunction("flaky", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        STUBS.fnFunction("wordcount", 200, "3");
        STUBS.fnFunction("shared", 200, "shared from fn");
        STUBS.fnFunction("both", 200, "both from fn");
        STUBS.openwhiskResult("greet", "{\"greeting\":\"hello, federation\"}");
        discovery.syncAll().block(Duration.ofSeconds(20));
    }

    private WebTestClient.RequestHeadersSpec<?> system(String path) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"));
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Test
    void listingMergesAllThreePlatformsAndAddsNothingToWhatEachReports() {
        system("/system/functions").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.name=='hello')].image").isEqualTo("faasfed/samples:hello")
                .jsonPath("$[?(@.name=='wordcount')].name").isEqualTo("wordcount")
                .jsonPath("$[?(@.name=='greet')].name").isEqualTo("greet")
                .jsonPath("$[?(@.name=='hello')].labels['faasfed.platform']").doesNotExist()
                .jsonPath("$[?(@.name=='wordcount')].labels['faasfed.platform']").doesNotExist()
                .jsonPath("$[?(@.name=='hello')].namespace").isEqualTo("openfaas-fn")
                .jsonPath("$[?(@.name=='hello')].availableReplicas").isEqualTo(1);
        client.get().uri("/federation/v1/functions/wordcount").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.platform").isEqualTo("fn");
    }

    @Test
    void listingOneNamespaceKeepsTheFunctionsOfEachPlatformsDefaultScope() {
        system("/system/functions?namespace=openfaas-fn").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name=='hello')].namespace").isEqualTo("openfaas-fn")
                .jsonPath("$[?(@.name=='greet')].name").isEqualTo("greet");
        system("/system/functions?namespace=elsewhere").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(0);
    }

    @Test
    void oneEndpointReachesAFunctionOnEachPlatform() {
        client.post().uri("/function/hello").bodyValue("hi").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openfaas")
                .expectHeader().exists("X-Call-Id")
                .expectHeader().exists("X-Duration-Seconds")
                .expectBody(String.class).isEqualTo("hello from openfaas");
        client.post().uri("/function/wordcount").bodyValue("one two three").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "fn")
                .expectHeader().valueEquals("X-Platform-Call-Id", "01FNCALL")
                .expectBody(String.class).isEqualTo("3");
        client.post().uri("/function/greet").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"x\"}")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openwhisk")
                .expectHeader().valueEquals("X-Platform-Call-Id", "0a1b2c3d4e5f")
                .expectBody().jsonPath("$.greeting").isEqualTo("hello, federation");
    }

    @Test
    void forwardingPassesMethodExtraPathQueryHeadersAndTheCallId() {
        client.put().uri("/function/hello.openfaas-fn/items/7?a=1&b=two").header("X-Test", "t1")
                .header("X-Call-Id", "my-call-1").bodyValue("payload").exchange().expectStatus().isOk()
                .expectHeader().value("X-Call-Id", id -> assertThat(id).isNotEqualTo("my-call-1"));
        STUBS.openfaas.verify(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/function/hello/items/7?a=1&b=two"))
                .withHeader("X-Test", equalTo("t1")).withHeader("X-Parent-Call-Id", equalTo("my-call-1"))
                .withHeader("X-Call-Id", com.github.tomakehurst.wiremock.client.WireMock.notMatching("my-call-1"))
                .withRequestBody(equalTo("payload")));
    }

    @Test
    void aCollisionIsResolvedByPriorityAndIsVisibleInTheNativeApi() {
        client.post().uri("/function/shared").bodyValue("x").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openfaas")
                .expectBody(String.class).isEqualTo("shared from openfaas");
        client.get().uri("/federation/v1/functions/shared").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.platform").isEqualTo("openfaas")
                .jsonPath("$.collision").isEqualTo(true)
                .jsonPath("$.resolution").isEqualTo("priority 10 < 20")
                .jsonPath("$.placements.length()").isEqualTo(2)
                .jsonPath("$.placements[0].serving").isEqualTo(true)
                .jsonPath("$.placements[1].platform").isEqualTo("fn");
    }

    @Test
    void aPinLabelWinsOverPriority() {
        client.post().uri("/function/both").bodyValue("x").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "fn")
                .expectBody(String.class).isEqualTo("both from fn");
        client.get().uri("/federation/v1/functions/both").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.resolution").isEqualTo("pinned by label faasfed.platform=fn");
    }

    @Test
    void aPlatformDownDuringDiscoveryKeepsItsFunctionsStaleAndTheOthersServing() {
        StubMapping failing = STUBS.openwhisk.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions"))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"down\",\"code\":\"tx\"}")));
        try {
            discovery.syncAll().block(Duration.ofSeconds(20));

            client.get().uri("/federation/v1/platforms").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$[?(@.id=='openwhisk')].stale").isEqualTo(true)
                    .jsonPath("$[?(@.id=='openwhisk')].lastError").value(error ->
                            assertThat(error.toString()).contains("503"))
                    .jsonPath("$[?(@.id=='openfaas')].stale").isEqualTo(false)
                    .jsonPath("$[?(@.id=='fn')].functionCount").isEqualTo(3);
            client.get().uri("/federation/v1/functions/greet").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.placements[0].stale").isEqualTo(true);
            client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk();
            client.post().uri("/function/wordcount").bodyValue("x").exchange().expectStatus().isOk();
        } finally {
            STUBS.openwhisk.removeStub(failing);
        }
    }

    @Test
    void fnFunctionsShowNoAvailableReplicaWhileFnIsDown() {
        system("/system/function/wordcount").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.availableReplicas").isEqualTo(1);
        StubMapping down = STUBS.fn.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try {
            discovery.syncAll().block(Duration.ofSeconds(20));

            system("/system/function/wordcount").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.availableReplicas").isEqualTo(0);
            system("/system/functions").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$[?(@.name=='wordcount')].availableReplicas").isEqualTo(0)
                    .jsonPath("$[?(@.name=='hello')].availableReplicas").isEqualTo(1);
            system("/system/function/wordcount").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Faasfed-Platform", "fn")
                    .expectHeader().valueEquals("X-Faasfed-Stale", "true");
        } finally {
            STUBS.fn.removeStub(down);
        }
    }

    @Test
    void anOnMissRefreshFindsAFunctionDeployedBehindTheGatewaysBack() {
        client.post().uri("/function/newcomer").bodyValue("x").exchange().expectStatus().isNotFound();
        STUBS.openfaasHealthyWith("hello", "shared", "both", "slow", "flaky", "latecomer");
        STUBS.openfaasFunction("latecomer", 200, "deployed directly on openfaas");

        client.post().uri("/function/latecomer").bodyValue("x").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openfaas")
                .expectBody(String.class).isEqualTo("deployed directly on openfaas");
    }

    @Test
    void anUnknownFunctionIs404AsAProblemDocument() {
        client.post().uri("/function/ghost").bodyValue("x").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Function not found")
                .jsonPath("$.function").isEqualTo("ghost")
                .jsonPath("$.callId").exists();
    }

    @Test
    void anUnreachablePlatformIs503() {
        client.post().uri("/function/flaky").bodyValue("x").exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.platform").isEqualTo("openfaas")
                .jsonPath("$.title").isEqualTo("Platform unavailable");
    }

    @Test
    void aFunctionThatOutlivesTheTimeoutIs504() {
        client.post().uri("/function/slow").bodyValue("x").exchange().expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aChunkedBodyOverTheLimitOnATranslatedCallIs413AndNeverReachesThePlatform() {
        // no Content-Length: a Flux body of unknown length goes out with Transfer-Encoding: chunked, so the limit
        // can only be enforced while the body streams in (greet is an OpenWhisk action: the translated path)
        AtomicReference<String> sentLength = new AtomicReference<>();
        AtomicReference<String> sentEncoding = new AtomicReference<>();
        var invokeGreet = postRequestedFor(urlPathEqualTo("/api/v1/namespaces/_/actions/greet")).build();
        int invokedBefore = STUBS.openwhisk.countRequestsMatching(invokeGreet).getCount();
        Flux<io.netty.buffer.ByteBuf> chunks = Flux.range(0, 64)
                .map(i -> io.netty.buffer.Unpooled.wrappedBuffer(new byte[1024]));
        String answer = HttpClient.create().responseTimeout(Duration.ofSeconds(30))
                .headers(io.faasfed.gateway.support.TestKeys::admin)
                .doOnRequest((request, connection) -> {
                    sentLength.set(request.requestHeaders().get(HttpHeaders.CONTENT_LENGTH));
                    sentEncoding.set(request.requestHeaders().get(HttpHeaders.TRANSFER_ENCODING));
                })
                .post().uri("http://127.0.0.1:" + port + "/function/greet")
                .send(chunks)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> response.status().code() + " " + text))
                .onErrorResume(error -> Mono.just("error " + error))
                .block(Duration.ofSeconds(60));

        assertThat(sentLength.get()).as("no Content-Length was sent").isNull();
        assertThat(sentEncoding.get()).isEqualToIgnoringCase("chunked");
        assertThat(answer).startsWith("413 ").contains("faasfed.invoke.max-body-size");
        assertThat(STUBS.openwhisk.countRequestsMatching(invokeGreet).getCount()).as("invocations of greet")
                .isEqualTo(invokedBefore);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() {
        client.post().uri("/function/hello").bodyValue("x".repeat(2048)).exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.detail").value(detail ->
                        assertThat(detail.toString()).contains("faasfed.invoke.max-body-size"));
    }

    @Test
    void deployThroughTheCompatApiLandsOnThePlatformTheLabelNames() {
        String fnFunction = "{\"id\":\"01FNFRESH\",\"name\":\"fresh\",\"app_id\":\"" + PlatformStubs.FN_APP_ID
                + "\",\"image\":\"faasfed/samples:uppercase\",\"memory\":128,\"timeout\":30,\"idle_timeout\":30,"
                + "\"config\":{},\"annotations\":{\"faasfed.platform\":\"fn\"}}";
        STUBS.fn.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/v2/fns"))
                .willReturn(okJson(fnFunction)));
        STUBS.fn.stubFor(get(urlPathEqualTo("/v2/fns/01FNFRESH")).willReturn(okJson(fnFunction)));
        STUBS.fn.stubFor(get(urlPathEqualTo("/v2/triggers")).withQueryParam("fn_id", equalTo("01FNFRESH"))
                .willReturn(okJson("{\"items\":[]}")));
        STUBS.fn.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/v2/triggers"))
                .willReturn(okJson("{\"id\":\"01TRFRESH\",\"name\":\"fresh\",\"app_id\":\""
                        + PlatformStubs.FN_APP_ID + "\",\"fn_id\":\"01FNFRESH\",\"type\":\"http\","
                        + "\"source\":\"/fresh\"}")));

        client.post().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", "fresh", "image", "faasfed/samples:uppercase",
                        "labels", Map.of("faasfed.platform", "fn")))
                .exchange().expectStatus().isAccepted()
                .expectHeader().valueEquals("X-Faasfed-Platform", "fn");

        STUBS.fn.verify(postRequestedFor(urlPathEqualTo("/v2/fns"))
                .withRequestBody(matchingJsonPath("$.name", equalTo("fresh")))
                .withRequestBody(matchingJsonPath("$.image", equalTo("faasfed/samples:uppercase"))));
        STUBS.openfaas.verify(0, postRequestedFor(urlPathEqualTo("/system/functions")));
        client.get().uri("/federation/v1/functions/fresh").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.platform").isEqualTo("fn");
    }

    @Test
    void deployToAnUnknownPlatformIs400ListingTheEnabledOnes() {
        client.post().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", "x", "image", "i:1", "labels", Map.of("faasfed.platform", "knative")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("'knative' is not an enabled platform")
                        .contains("openfaas, fn, openwhisk"));
    }

    @Test
    void faasCliDeploySequenceGets404ForPutThenDeploysWithPost() {
        String body = "{\"service\":\"echo\",\"image\":\"x:1\",\"envProcess\":\"cat\",\"labels\":{},"
                + "\"annotations\":{}}";
        STUBS.openfaas.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        STUBS.openfaas.stubFor(get(urlPathEqualTo("/system/function/echo")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/plain").withBody("function echo not found")));

        client.put().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isNotFound();
        STUBS.openfaas.stubFor(get(urlPathEqualTo("/system/function/echo")).willReturn(okJson(
                "{\"name\":\"echo\",\"image\":\"x:1\",\"namespace\":\"openfaas-fn\",\"envProcess\":\"cat\","
                        + "\"replicas\":1,\"availableReplicas\":1}")));
        client.post().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isAccepted();

        STUBS.openfaas.verify(postRequestedFor(urlPathEqualTo("/system/functions"))
                .withRequestBody(matchingJsonPath("$.service", equalTo("echo")))
                .withRequestBody(matchingJsonPath("$.envProcess", equalTo("cat"))));
        system("/system/function/echo?usage=1").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("echo").jsonPath("$.envProcess").isEqualTo("cat");
    }

    @Test
    void faasCliRemoveSendsAJsonBodyOnDelete() {
        STUBS.openfaas.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(
                urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));

        client.method(org.springframework.http.HttpMethod.DELETE).uri("/system/functions")
                .header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"functionName\":\"hello\"}")
                .exchange().expectStatus().isAccepted();

        STUBS.openfaas.verify(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlPathEqualTo("/system/functions")).withRequestBody(equalToJson("{\"functionName\":\"hello\"}",
                true, true)));
    }

    @Test
    void managementAndInvocationCallsNeedCredentialsAndFaasCliBasicLoginWorks() {
        WebTestClient anonymous = client.mutate().defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION))
                .build();
        anonymous.get().uri("/system/functions").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"faasfed\"")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous.get().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "wrong"))
                .exchange().expectStatus().isUnauthorized();
        anonymous.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isUnauthorized();
        anonymous.get().uri("/system/functions")
                .header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .exchange().expectStatus().isOk();
        client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk();
    }

    @Test
    void aSystemBodyIsReadAsJsonWhateverItsContentType() {
        client.post().uri("/system/scale-function/wordcount")
                .header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("{\"serviceName\":\"wordcount\",\"replicas\":2}")
                .exchange().expectStatus().isEqualTo(501);
    }

    @Test
    void aMalformedSystemBodyIs400NamingTheProblem() {
        client.post().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"service\": ")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.post().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"service\":\"Bad.Name\",\"image\":\"x:1\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .startsWith("name: \"Bad.Name\""));
    }

    @Test
    void endpointsTheFederationDoesNotServeYetAnswer501NotA404() {
        system("/system/logs?name=hello&tail=-1").exchange().expectStatus().isEqualTo(501)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("logs are not federated"));
        system("/system/secrets").exchange().expectStatus().isEqualTo(501);
    }

    @Test
    void systemInfoAndNamespacesHaveTheOpenFaasShapes() {
        system("/system/info").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.provider.provider").isEqualTo("faasfed")
                .jsonPath("$.version.release").exists();
        system("/system/namespaces").exchange().expectStatus().isOk().expectBody(List.class)
                .value(list -> assertThat(list).contains("openfaas-fn"));
    }

    @Test
    void scalingAPlatformWithoutAScaleApiIs501() {
        client.post().uri("/system/scale-function/wordcount")
                .header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"serviceName\":\"wordcount\",\"replicas\":2}")
                .exchange().expectStatus().isEqualTo(501)
                .expectBody().jsonPath("$.capability").isEqualTo("SCALE");
    }

    @Test
    void anAlertScalesOnOpenFaasAndIsRecordedAsUnsupportedOnFn() {
        STUBS.openfaas.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                urlPathEqualTo("/system/scale-function/hello")).willReturn(aResponse().withStatus(202)));
        String hook = "{\"receiver\":\"scale-up\",\"status\":\"firing\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"APIHighInvocationRate\","
                + "\"function_name\":\"hello.openfaas-fn\"}},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"APIHighInvocationRate\","
                + "\"function_name\":\"wordcount\"}}]}";

        client.post().uri("/system/alert").header(HttpHeaders.AUTHORIZATION, basic("testadmin0", "T3st-Adm1n-S3cret-0123456789abcdefghijklmno"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(hook).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.outcomes[0].result").isEqualTo("scaled")
                .jsonPath("$.outcomes[0].replicas").isEqualTo(5)
                .jsonPath("$.outcomes[1].result").isEqualTo("unsupported");
        STUBS.openfaas.verify(postRequestedFor(urlPathEqualTo("/system/scale-function/hello"))
                .withRequestBody(matchingJsonPath("$.replicas", equalTo("5"))));
        client.get().uri("/federation/v1/alerts").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.function=='wordcount')].result").isEqualTo("unsupported");
    }

    @Test
    void platformsAreListedWithHealthAndCapabilities() {
        client.get().uri("/federation/v1/platforms").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(4)
                .jsonPath("$[?(@.id=='compositions')].type").isEqualTo("composition")
                .jsonPath("$[?(@.id=='openfaas')].health").isEqualTo("UP")
                .jsonPath("$[?(@.id=='openfaas')].type").isEqualTo("openfaas")
                .jsonPath("$[?(@.id=='openfaas')].capabilities[*]").value(caps ->
                        assertThat(caps.toString()).contains("SCALE"))
                .jsonPath("$[?(@.id=='fn')].lastSync").exists();
        client.get().uri("/actuator/health").exchange().expectBody()
                .jsonPath("$.components.platforms.components.openfaas.status").isEqualTo("UP")
                .jsonPath("$.components.platforms.components.fn.status").isEqualTo("UP");
    }

    @Test
    void invocationsAreMeasuredByPlatformFunctionAndStatus() {
        client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk();
        String scrape = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("faasfed_invocations_total{function=\"hello\",platform=\"openfaas\",status=\"200\"}")
                .contains("faasfed_invocation_duration_seconds_bucket{function=\"hello\",platform=\"openfaas\"")
                .contains("faasfed_registry_size");
    }

    @Test
    void theNativeApiIsDescribedByAnOpenApiDocument() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.info.title").isEqualTo("faasfed federation gateway")
                .jsonPath("$.paths['/federation/v1/platforms']").exists()
                .jsonPath("$.paths['/system/functions']").exists();
    }
}
