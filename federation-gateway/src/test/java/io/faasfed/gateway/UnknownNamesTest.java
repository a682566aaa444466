package io.faasfed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Names the registry does not know, over three platforms (WireMock): the negative cache, what evicts it, what it is
 * counted as, and the difference between "no platform has it" (404) and "a platform could not be asked" (503). The
 * global rate is generous here; {@link UnknownNamesBudgetTest} holds it tight.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@AutoConfigureMetrics
class UnknownNamesTest {

    private static final PlatformStubs STUBS = new PlatformStubs();

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        for (String property : STUBS.gatewayProperties()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("faasfed.discovery.miss.negative-ttl", () -> "1h");
        registry.add("faasfed.discovery.miss.lookups-per-second", () -> "1000");
        registry.add("faasfed.discovery.miss.lookup-burst", () -> "1000");
        registry.add("faasfed.default-platform", () -> "openfaas");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformsAreUpAndListed() {
        STUBS.openfaasHealthyWith("hello");
        STUBS.fnHealthyWith("wordcount");
        STUBS.openwhiskHealthyWith("greet");
        STUBS.openfaasFunction("hello", 200, "hello from openfaas");
        discovery.syncAll().block(Duration.ofSeconds(20));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long requestsNaming(String name) {
        return java.util.stream.Stream.of(STUBS.openfaas, STUBS.fn, STUBS.openwhisk)
                .flatMap(server -> server.getAllServeEvents().stream())
                .filter(event -> event.getRequest().getUrl().contains(name))
                .count();
    }

    @Test
    void anUnknownNameAsksThePlatformsOnceWithinTheNegativeTtl() {
        String name = unique("ghost");
        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isNotFound();
        long first = requestsNaming(name);
        assertThat(first).as("the first miss asks the platforms").isPositive();

        for (int i = 0; i < 5; i++) {
            client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.function").isEqualTo(name);
        }

        assertThat(requestsNaming(name)).as("later misses are answered from the negative cache").isEqualTo(first);
    }

    @Test
    void suppressedLookupsAreCounted() {
        String name = unique("counted");
        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isNotFound();
        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isNotFound();

        String scrape = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("faasfed_discovery_miss_suppressed_total{reason=\"negative-cache\"}")
                .contains("faasfed_discovery_miss_lookups_total");
    }

    @Test
    void aDeployThroughTheGatewayForgetsTheNegativeEntry() {
        String name = unique("fresh");
        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isNotFound();
        STUBS.openfaas.stubFor(put(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(404)));
        STUBS.openfaas.stubFor(post(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        STUBS.openfaas.stubFor(get(urlPathEqualTo("/system/function/" + name)).willReturn(okJson("{\"name\":\""
                + name + "\",\"image\":\"x:1\",\"namespace\":\"openfaas-fn\",\"replicas\":1,"
                + "\"availableReplicas\":1}")));
        STUBS.openfaasFunction(name, 200, "deployed through the gateway");

        client.post().uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", name, "image", "x:1")).exchange().expectStatus().isAccepted();

        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("deployed through the gateway");
    }

    @Test
    void discoveryFindingANameForgetsItsNegativeEntry() {
        String name = unique("late");
        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isNotFound();
        STUBS.openfaasHealthyWith("hello", name);
        STUBS.openfaasFunction(name, 200, "deployed behind the gateway's back");

        discovery.syncAll().block(Duration.ofSeconds(20));

        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("deployed behind the gateway's back");
    }

    @Test
    void anUnknownNameWhileAPlatformCannotBeAskedIs503NamingThatPlatform() {
        String name = unique("nowhere");
        StubMapping broken = STUBS.fn.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("name", equalTo(name))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try {
            client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.title").isEqualTo("Platform unavailable")
                    .jsonPath("$.function").isEqualTo(name)
                    .jsonPath("$.platforms").isEqualTo(java.util.List.of("fn"))
                    .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("'fn'"));
        } finally {
            STUBS.fn.removeStub(broken);
        }
    }

    @Test
    void withEveryPlatformAnsweringNotFoundAnUnknownNameIs404() {
        client.post().uri("/function/" + unique("absent")).bodyValue("x").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.title").isEqualTo("Function not found");
    }
}
