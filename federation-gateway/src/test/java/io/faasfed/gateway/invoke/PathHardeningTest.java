package io.faasfed.gateway.invoke;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.RawHttp;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The invocation path refuses paths that could reach anything but the function, end to end: the exact request lines
 * go over a raw socket to the running gateway, and the stand-in OpenFaaS gateway must receive nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PathHardeningTest {

    static final String ADMIN_KEY = "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";
    private static final String AUTHORIZATION = "Authorization: Bearer " + ADMIN_KEY;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final PlatformStubs STUBS = new PlatformStubs();

    @LocalServerPort
    private int port;

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
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformIsListed() {
        STUBS.openfaas.resetAll();
        STUBS.openfaasHealthyWith("hello");
        STUBS.openfaasFunction("hello", 200, "hello");
        discovery.syncAll().block(Duration.ofSeconds(20));
        STUBS.openfaas.resetRequests();
    }

    private RawHttp.Answer get(String target) throws IOException {
        return RawHttp.exchange(port, "GET", target, null, PATIENCE, AUTHORIZATION);
    }

    private void platformGotNothing(String target) {
        assertThat(STUBS.openfaas.findAll(anyRequestedFor(anyUrl()))).as("requests the platform got for %s", target)
                .isEmpty();
    }

    @Test
    void theIssuesTraversalIsRefusedAndNeverReachesThePlatform() throws IOException {
        // Spring Security's firewall refuses most of these before routing (a 400 problem); FunctionPath refuses
        // them again behind it (FunctionPathTest), so relaxing the firewall cannot open the path
        for (String target : new String[] {"/function/hello/..%2F..%2Fsystem%2Ffunctions",
            "/function/hello/../../system/functions", "/function/hello/%2e%2e/%2e%2e/system/functions",
            "/function/hello/..%5C..%5Csystem%5Cfunctions", "/function/hello/..;/..;/system/functions",
            "/function/hello/..%3B/..%3B/system/functions", "/function/%2e%2e/system/functions",
            "/function/../system/functions", "/function/hello.%2e%2e/system", "/function/hello/./a",
            "/function/hello/%C0%AE%C0%AE/%C0%AE%C0%AE/system/functions", "/function/hello/a%00b"}) {
            STUBS.openfaas.resetRequests();
            RawHttp.Answer answer = get(target);

            assertThat(answer.status()).as(target).isEqualTo(400);
            assertThat(answer.body()).as(target).contains("\"status\":400");
            platformGotNothing(target);
        }
    }

    @Test
    void unsafeSegmentsThatPassTheServerAreRefusedWithAProblemNamingThem() throws IOException {
        assertProblem("/function/hello/%C0%AE%C0%AE", "path segment: \"%C0%AE%C0%AE\" (expected: percent-encoded UTF-8)");
        assertProblem("/function/hello/a%7Fb", "path segment: \"a%7Fb\" (expected: no NUL or other control characters)");
        assertProblem("/function/hel%6Co", "function name: \"hel%6Co\" (expected: letters, digits");
        assertProblem("/%66unction/hello", "path: \"/%66unction/hello\" (expected: the prefix /function/ spelled "
                + "plainly)");
    }

    private void assertProblem(String target, String detail) throws IOException {
        RawHttp.Answer answer = get(target);

        assertThat(answer.status()).as(target).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.body()).contains("\"detail\":\"" + detail.replace("\"", "\\\""));
        platformGotNothing(target);
    }

    @Test
    void encodedCharactersThatAreSafeReachTheFunctionUnchanged() throws IOException {
        String target = "/function/hello/a%20b/%E2%82%AC/.well-known/x..y/?q=%2F..%2F&r=%25";

        RawHttp.Answer answer = get(target);

        assertThat(answer.status()).isEqualTo(200);
        STUBS.openfaas.verify(1, anyRequestedFor(urlEqualTo(target)));
    }
}
