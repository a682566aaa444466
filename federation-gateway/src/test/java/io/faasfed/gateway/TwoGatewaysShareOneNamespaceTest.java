package io.faasfed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Two gateway instances on one Redis: a deploy through one is served by the other. */
@ExtendWith(RedisExtension.class)
class TwoGatewaysShareOneNamespaceTest {

    private static ConfigurableApplicationContext gateway(RedisEndpoint redis, String prefix, PlatformStubs stubs) {
        return new SpringApplicationBuilder(FederationGatewayApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run("--server.port=0", "--server.address=127.0.0.1", "--faasfed.store=redis",
                        "--faasfed.redis.url=" + redis.url(), "--faasfed.redis.key-prefix=" + prefix,
                        "--faasfed.discovery.interval=1h", "--faasfed.discovery.refresh-on-miss=false",
                        "--faasfed.platforms.openfaas.type=openfaas",
                        "--faasfed.platforms.openfaas.url=" + stubs.openfaas.baseUrl(),
                        "--faasfed.platforms.openfaas.password=" + PlatformStubs.OPENFAAS_PASSWORD);
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(io.faasfed.gateway.support.TestKeys::admin)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void aFunctionDeployedThroughOneGatewayIsServedByTheOther(RedisEndpoint redis) {
        String prefix = redis.uniquePrefix("two-gateways");
        try (PlatformStubs stubs = new PlatformStubs()) {
            stubs.openfaasHealthyWith();
            try (ConfigurableApplicationContext first = gateway(redis, prefix, stubs);
                 ConfigurableApplicationContext second = gateway(redis, prefix, stubs)) {
                first.getBean(Discovery.class).syncAll().block(Duration.ofSeconds(20));
                second.getBean(Discovery.class).syncAll().block(Duration.ofSeconds(20));
                stubs.openfaas.stubFor(put(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(404)));
                stubs.openfaas.stubFor(post(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
                stubs.openfaas.stubFor(get(urlPathEqualTo("/system/function/echo")).willReturn(okJson(
                        "{\"name\":\"echo\",\"image\":\"faasfed/samples:echo\",\"namespace\":\"openfaas-fn\","
                                + "\"replicas\":1,\"availableReplicas\":1}")));
                stubs.openfaasFunction("echo", 200, "echoed by openfaas");

                client(first).post().uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("service", "echo", "image", "faasfed/samples:echo"))
                        .exchange().expectStatus().isAccepted();

                client(second).get().uri("/federation/v1/functions/echo").exchange().expectStatus().isOk()
                        .expectBody().jsonPath("$.platform").isEqualTo("openfaas");
                client(second).post().uri("/function/echo").bodyValue("x").exchange().expectStatus().isOk()
                        .expectBody(String.class).isEqualTo("echoed by openfaas");
                client(second).get().uri("/system/functions").exchange().expectStatus().isOk()
                        .expectBody().jsonPath("$[0].name").isEqualTo("echo");
            }
        }
    }
}
