package io.faasfed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.Eventually;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.RedisGateways;
import io.faasfed.gateway.support.TcpProxy;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway on a real Redis that dies and comes back (a loopback proxy in front of it is cut and restored): calls
 * keep resolving from the local copy, writes answer 503 before touching a platform, health shows the registry DOWN
 * (liveness stays UP), discovery does not blame the platforms, and everything recovers alone.
 */
@ExtendWith(RedisExtension.class)
class RedisOutageTest {

    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PlatformStubs stubs;
    private static TcpProxy proxy;
    private static ConfigurableApplicationContext gateway;
    private static WebTestClient client;

    @BeforeAll
    static void startGatewayOnRedisBehindAProxy(RedisEndpoint redis) {
        stubs = new PlatformStubs();
        stubs.openfaasHealthyWith("hello");
        stubs.openfaasFunction("hello", 200, "hello from openfaas");
        proxy = TcpProxy.to(redis.host(), redis.port());
        // Deploys fail open on the rate limit store here, so that they reach the registry's own refusal, which this
        // test is about (by default they stop earlier, at 503 "Rate limit store unavailable": see RedisStoreFailureTest)
        gateway = RedisGateways.start(proxy, redis.uniquePrefix("outage"), stubs,
                "--faasfed.redis.local-copy.max-staleness=1h", "--faasfed.rate-limit.on-store-failure.deploy=open");
        int port = RedisGateways.port(gateway);
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(io.faasfed.gateway.support.TestKeys::admin)
                .responseTimeout(Duration.ofSeconds(20)).build();
        gateway.getBean(Discovery.class).syncAll().block(Duration.ofSeconds(20));
        client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (stubs != null) {
            stubs.close();
        }
    }

    @AfterEach
    void redisComesBack() {
        proxy.restore();
        Eventually.await("the gateway writes to Redis again", RECOVERY, RedisOutageTest::deployEcho,
                answer -> answer.startsWith("202"));
    }

    private static String deployEcho() {
        stubs.openfaas.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlPathEqualTo(
                "/system/functions")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(202)));
        stubs.openfaas.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(
                "/system/functions")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(202)));
        stubs.openfaas.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(
                "/system/function/echo")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                "{\"name\":\"echo\",\"image\":\"faasfed/samples:echo\",\"namespace\":\"openfaas-fn\","
                        + "\"replicas\":1,\"availableReplicas\":1}")));
        // as faas-cli deploys: PUT (update), and POST (create) when the gateway does not know the name
        EntityExchangeResult<String> result = client.put().uri("/system/functions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", "echo", "image", "faasfed/samples:echo"))
                .exchange().expectBody(String.class).returnResult();
        if (result.getStatus().value() == 404) {
            result = client.post().uri("/system/functions")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("service", "echo", "image", "faasfed/samples:echo"))
                    .exchange().expectBody(String.class).returnResult();
        }
        return result.getStatus().value() + " " + result.getResponseBody();
    }

    @Test
    void invocationsKeepResolvingFromTheLocalCopyWhileRedisIsDown() {
        proxy.cut();

        client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("hello from openfaas");
        client.get().uri("/system/functions").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.name=='hello')].image").isEqualTo("faasfed/samples:hello");
    }

    @Test
    void anIssuedKeyIs503WhileItsStoreIsAwayAndTheOperatorKeyKeepsWorking() {
        String key = client.post().uri("/federation/v1/keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tenant\":\"default\",\"name\":\"outage\",\"roles\":[\"invoke\"]}")
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody()
                .replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
        client.post().uri("/function/hello").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).bodyValue("x")
                .exchange().expectStatus().isOk();
        proxy.cut();

        client.post().uri("/function/hello").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).bodyValue("x")
                .exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("key store").doesNotContain(key));
        client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk();
    }

    @Test
    void aRedisThatStopsAnsweringCostsACallAtMostTheCommandTimeout() {
        proxy.freeze();

        client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("hello from openfaas");
        client.get().uri("/actuator/health").exchange().expectBody()
                .jsonPath("$.components.redis.status").isEqualTo("DOWN");
        client.post().uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", "fresh", "image", "faasfed/samples:fresh"))
                .exchange().expectStatus().isEqualTo(503);
    }

    @Test
    void deployAndDeleteAnswer503BeforeTouchingThePlatform() {
        proxy.cut();
        stubs.openfaas.resetRequests();

        client.post().uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", "fresh", "image", "faasfed/samples:fresh"))
                .exchange().expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Registry unavailable");
        client.method(HttpMethod.DELETE).uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"functionName\":\"hello\"}")
                .exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.title").isEqualTo("Registry unavailable");

        for (RequestMethod method : new RequestMethod[] {RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.DELETE}) {
            assertThat(stubs.openfaas.findAll(new com.github.tomakehurst.wiremock.matching.RequestPatternBuilder(
                    method, urlPathEqualTo("/system/functions")))).as(method + " reached the platform").isEmpty();
        }
        assertThat(stubs.openfaas.findAll(anyRequestedFor(urlPathEqualTo("/system/functions")))
                .stream().filter(request -> !"GET".equals(request.getMethod().value()))).isEmpty();
    }

    @Test
    void asyncSubmitsAre503WhileRedisIsAwayAndAcceptedAndRunAgainAfter() {
        proxy.cut();

        client.post().uri("/async-function/hello").bodyValue("x").exchange().expectStatus().isEqualTo(503)
                .expectHeader().doesNotExist("X-Call-Id")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("not accepted"));
        client.get().uri("/federation/v1/calls/01ANYCALL").exchange().expectStatus().isEqualTo(503);

        proxy.restore();
        String id = Eventually.await("a submit is accepted again", RECOVERY, () -> client.post()
                .uri("/async-function/hello").bodyValue("after the outage").exchange()
                .returnResult(Void.class).getResponseHeaders().getFirst("X-Call-Id"), found -> found != null);
        Eventually.await("the call accepted after the outage succeeds", RECOVERY, () -> client.get()
                .uri("/federation/v1/calls/" + id).exchange().expectBody(String.class).returnResult()
                .getResponseBody(), body -> body != null && body.contains("\"state\":\"succeeded\""));
    }

    @Test
    void healthShowsTheRegistryDownWhileLivenessStaysUp() {
        proxy.cut();

        client.get().uri("/actuator/health").exchange().expectBody()
                .jsonPath("$.components.redis.status").isEqualTo("DOWN")
                .jsonPath("$.components.redis.details.error").exists();
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void discoveryDuringTheOutageDoesNotMarkThePlatformFailed() {
        proxy.cut();

        gateway.getBean(Discovery.class).syncAll().block(Duration.ofSeconds(30));

        client.get().uri("/federation/v1/platforms").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id=='openfaas')].stale").isEqualTo(false)
                .jsonPath("$[?(@.id=='openfaas')].lastError").value(error ->
                        assertThat(error.toString()).isIn("[]", "[null]"));
    }

    @Test
    void everythingRecoversAloneWhenRedisReturns() {
        proxy.cut();
        client.post().uri("/function/hello").bodyValue("x").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health").exchange().expectBody()
                .jsonPath("$.components.redis.status").isEqualTo("DOWN");

        proxy.restore();

        Eventually.await("health shows Redis UP again", RECOVERY, () -> client.get().uri("/actuator/health")
                .exchange().expectBody(String.class).returnResult().getResponseBody(),
                body -> body != null && "\"UP\"".equals(JSON.readTree(body).path("components").path("redis")
                        .path("status").toString()));
        Eventually.await("a deploy succeeds again", RECOVERY, RedisOutageTest::deployEcho,
                answer -> answer.startsWith("202"));
        client.get().uri("/federation/v1/functions/echo").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.platform").isEqualTo("openfaas");
    }
}
