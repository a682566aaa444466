package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole product over real HTTP: the sandbox gateway, each real adapter, each platform emulator and a real local
 * process per call. Nothing is stubbed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxEndToEndTest {

    private FaasfedSandbox sandbox;
    private WebTestClient client;

    @BeforeAll
    void startSandbox() {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.discovery.interval=1h");
        client = WebTestClient.bindToServer().baseUrl(sandbox.gatewayUrl()).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader(HttpHeaders.AUTHORIZATION, sandbox.basicAuthorization())
                .build();
    }

    @AfterAll
    void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theSeededSamplesOfAllThreePlatformsAreInOneNamespace() {
        client.get().uri("/system/functions").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name=='uppercase')].name").isEqualTo("uppercase")
                .jsonPath("$[?(@.name=='wordcount')].name").isEqualTo("wordcount")
                .jsonPath("$[?(@.name=='greet')].name").isEqualTo("greet")
                .jsonPath("$[?(@.name=='fan-out')].name").isEqualTo("fan-out");
        client.get().uri("/federation/v1/functions").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name=='uppercase')].platform").isEqualTo("openfaas")
                .jsonPath("$[?(@.name=='wordcount')].platform").isEqualTo("fn")
                .jsonPath("$[?(@.name=='greet')].platform").isEqualTo("openwhisk")
                .jsonPath("$[?(@.name=='fan-out')].platform").isEqualTo("openwhisk");
    }

    @ParameterizedTest(name = "deploy, list, invoke and delete on {0}")
    @CsvSource({"openfaas, e2e-openfaas", "fn, e2e-fn"})
    void deployListInvokeAndDeleteAnImageFunction(String platform, String name) {
        client.post().uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", name, "image", "faasfed/samples:uppercase",
                        "labels", Map.of("faasfed.platform", platform)))
                .exchange().expectStatus().isAccepted()
                .expectHeader().valueEquals("X-Faasfed-Platform", platform);

        client.get().uri("/system/functions").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name=='" + name + "')].labels['faasfed.platform']").isEqualTo(platform);
        client.post().uri("/function/" + name).bodyValue("through the federation").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", platform)
                .expectHeader().exists("X-Call-Id")
                .expectBody(String.class).isEqualTo("THROUGH THE FEDERATION");

        client.method(org.springframework.http.HttpMethod.DELETE).uri("/system/functions")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("functionName", name))
                .exchange().expectStatus().isAccepted();
        client.get().uri("/system/function/" + name).exchange().expectStatus().isNotFound();
        client.post().uri("/function/" + name).bodyValue("x").exchange().expectStatus().isNotFound();
    }

    @Test
    void deployListInvokeAndDeleteAnOpenWhiskAction() {
        client.put().uri("/federation/v1/functions/e2e-greet").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("platform", "openwhisk", "image", "faasfed/samples:greet"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.platform").isEqualTo("openwhisk");

        client.get().uri("/federation/v1/functions").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name=='e2e-greet')].platform").isEqualTo("openwhisk");
        client.post().uri("/function/e2e-greet").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"end-to-end\"}").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openwhisk")
                .expectBody().jsonPath("$.greeting").isEqualTo("Hello, end-to-end!");

        client.delete().uri("/federation/v1/functions/e2e-greet").exchange().expectStatus().isNoContent();
        client.get().uri("/federation/v1/functions/e2e-greet").exchange().expectStatus().isNotFound();
    }

    @Test
    void aWebActionOnOpenWhiskAnswersWithItsOwnHttpResponse() {
        client.post().uri("/function/greet").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Ada\"}").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.greeting").isEqualTo("Hello, Ada!");
    }

    @Test
    void anOpenWhiskActionCallsAnFnFunctionThroughTheGateway() {
        client.post().uri("/function/fan-out").bodyValue("count these words").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openwhisk")
                .expectBody()
                .jsonPath("$.calls[0].function").isEqualTo("wordcount")
                .jsonPath("$.calls[0].status").isEqualTo(200)
                .jsonPath("$.calls[0].body").value(body -> assertThat(body.toString().trim().split("\\s+"))
                        .hasSize(3));
        String scrape = client.get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .returnResult().getResponseBody();
        assertThat(scrape).contains("faasfed_invocations_total{function=\"wordcount\",platform=\"fn\"");
    }

    /**
     * {@code curl -d 'count these four words' <gateway>/function/fan-out}: the OpenWhisk action gets the raw body as
     * {@code __ow_body} and must send wordcount the TEXT, not its JSON arguments, so {@code wc} reports 0 lines,
     * 4 words and the text's own 22 bytes.
     */
    @Test
    void fanOutSendsWordcountTheTextItWasGiven() {
        String text = "count these four words";
        client.post().uri("/function/fan-out").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(text)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.calls[0].status").isEqualTo(200)
                .jsonPath("$.calls[0].body").value(body -> assertThat(body.toString().trim().split("\\s+"))
                        .containsExactly("0", "4", String.valueOf(text.length())));
    }

    @Test
    void aFunctionThatFailsKeepsItsOwnStatusAndOutput() {
        client.post().uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", "e2e-fail", "image", "faasfed/samples:fail")).exchange()
                .expectStatus().isAccepted();

        // OpenFaaS passes HTTP through: the function's own error answer reaches the caller as it is.
        client.post().uri("/function/e2e-fail").bodyValue("x").exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().valueEquals("X-Faasfed-Platform", "openfaas")
                .expectBody(String.class).value(body -> assertThat(body).contains("failed on purpose"));
    }

    @Test
    void thePlatformsAreUpInTheNativeApi() {
        // the three emulators, and the gateway's own platform of compositions
        client.get().uri("/federation/v1/platforms").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[*].id").value(ids -> assertThat((List<Object>) ids)
                        .containsExactlyInAnyOrder("openfaas", "openwhisk", "fn", "compositions"));
        client.get().uri("/federation/v1/platforms").exchange().expectBody()
                .jsonPath("$[?(@.health!='UP')]").isEmpty();
    }
}
