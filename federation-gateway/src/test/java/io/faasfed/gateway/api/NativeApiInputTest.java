package io.faasfed.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the management APIs do with bodies that are not what they expect: the native API names an unknown field or a
 * value of the wrong type (400), malformed, deeply nested and oversized JSON never cost a 500, the compat API keeps
 * ignoring fields it does not model, and the OpenAPI document never repeats the caller's Host.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class NativeApiInputTest {

    static final String ADMIN_KEY = "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";
    private static final PlatformStubs STUBS = new PlatformStubs();

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("faasfed.security.admin-key", () -> ADMIN_KEY);
        registry.add("faasfed.platforms.openfaas.type", () -> "openfaas");
        registry.add("faasfed.platforms.openfaas.url", STUBS.openfaas::baseUrl);
        registry.add("faasfed.platforms.openfaas.password", () -> PlatformStubs.OPENFAAS_PASSWORD);
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("spring.codec.max-in-memory-size", () -> "256KB");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformIsListed() {
        STUBS.openfaas.resetAll();
        STUBS.openfaasHealthyWith("hello", "fresh");
        STUBS.openfaas.stubFor(post(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        STUBS.openfaas.stubFor(put(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        discovery.syncAll().block(Duration.ofSeconds(20));
    }

    private WebTestClient.ResponseSpec deploy(String json) {
        return client.put().uri("/federation/v1/functions/fresh")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private void refused(String json, String field, String detail) {
        WebTestClient.BodyContentSpec body = deploy(json).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(text -> assertThat(text.toString()).startsWith(detail));
        if (field != null) {
            body.jsonPath("$.field").isEqualTo(field);
        }
    }

    @Test
    void aWellFormedDescriptorIsDeployed() {
        deploy("{\"image\":\"faasfed/samples:fresh\",\"env\":{\"A\":\"1\"},\"limits\":{\"memoryMiB\":128}}")
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("fresh");
    }

    @Test
    void anUnknownFieldIs400NamingItAndTheKnownOnes() {
        refused("{\"imagee\":\"faasfed/samples:fresh\"}", "imagee", "unknown field 'imagee' at line 1, column ");
        deploy("{\"imagee\":\"x\"}").expectBody().jsonPath("$.detail").value(text -> assertThat(text.toString())
                .endsWith("(expected one of: annotations, code, constraints, env, image, labels, limits, network, "
                        + "platform, process, scope, secrets)"));
        refused("{\"image\":\"x:1\",\"limits\":{\"memory\":\"128Mi\"}}", "limits.memory",
                "unknown field 'limits.memory'");
    }

    @Test
    void aValueOfTheWrongTypeIs400NamingTheFieldAndTheExpectedKind() {
        refused("{\"image\":[\"x:1\"]}", "image", "image: expected a string, got an array");
        refused("{\"image\":\"x:1\",\"limits\":{\"memoryMiB\":\"128\"}}", "limits.memoryMiB",
                "limits.memoryMiB: expected an integer, got a string");
        refused("{\"image\":\"x:1\",\"env\":{\"A\":{}}}", "env.A", "env.A: expected a string, got an object");
        refused("{\"image\":\"x:1\",\"secrets\":\"one\"}", "secrets", "secrets: expected an array, got a string");
        refused("{\"image\":\"x:1\",\"limits\":{\"memoryMiB\":99999999999}}", "limits.memoryMiB",
                "limits.memoryMiB");
        refused("[1,2]", null, "the body does not have the expected shape");
    }

    @Test
    void malformedJsonAndDuplicateKeysAre400() {
        refused("{\"image\": ", null, "the body is not valid JSON");
        refused("{\"image\":\"a:1\"} trailing", null, "");
        refused("{\"image\":\"a:1\",\"image\":\"b:1\"}", null, "");
        refused("null", null, "");
    }

    @Test
    void aDeeplyNestedBodyIs400QuicklyNamingTheLimit() {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        long start = System.nanoTime();

        refused(nested, null, "the body does not have the expected shape");
        refused("{\"env\":" + nested + "}", "env", "env: expected an object, got an array");
        // the compat API skips fields it does not model: the parser reads on, and stops at the depth limit
        client.post().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"service\":\"fresh\",\"image\":\"x:1\",\"somethingNew\":" + nested + "}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .startsWith("the body passes a JSON limit").contains("faasfed.json.max-nesting-depth"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aBodyLargerThanTheCodecsBufferIs413() {
        String big = "{\"image\":\"x:1\",\"process\":\"" + "x".repeat(300 * 1024) + "\"}";

        deploy(big).expectStatus().isEqualTo(413).expectBody().jsonPath("$.detail").value(text ->
                assertThat(text.toString()).contains("spring.codec.max-in-memory-size"));
    }

    @Test
    void theCompatApiKeepsIgnoringFieldsItDoesNotModel() {
        // what faas-cli sends beyond our model (readOnlyRootFilesystem, requests, registryAuth) is not an error:
        // the answer is about the name, the only thing wrong here
        client.post().uri("/system/functions").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"service\":\"Bad.Name\",\"image\":\"x:1\",\"readOnlyRootFilesystem\":true,"
                        + "\"requests\":{\"memory\":\"1Mi\"},\"registryAuth\":\"\",\"somethingNew\":[1]}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .startsWith("name: \"Bad.Name\""));
    }

    @Test
    void theOpenApiDocumentNeverRepeatsTheCallersHost() {
        String document = client.get().uri("/v3/api-docs").header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
                .header(HttpHeaders.HOST, "evil.example").header("X-Forwarded-Host", "evil2.example")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Prefix", "/evil3")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(document).doesNotContain("evil").contains("\"servers\":[{\"url\":\"/\"");
    }
}
