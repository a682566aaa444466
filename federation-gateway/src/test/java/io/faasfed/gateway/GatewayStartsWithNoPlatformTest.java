package io.faasfed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient(timeout = "30s")
@AutoConfigureMetrics
class GatewayStartsWithNoPlatformTest {

    @Autowired
    private WebTestClient client;

    @Test
    void healthzAnswers200() {
        client.get().uri("/healthz").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("OK");
    }

    @Test
    void actuatorHealthIsUp() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void prometheusScrapeServesJvmAndHttpMetrics() {
        client.get().uri("/healthz").exchange().expectStatus().isOk();
        String scrape = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds");
    }
}
