package io.faasfed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Random unknown names cannot amplify traffic: whatever their number, they cost the platforms at most the configured
 * budget of on-miss lookups (a burst, then a rate), counted on the WireMock servers standing in for the platforms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class UnknownNamesBudgetTest {

    private static final PlatformStubs STUBS = new PlatformStubs();
    private static final int BURST = 3;
    private static final double RATE = 0.5;

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
        registry.add("faasfed.discovery.miss.lookups-per-second", () -> Double.toString(RATE));
        registry.add("faasfed.discovery.miss.lookup-burst", () -> Integer.toString(BURST));
        // healthy before the context starts: the discovery pass that runs at start must not find them down (it could
        // end after the test's own pass and mark a platform down, and a miss on a down platform is 503, not 404)
        healthy();
    }

    private static void healthy() {
        STUBS.openfaasHealthyWith("hello");
        STUBS.fnHealthyWith("wordcount");
        STUBS.openwhiskHealthyWith("greet");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    private static long platformRequests() {
        return Stream.of(STUBS.openfaas, STUBS.fn, STUBS.openwhisk)
                .mapToLong(server -> server.getAllServeEvents().size()).sum();
    }

    @Test
    void randomUnknownNamesCostAtMostTheLookupBudget() {
        healthy();
        discovery.syncAll().block(Duration.ofSeconds(20));
        Stream.of(STUBS.openfaas, STUBS.fn, STUBS.openwhisk).forEach(server -> server.resetRequests());
        client.post().uri("/function/probe-" + UUID.randomUUID()).bodyValue("x").exchange()
                .expectStatus().isNotFound();
        long perLookup = platformRequests();
        assertThat(perLookup).as("one miss asks every platform").isGreaterThanOrEqualTo(3);
        Stream.of(STUBS.openfaas, STUBS.fn, STUBS.openwhisk).forEach(server -> server.resetRequests());

        int names = 40;
        long start = System.nanoTime();
        for (int i = 0; i < names; i++) {
            client.post().uri("/function/random-" + UUID.randomUUID()).bodyValue("x").exchange()
                    .expectStatus().isNotFound();
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        long budget = (long) Math.ceil(BURST + RATE * elapsedSeconds + 1) * perLookup;
        assertThat(platformRequests())
                .as("%d unknown names in %.1f s may cost at most %d platform requests", names, elapsedSeconds, budget)
                .isLessThanOrEqualTo(budget);
    }
}
