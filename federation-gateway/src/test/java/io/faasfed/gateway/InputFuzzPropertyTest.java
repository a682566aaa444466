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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated requests against one running gateway (started once, in front of a stand-in OpenFaaS): raw invocation
 * paths, header values and native API descriptors never cost a 500, and every request is answered within a generous
 * bound. Bounded tries keep the run to seconds; a failure prints jqwik's seed and the smallest failing input.
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

    @BeforeContainer
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

    @AfterContainer
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (stubs != null) {
            stubs.close();
        }
    }

    @Property(tries = 200)
    void aRawInvocationPathIsNeverA500(@ForAll("targets") String target) throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, "GET", target, null, BOUND, AUTHORIZATION);

        assertThat(answer.status()).as("status of GET %s", target).isBetween(200, 499);
        assertThat(answer.elapsed()).isLessThan(BOUND);
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> tail = Arbitraries.of(PATH_PIECES).list().ofMaxSize(10).map(list -> String.join("", list));
        return Arbitraries.oneOf(tail.map(t -> "/function/" + t), tail.map(t -> "/function/hello/" + t),
                tail.map(t -> "/" + t));
    }

    @Property(tries = 100)
    void aHeaderValueIsNeverA500(@ForAll("headerNames") String name, @ForAll("headerValues") String value)
            throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, "POST", "/function/hello", "body", BOUND, AUTHORIZATION,
                name + ": " + value);

        assertThat(answer.status()).as("status with header %s: %s", name, value).isBetween(200, 499);
        assertThat(answer.elapsed()).isLessThan(BOUND);
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.oneOf(Arbitraries.of("X-Call-Id", "Content-Type", "Accept", "X-Forwarded-For",
                        "X-Forwarded-Host", "X-Forwarded-Proto", "Content-Length", "Transfer-Encoding", "Connection",
                        "Expect", "Host", "Cookie", "Range", "If-None-Match"),
                Arbitraries.strings().withChars("abcxyzABC-_!#$%&'*+.^`|~0123456789").ofMinLength(1).ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> headerValues() {
        // visible ASCII, space, tab and obs-text: everything a header value may carry on the wire (no CR or LF)
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\t').withCharRange('\u0080', '\u00ff')
                .ofMaxLength(200);
    }

    @Property(tries = 200)
    void aDescriptorIsDeployedOrRefusedWithAProblemNeverA500(@ForAll("descriptors") String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/federation/v1/functions/fresh")).timeout(BOUND)
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as("status for %s: %s", body, response.body()).isBetween(200, 499);
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("detail").asString()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> descriptors() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.of("faasfed/samples:fresh", "openfaas", "nope", "node", "-1", "128", "").map(s -> s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        Arbitrary<Object> value = Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(list -> (Object) new ArrayList<>(list)),
                Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(NESTED_KEYS),
                        Arbitraries.strings().ofMaxLength(6)), inner).ofMaxSize(3).map(map -> (Object) map)), 0, 3);
        Arbitrary<String> documents = Arbitraries.maps(Arbitraries.of(DESCRIPTOR_KEYS), value).ofMaxSize(5)
                .map(map -> {
                    Map<String, Object> document = new LinkedHashMap<>(map);
                    document.putIfAbsent("image", "faasfed/samples:fresh");
                    return JSON.writeValueAsString(document);
                });
        Arbitrary<String> broken = documents.flatMap(json -> Arbitraries.integers().between(0, json.length())
                .map(cut -> json.substring(0, cut)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, documents), net.jqwik.api.Tuple.of(2, broken),
                net.jqwik.api.Tuple.of(1, value.map(JSON::writeValueAsString)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }
}
