package io.faasfed.gateway.invoke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The forward path of /function over real HTTP: each platform's own pool and limits, the platforms' own errors
 * told apart from the functions' answers (the recorded answers of real OpenFaaS and Fn servers), stale routes
 * repaired, call ids, and what the path refuses. Every wait is bounded generously.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ExtendWith(OutputCaptureExtension.class)
class ForwardPathTest {

    private static final PlatformStubs STUBS = new PlatformStubs();
    /** An OpenFaaS gateway whose functions answer after 30 s; its read-timeout is 2 s. */
    private static final WireMockServer SLEEPY = new WireMockServer(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().bindAddress("127.0.0.1")
                    .dynamicPort());
    /** A port that accepts no more connections: its backlog is full, so connecting hangs. */
    private static final ServerSocket BLACKHOLE;
    private static final List<Socket> BACKLOG = new ArrayList<>();

    /** A stand-in OpenFaaS gateway that holds every call of {@code held} until released, counting them. */
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger PEAK = new AtomicInteger();
    private static volatile Sinks.Empty<Void> release = Sinks.empty();
    private static final DisposableServer POOLED = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .get("/healthz", (request, response) -> response.sendString(Mono.just("OK")))
                    .get("/system/functions", (request, response) -> response.header("Content-Type",
                            "application/json").sendString(Mono.just("[{\"name\":\"held\",\"image\":\"x:1\","
                            + "\"replicas\":1,\"availableReplicas\":1}]")))
                    .post("/function/held", (request, response) -> {
                        int now = IN_FLIGHT.incrementAndGet();
                        PEAK.accumulateAndGet(now, Math::max);
                        return request.receive().then(release.asMono())
                                .then(Mono.fromRunnable(IN_FLIGHT::decrementAndGet))
                                .then(response.header("X-Duration-Seconds", "0.1").sendString(Mono.just("done"))
                                        .then());
                    }))
            .bindNow();

    static {
        SLEEPY.start();
        try {
            BLACKHOLE = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            for (int i = 0; i < 2; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", BLACKHOLE.getLocalPort()), 5000);
                BACKLOG.add(socket);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    private int port;

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("faasfed.platforms.openfaas.type", () -> "openfaas");
        registry.add("faasfed.platforms.openfaas.url", STUBS.openfaas::baseUrl);
        registry.add("faasfed.platforms.openfaas.password", () -> PlatformStubs.OPENFAAS_PASSWORD);
        registry.add("faasfed.platforms.openfaas.priority", () -> "10");
        registry.add("faasfed.platforms.fn.type", () -> "fn");
        registry.add("faasfed.platforms.fn.url", STUBS.fn::baseUrl);
        registry.add("faasfed.platforms.fn.app", () -> PlatformStubs.FN_APP);
        registry.add("faasfed.platforms.fn.priority", () -> "20");
        registry.add("faasfed.platforms.pooled.type", () -> "openfaas");
        registry.add("faasfed.platforms.pooled.url", () -> "http://127.0.0.1:" + POOLED.port());
        registry.add("faasfed.platforms.pooled.max-connections", () -> "2");
        registry.add("faasfed.platforms.sleepy.type", () -> "openfaas");
        registry.add("faasfed.platforms.sleepy.url", SLEEPY::baseUrl);
        registry.add("faasfed.platforms.sleepy.read-timeout", () -> "2s");
        registry.add("faasfed.platforms.blackhole.type", () -> "openfaas");
        registry.add("faasfed.platforms.blackhole.url", () -> "http://127.0.0.1:" + BLACKHOLE.getLocalPort());
        registry.add("faasfed.platforms.blackhole.connect-timeout", () -> "2s");
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("faasfed.invoke.max-body-size", () -> "64KB");
    }

    @AfterAll
    static void stopPlatforms() throws IOException {
        STUBS.close();
        SLEEPY.stop();
        POOLED.disposeNow();
        for (Socket socket : BACKLOG) {
            socket.close();
        }
        BLACKHOLE.close();
    }

    @BeforeEach
    void platformsAreListed() {
        STUBS.openfaas.resetAll();
        STUBS.fn.resetAll();
        STUBS.openfaasHealthyWith("hello", "teapot", "fails", "gone", "crowded", "creds", "limited", "upstream");
        STUBS.openfaasFunction("hello", 200, "hello from openfaas");
        // the function's own answers carry the watchdog's or the gateway proxy's headers
        STUBS.openfaasFunction("teapot", aResponse().withStatus(418).withHeader("X-Duration-Seconds", "0.002")
                .withHeader("Content-Type", "text/plain").withBody("I am a teapot"));
        STUBS.openfaasFunction("fails", aResponse().withStatus(500).withHeader("X-Call-Id", "of-1")
                .withHeader("X-Start-Time", "1796144745064046918").withHeader("Content-Type", "text/plain")
                .withBody("exit status 2"));
        STUBS.openfaasFunction("limited", aResponse().withStatus(429).withHeader("X-Duration-Seconds", "0.001")
                .withBody("too many calls in flight"));
        // the gateway's own errors carry none of them (platform-errors.txt)
        STUBS.openfaasFunction("gone", openfaasPlain(404, "error finding function gone.openfaas-fn: server "
                + "returned non-200 status code (404) for function, gone, body: function gone not found"));
        STUBS.openfaasFunction("crowded", openfaasPlain(502, "Can't reach service for: crowded."));
        STUBS.openfaasFunction("creds", openfaasPlain(401, "Unauthorized"));
        STUBS.openfaasFunction("upstream", openfaasPlain(504, "upstream timeout"));
        STUBS.openfaas.stubFor(get(urlPathMatching("/system/function/gone")).willReturn(aResponse().withStatus(404)
                .withBody("function gone not found")));

        STUBS.fnHealthyWith("wordcount", "recreated", "busy", "slowfn", "crashy", "fnteapot", "fnlimited");
        STUBS.fnFunction("wordcount", 200, "3");
        STUBS.fnFunction("recreated", 200, "first incarnation");
        STUBS.fn.stubFor(any(urlPathMatching("/t/faasfed/busy(/.*)?")).willReturn(fnServer(503,
                "{\"message\":\"Timed out - server too busy\"}").withHeader("Retry-After", "15")));
        STUBS.fn.stubFor(any(urlPathMatching("/t/faasfed/slowfn(/.*)?")).willReturn(fnServer(504,
                "{\"message\":\"Timed out\"}")));
        STUBS.fn.stubFor(any(urlPathMatching("/t/faasfed/crashy(/.*)?")).willReturn(fnServer(502,
                "{\"message\":\"error receiving function response\"}")));
        STUBS.fn.stubFor(any(urlPathMatching("/t/faasfed/fnteapot(/.*)?")).willReturn(aResponse().withStatus(418)
                .withHeader("Content-Type", "application/json").withHeader("Fn-Call-Id", "01FNTEAPOT")
                .withBody("{\"appId\":\"01M8S6WEANR00040J6N800001S\",\"body\":\"hi\"}")));
        STUBS.fn.stubFor(any(urlPathMatching("/t/faasfed/fnlimited(/.*)?")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"message\":\"Too many requests\"}")));

        SLEEPY.resetAll();
        SLEEPY.stubFor(get(urlPathEqualTo("/system/functions")).willReturn(okJson("[{\"name\":\"sleepy\","
                + "\"image\":\"x:1\",\"replicas\":1,\"availableReplicas\":1}]")));
        SLEEPY.stubFor(any(urlPathMatching("/function/sleepy.*")).willReturn(aResponse().withStatus(200)
                .withHeader("X-Duration-Seconds", "30").withBody("late").withFixedDelay(30_000)));
        discovery.syncAll().block(Duration.ofSeconds(60));
    }

    private static ResponseDefinitionBuilder openfaasPlain(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/plain; charset=utf-8").withBody(body);
    }

    private static ResponseDefinitionBuilder fnServer(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("Fn-Call-Id", "01M8S6BK94R00040J6N8000022").withBody(body);
    }

    // ---- one pool per platform, with its limits --------------------------------------------------------------

    @Test
    void forwardedCallsUseThePlatformsPoolAndItsMaxConnections() {
        release = Sinks.empty();
        PEAK.set(0);
        HttpClient caller = HttpClient.create().responseTimeout(Duration.ofSeconds(60))
                .headers(io.faasfed.gateway.support.TestKeys::admin);
        List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            caller.post().uri("http://127.0.0.1:" + port + "/function/held")
                    .send(reactor.netty.ByteBufFlux.fromString(Mono.just("x")))
                    .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                            .map(text -> response.status().code() + " " + text))
                    .subscribe(answers::add);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> IN_FLIGHT.get() >= 2);
        // the other three wait for a connection of the platform's pool of two instead of opening more
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> IN_FLIGHT.get() <= 2);
        release.tryEmitEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == 5);

        assertThat(answers).containsOnly("200 done");
        assertThat(PEAK.get()).isEqualTo(2);
    }

    @Test
    void aForwardedCallHonoursThePlatformsReadTimeout() {
        long start = System.nanoTime();
        client.post().uri("/function/sleepy").bodyValue("zz").exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().valueEquals("X-Faasfed-Platform", "sleepy")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("2s").contains("faasfed.platforms.sleepy.read-timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void aForwardedCallHonoursThePlatformsConnectTimeout() {
        discovery.recordDeployed(io.faasfed.adapter.api.FunctionInfo.builder("unreachable",
                io.faasfed.adapter.api.PlatformId.of("blackhole")).build()).block(Duration.ofSeconds(10));
        long start = System.nanoTime();
        client.post().uri("/function/unreachable").bodyValue("x").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("X-Faasfed-Platform", "blackhole")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("connect-timeout").doesNotContain("127.0.0.1"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
    }

    // ---- methods and paths the forward refuses ---------------------------------------------------------------

    @Test
    void connectAndTraceAre405WithAllowAndNeverReachThePlatform() {
        for (String path : List.of("/function/hello", "/async-function/hello")) {
            for (String method : List.of("CONNECT", "TRACE")) {
                client.method(HttpMethod.valueOf(method)).uri(path).exchange()
                        .expectStatus().isEqualTo(405)
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectHeader().value("Allow", allow -> assertThat(allow).contains("POST").contains("GET")
                                .doesNotContain("CONNECT").doesNotContain("TRACE"));
            }
        }
        STUBS.openfaas.verify(0, anyRequestedFor(urlPathMatching("/function/.*")));
        client.post().uri("/function/hello").bodyValue("hi").exchange().expectStatus().isOk();
    }

    @Test
    void aPathWithoutAFunctionNameIs404NotA500() {
        for (String path : List.of("/function", "/function/")) {
            client.post().uri(path).bodyValue("x").exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(404);
        }
    }

    // ---- the function's answers pass through; the platform's errors are problems ----------------------------

    @Test
    void aFunctionsOwnErrorAnswersPassThroughUntouched() {
        client.post().uri("/function/teapot").bodyValue("x").exchange()
                .expectStatus().isEqualTo(418)
                .expectHeader().contentType("text/plain")
                .expectBody(String.class).isEqualTo("I am a teapot");
        client.post().uri("/function/fails").bodyValue("x").exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().contentType("text/plain")
                .expectBody(String.class).isEqualTo("exit status 2");
        client.post().uri("/function/fnteapot").bodyValue("x").exchange()
                .expectStatus().isEqualTo(418)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(String.class).value(body -> assertThat(body).contains("\"appId\""));
    }

    @Test
    void aFunctionsOwn429PassesThroughWithoutAnInventedRetryAfter() {
        client.post().uri("/function/limited").bodyValue("x").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().doesNotExist("Retry-After")
                .expectBody(String.class).isEqualTo("too many calls in flight");
    }

    @Test
    void thePlatformsThrottlingIsARateLimitedProblemWithoutAnInventedRetryAfter() {
        client.post().uri("/function/fnlimited").bodyValue("x").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist("Retry-After")
                .expectBody().jsonPath("$.title").isEqualTo("Rate limited");
    }

    @Test
    void openFaasGatewayErrorsAreProblemsWithTheirStatus() {
        client.post().uri("/function/crowded").bodyValue("x").exchange()
                .expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("X-Faasfed-Platform", "openfaas")
                .expectHeader().exists("X-Call-Id");
        client.post().uri("/function/upstream").bodyValue("x").exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusedCredentialsAre503NamingThePlatformNotA404() {
        client.post().uri("/function/creds").bodyValue("x").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.platform").isEqualTo("openfaas")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("credentials"));
    }

    @Test
    void fnServerErrorsAreProblemsWithTheirStatusAndRetryAfter() {
        client.post().uri("/function/busy").bodyValue("x").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "15")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("Timed out - server too busy"));
        client.post().uri("/function/slowfn").bodyValue("x").exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("function's own timeout"));
        client.post().uri("/function/crashy").bodyValue("x").exchange()
                .expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    // ---- stale routes are repaired ----------------------------------------------------------------------------

    @Test
    void anFnFunctionRecreatedWithANewTriggerIsReachedAfterOneRepair() {
        client.get().uri("/function/recreated").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("first incarnation");
        // fn delete + fn deploy: a new id, a new trigger; the old trigger is gone
        String newId = "01FNRECREATEDAGAIN0000000";
        STUBS.fn.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(PlatformStubs.FN_APP_ID))
                .withQueryParam("name", equalTo("recreated")).willReturn(okJson("{\"items\":[{\"id\":\"" + newId
                        + "\",\"name\":\"recreated\",\"app_id\":\"" + PlatformStubs.FN_APP_ID + "\",\"image\":\"x:2\","
                        + "\"memory\":128,\"timeout\":30,\"idle_timeout\":30,\"config\":{},\"annotations\":{}}]}")));
        STUBS.fn.stubFor(get(urlPathEqualTo("/v2/fns/" + PlatformStubs.fnId("recreated")))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Fn not found\"}")));
        STUBS.fn.stubFor(get(urlPathEqualTo("/v2/triggers")).withQueryParam("fn_id", equalTo(newId))
                .willReturn(okJson("{\"items\":[{\"id\":\"01TRNEW\",\"name\":\"recreated\",\"app_id\":\""
                        + PlatformStubs.FN_APP_ID + "\",\"fn_id\":\"" + newId + "\",\"type\":\"http\","
                        + "\"source\":\"/recreated-2\"}]}")));
        STUBS.fn.stubFor(any(urlPathMatching("/t/faasfed/recreated")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"message\":\"Trigger not found\"}")));
        STUBS.fn.stubFor(any(urlPathMatching("/t/faasfed/recreated-2")).willReturn(aResponse().withStatus(200)
                .withHeader("Fn-Call-Id", "01FNSECOND").withBody("second incarnation")));

        client.get().uri("/function/recreated").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Platform-Call-Id", "01FNSECOND")
                .expectBody(String.class).isEqualTo("second incarnation");
    }

    @Test
    void anOpenFaasFunctionDeletedOnTheGatewayIsAProblemAndLeavesTheRegistry() {
        // evicted, then looked for again: no platform that answered has it, but 'blackhole' could not be asked, so
        // the honest answer is 503 naming it (with every platform answering it is 404, see
        // aCallWithABodyAlreadySentIsNotRetriedAndAnswers404 and UnknownNamesTest)
        client.get().uri("/function/gone").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.function").isEqualTo("gone")
                .jsonPath("$.platforms[0]").isEqualTo("blackhole");
        // the registry no longer holds it: the native listing (which reads the registry and never asks the
        // platforms) does not show it
        client.get().uri("/federation/v1/functions").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.name == 'gone')]").doesNotExist();
    }

    @Test
    void aCallWithABodyAlreadySentIsNotRetriedAndAnswers404() {
        client.post().uri("/function/gone").bodyValue("payload").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    // ---- call ids ---------------------------------------------------------------------------------------------

    @Test
    void everyCallGetsTheGatewaysIdAndTheCallersIdBecomesItsParent() {
        String ours = client.post().uri("/function/wordcount").header("X-Call-Id", "mine-1")
                .header("X-Parent-Call-Id", "forged").bodyValue("a b c").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Platform-Call-Id", "01FNCALL")
                .returnResult(String.class).getResponseHeaders().getFirst("X-Call-Id");
        assertThat(ours).isNotEqualTo("mine-1")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        STUBS.fn.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .withHeader("X-Call-Id", equalTo(ours)).withHeader("X-Parent-Call-Id", equalTo("mine-1")));
        String failed = client.post().uri("/function/gone").header("X-Call-Id", "mine-2").bodyValue("x").exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openfaas")
                .returnResult(String.class).getResponseHeaders().getFirst("X-Call-Id");
        assertThat(failed).isNotNull().isNotEqualTo("mine-2").isNotEqualTo(ours);
    }

    @Test
    void aCallerIdThatIsNotAPlausibleIdNamesNoParent() {
        client.post().uri("/function/wordcount").header("X-Call-Id", "x".repeat(129))
                .header("X-Parent-Call-Id", "forged").bodyValue("too long an id").exchange().expectStatus().isOk();
        STUBS.fn.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .withRequestBody(equalTo("too long an id"))
                .withHeader("X-Call-Id", com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9a-f-]{36}"))
                .withoutHeader("X-Parent-Call-Id"));
    }

    // ---- bodies over the limit ----------------------------------------------------------------------------------

    @Test
    void aChunkedBodyOverTheLimitIs413AndTheForwardStopsAtTheLimit(CapturedOutput output) {
        AtomicInteger chunksSent = new AtomicInteger();
        Flux<io.netty.buffer.ByteBuf> chunks = Flux.range(0, 1024).map(i -> {
            chunksSent.incrementAndGet();
            return io.netty.buffer.Unpooled.wrappedBuffer(new byte[1024]);
        });
        String answer = HttpClient.create().responseTimeout(Duration.ofSeconds(30))
                .headers(io.faasfed.gateway.support.TestKeys::admin)
                .post().uri("http://127.0.0.1:" + port + "/function/hello")
                .send(chunks)
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> response.status().code() + " " + text))
                .onErrorResume(error -> Mono.just("error " + error))
                .block(Duration.ofSeconds(60));

        assertThat(answer).startsWith("413 ").contains("faasfed.invoke.max-body-size");
        long received = STUBS.openfaas.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith("/function/hello"))
                .mapToLong(event -> event.getRequest().getBody().length).max().orElse(0);
        assertThat(received).isLessThanOrEqualTo(64 * 1024);
        String log = output.getAll();
        assertThat(log.lines().filter(line -> line.contains("max-body-size")).count()).as("log lines").isEqualTo(1);
        assertThat(log).doesNotContain("\tat ").doesNotContain("ContentTooLarge").doesNotContain("413 CONTENT");
    }
}
