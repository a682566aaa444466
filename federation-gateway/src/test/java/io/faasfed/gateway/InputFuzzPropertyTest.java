package io.faasfed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.faasfed.gateway.support.Generated;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated requests against one running gateway (started once, in front of a stand-in OpenFaaS): raw invocation
 * paths, header values and native API descriptors never cost a 500, and every request is answered within a generous
 * bound. Bounded tries keep the run to seconds; a failure prints the input and the seed that made it.
 */
class InputFuzzPropertyTest {

    private static final String ADMIN_KEY = "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";
    private static final String AUTHORIZATION = "Authorization: Bearer " + ADMIN_KEY;
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PATH_PIECES = List.of("/", "//", ".", "..", "%2e", "%2F", "%5C", "%25", "%00",
            "%", "%zz", "%C0%AE", "%E2%82%AC", "%FF", ";", ";x=1", "?", "?q=..%2F", "#", "&", "=", "+", "~", "@", "!",
            "$", "'", "(", "*", ",", ":", "[", "]", "\\", "\"", "<", "{", "|", "^", "`", "\u00e9", "a", "hello", "x",
            "system", "functions", "openfaas-fn", "-", "_");
    private static final List<String> DESCRIPTOR_KEYS = List.of("platform", "scope", "image", "code", "process", "env",
            "labels", "annotations", "limits", "network", "secrets", "constraints", "imagee", "", "memoryMiB");
    private static final List<String> NESTED_KEYS = List.of("runtime", "source", "main", "binary", "memoryMiB", "cpus",
            "timeoutMs", "idleTimeoutMs", "concurrency", "memory", "A", "faasfed.platform");

    private static PlatformStubs stubs;
    private static ConfigurableApplicationContext gateway;
    private static int port;
    private static HttpClient http;

    @BeforeAll
    static void startGateway() {
        stubs = new PlatformStubs();
        stubs.openfaasHealthyWith("hello", "fresh");
        stubs.openfaasFunction("hello", 200, "hello");
        stubs.openfaas.stubFor(post(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        stubs.openfaas.stubFor(put(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        gateway = new SpringApplicationBuilder(FederationGatewayApplication.class).properties(
                "server.port=0", "server.address=127.0.0.1",
                "faasfed.security.admin-key=" + ADMIN_KEY,
                "faasfed.platforms.openfaas.type=openfaas",
                "faasfed.platforms.openfaas.url=" + stubs.openfaas.baseUrl(),
                "faasfed.platforms.openfaas.password=" + PlatformStubs.OPENFAAS_PASSWORD,
                "faasfed.discovery.interval=1h",
                // generated names miss: answer them from memory instead of spending the lookup budget
                "faasfed.discovery.refresh-on-miss=false").run();
        gateway.getBean(Discovery.class).syncAll().block(BOUND);
        port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
        http = HttpClient.newBuilder().connectTimeout(BOUND).build();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (stubs != null) {
            stubs.close();
        }
    }

    @Test
    void aRawInvocationPathIsNeverA500() {
        Generated.forAll("a raw invocation path is answered, never with a 500", 200, random -> {
            String tail = Generated.joined(random, PATH_PIECES, 10);
            return Generated.oneOf(random, "/function/" + tail, "/function/hello/" + tail, "/" + tail);
        }, target -> {
            RawHttp.Answer answer = RawHttp.exchange(port, "GET", target, null, BOUND, AUTHORIZATION);

            assertThat(answer.status()).as("status of GET %s", target).isBetween(200, 499);
            assertThat(answer.elapsed()).isLessThan(BOUND);
        });
    }

    @Test
    void aHeaderValueIsNeverA500() {
        Generated.forAll("a header is answered, never with a 500", 100, random -> {
            String name = random.nextBoolean() ? Generated.oneOf(random, "X-Call-Id", "Content-Type", "Accept",
                    "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Content-Length", "Transfer-Encoding",
                    "Connection", "Expect", "Host", "Cookie", "Range", "If-None-Match", "Authorization")
                    : Generated.stringOf(random, "abcxyzABC-_!#$%&'*+.^`|~0123456789", 1, 20);
            // visible ASCII, space, tab and obs-text: everything a header value may carry on the wire (no CR or LF)
            String value = Generated.stringOf(random, visibleAndObsText(), 0, 200);
            return name + ": " + value;
        }, header -> {
            RawHttp.Answer answer = RawHttp.exchange(port, "POST", "/function/hello", "body", BOUND,
                    header.startsWith("Authorization:") ? header : AUTHORIZATION, header);

            assertThat(answer.status()).as("status with header %s", header).isBetween(200, 499);
            assertThat(answer.elapsed()).isLessThan(BOUND);
        });
    }

    @Test
    void aDescriptorIsDeployedOrRefusedWithAProblemNeverA500() {
        List<Object> leaves = List.of("faasfed/samples:fresh", "openfaas", "nope", "node", "-1", "128", "");
        Generated.forAll("a descriptor is deployed or refused with a problem, never a 500", 200, random -> {
            Map<String, Object> document = new LinkedHashMap<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                document.put(Generated.oneOf(random, DESCRIPTOR_KEYS),
                        Generated.jsonValue(random, NESTED_KEYS, leaves, 3));
            }
            document.putIfAbsent("image", "faasfed/samples:fresh");
            String json = JSON.writeValueAsString(document);
            return switch (random.nextInt(10)) {
                case 0, 1 -> json.substring(0, random.nextInt(json.length() + 1));
                case 2 -> JSON.writeValueAsString(Generated.jsonValue(random, NESTED_KEYS, leaves, 3));
                case 3 -> Generated.anyString(random, 40);
                default -> json;
            };
        }, body -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/federation/v1/functions/fresh")).timeout(BOUND)
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as("status for %s: %s", body, response.body()).isBetween(200, 499);
            if (response.statusCode() >= 400) {
                assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(JSON.readTree(response.body()).path("detail").asString()).isNotBlank();
            }
        });
    }

    private static String visibleAndObsText() {
        StringBuilder chars = new StringBuilder("\t");
        for (char c = ' '; c <= '~'; c++) {
            chars.append(c);
        }
        for (char c = '\u0080'; c <= '\u00ff'; c++) {
            chars.append(c);
        }
        return chars.toString();
    }
}
