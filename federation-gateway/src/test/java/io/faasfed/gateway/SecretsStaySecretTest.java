package io.faasfed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.faasfed.gateway.registry.Discovery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Secrets stay secret: three platforms with distinctive credentials, one more that cannot be reached, and functions
 * whose environment holds a password, on each platform and deployed through both APIs. Every read endpoint, the
 * actuator, the OpenAPI document and failure paths (a refused key, a platform 500, an unreachable platform, a
 * timeout) are exercised; no response (status line, headers, body) and no log line may contain a credential or an
 * environment value, in plain text or as the Base64 of a Basic header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class SecretsStaySecretTest {

    private static final String ADMIN_KEY = "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";
    private static final String OPENFAAS_PASSWORD = "S3cretOpenFaaSPassw0rd";
    private static final String WHISK_UUID = "5a1d2b3c-0000-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String WHISK_KEY = "S3cretWhiskKey-Zq9Xw8Vv7Uu6Tt5Ss4Rr3Qq2Pp1Oo0NnMmLlKkJjIiHhGgFf";
    private static final String FN_PASSWORD = "S3cretFnProxyPassw0rd";
    private static final String OFFLINE_PASSWORD = "S3cretOfflinePassw0rd";
    private static final String ADMIN_SECRET = "T3st-Adm1n-S3cret-0123456789abcdefghijklmno";
    private static final String DB_PASSWORD = "hunter2-S3cret";
    private static final String DEPLOYED_TOKEN = "tok-S3cret-deployed-through-the-native-api";
    private static final String COMPAT_TOKEN = "tok-S3cret-deployed-through-system-functions";

    /** The values that must never show, with the Base64 of the Basic headers that carry the credentials. */
    private static final List<String> SECRETS = List.of(OPENFAAS_PASSWORD, WHISK_KEY, FN_PASSWORD, OFFLINE_PASSWORD,
            ADMIN_SECRET, DB_PASSWORD, DEPLOYED_TOKEN, COMPAT_TOKEN, basic64("admin", OPENFAAS_PASSWORD),
            basic64(WHISK_UUID, WHISK_KEY), basic64("fnproxy", FN_PASSWORD), basic64("admin", OFFLINE_PASSWORD));

    private static final Notifier QUIET = new Notifier() {
        @Override
        public void info(String message) {
        }

        @Override
        public void error(String message) {
        }

        @Override
        public void error(String message, Throwable t) {
        }
    };

    private static final WireMockServer OPENFAAS = start();
    private static final WireMockServer FN = start();
    private static final WireMockServer OPENWHISK = start();

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    private static WireMockServer start() {
        // Quiet: WireMock would log unmatched requests with their Authorization headers, which are not the gateway's.
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort().notifier(QUIET));
        server.start();
        return server;
    }

    private static String basic64(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("server.address", "127.0.0.1");
        properties.put("faasfed.security.admin-key", ADMIN_KEY);
        properties.put("faasfed.platforms.openfaas.type", "openfaas");
        properties.put("faasfed.platforms.openfaas.url", OPENFAAS.baseUrl());
        properties.put("faasfed.platforms.openfaas.password", OPENFAAS_PASSWORD);
        properties.put("faasfed.platforms.openfaas.priority", "10");
        properties.put("faasfed.platforms.fn.type", "fn");
        properties.put("faasfed.platforms.fn.url", FN.baseUrl());
        properties.put("faasfed.platforms.fn.app", "faasfed");
        properties.put("faasfed.platforms.fn.username", "fnproxy");
        properties.put("faasfed.platforms.fn.password", FN_PASSWORD);
        properties.put("faasfed.platforms.fn.priority", "20");
        properties.put("faasfed.platforms.openwhisk.type", "openwhisk");
        properties.put("faasfed.platforms.openwhisk.url", OPENWHISK.baseUrl());
        properties.put("faasfed.platforms.openwhisk.username", WHISK_UUID);
        properties.put("faasfed.platforms.openwhisk.password", WHISK_KEY);
        properties.put("faasfed.platforms.openwhisk.priority", "30");
        // Nothing listens on port 1 of the loopback: every call to this platform fails to connect.
        properties.put("faasfed.platforms.offline.type", "openfaas");
        properties.put("faasfed.platforms.offline.url", "http://127.0.0.1:1");
        properties.put("faasfed.platforms.offline.password", OFFLINE_PASSWORD);
        properties.put("faasfed.platforms.offline.priority", "40");
        properties.put("faasfed.default-platform", "openfaas");
        properties.put("faasfed.discovery.interval", "1h");
        properties.put("faasfed.invoke.timeout", "3s");
        properties.put("faasfed.compat.status-cache-ttl", "0s");
        properties.put("logging.level.io.faasfed", "DEBUG");
        properties.put("logging.level.org.springframework.web", "DEBUG");
        properties.put("logging.level.org.springframework.cloud.gateway", "DEBUG");
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopPlatforms() {
        OPENFAAS.stop();
        FN.stop();
        OPENWHISK.stop();
    }

    private static void stubPlatforms() {
        String vault = openfaasStatus("vault", "{\"DB_PASSWORD\":\"" + DB_PASSWORD + "\"}");
        String deployed = openfaasStatus("deployed", "{\"API_TOKEN\":\"" + DEPLOYED_TOKEN + "\"}");
        String compat = openfaasStatus("compat", "{\"API_TOKEN\":\"" + COMPAT_TOKEN + "\"}");
        OPENFAAS.stubFor(get(urlEqualTo("/healthz")).willReturn(aResponse().withStatus(200).withBody("OK")));
        OPENFAAS.stubFor(get(urlEqualTo("/system/info")).willReturn(okJson("{\"provider\":{\"provider\":"
                + "\"faas-netes\",\"orchestration\":\"kubernetes\",\"version\":{\"sha\":\"\",\"release\":\"0.18\"}},"
                + "\"version\":{\"sha\":\"\",\"release\":\"0.27.12\"},\"arch\":\"x86_64\"}")));
        OPENFAAS.stubFor(get(urlPathEqualTo("/system/functions"))
                .willReturn(okJson("[" + vault + "," + deployed + "," + compat + "]")));
        OPENFAAS.stubFor(get(urlPathEqualTo("/system/function/vault")).willReturn(okJson(vault)));
        OPENFAAS.stubFor(get(urlPathEqualTo("/system/function/deployed")).willReturn(okJson(deployed)));
        OPENFAAS.stubFor(get(urlPathEqualTo("/system/function/compat")).willReturn(okJson(compat)));
        OPENFAAS.stubFor(put(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        OPENFAAS.stubFor(post(urlPathEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        // The function fails; the platform itself answers 500 for another; a third never answers in time.
        OPENFAAS.stubFor(any(urlPathMatching("/function/vault(\\..*)?(/.*)?")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/plain").withBody("function crashed")));
        OPENFAAS.stubFor(any(urlPathMatching("/function/deployed(\\..*)?(/.*)?")).willReturn(aResponse()
                .withStatus(500).withBody("upstream error")));
        OPENFAAS.stubFor(any(urlPathMatching("/function/compat(\\..*)?(/.*)?")).willReturn(aResponse()
                .withStatus(200).withBody("late").withFixedDelay(20_000)));

        FN.stubFor(get(urlPathEqualTo("/version")).willReturn(okJson("{\"version\":\"0.3.753\"}")));
        FN.stubFor(get(urlPathEqualTo("/v2/apps")).willReturn(okJson("{\"items\":[{\"id\":\"01APP\",\"name\":"
                + "\"faasfed\"}]}")));
        String fnVault = "{\"id\":\"01FNVAULT\",\"name\":\"fnvault\",\"app_id\":\"01APP\",\"image\":\"x/fnvault:1\","
                + "\"memory\":128,\"timeout\":30,\"idle_timeout\":30,\"config\":{\"DB_PASSWORD\":\"" + DB_PASSWORD
                + "\"},\"annotations\":{},\"created_at\":\"2026-11-21T22:47:46.408Z\"}";
        FN.stubFor(get(urlPathEqualTo("/v2/fns")).willReturn(okJson("{\"items\":[" + fnVault + "]}")));
        FN.stubFor(get(urlPathEqualTo("/v2/fns/01FNVAULT")).willReturn(okJson(fnVault)));
        FN.stubFor(get(urlPathEqualTo("/v2/triggers")).willReturn(okJson("{\"items\":[]}")));

        OPENWHISK.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200).withBody("pong")));
        OPENWHISK.stubFor(get(urlEqualTo("/api/v1")).willReturn(okJson("{\"description\":\"OpenWhisk API\","
                + "\"api_version\":\"1.0.0\",\"api_version_path\":\"v1\",\"runtimes\":{\"nodejs\":[{\"kind\":"
                + "\"nodejs:20\",\"default\":true}]}}")));
        OPENWHISK.stubFor(get(urlEqualTo("/api/v1/namespaces")).willReturn(okJson("[\"guest\"]")));
        OPENWHISK.stubFor(get(urlEqualTo("/invokers/ready")).willReturn(okJson("{\"healthy\":\"1/1\"}")));
        String action = "{\"namespace\":\"guest\",\"name\":\"whiskvault\",\"version\":\"0.0.1\",\"publish\":false,"
                + "\"exec\":{\"kind\":\"nodejs:20\",\"binary\":false},\"annotations\":[{\"key\":\"exec\",\"value\":"
                + "\"nodejs:20\"}],\"parameters\":[{\"key\":\"DB_PASSWORD\",\"value\":\"" + DB_PASSWORD + "\","
                + "\"init\":true}],\"limits\":{\"timeout\":60000,\"memory\":256,\"logs\":10,\"concurrency\":1},"
                + "\"updated\":1700000000000}";
        OPENWHISK.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions")).willReturn(okJson("[" + action + "]")));
        OPENWHISK.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/whiskvault")).willReturn(okJson(action)));
        // The key is refused for this one: the controller's 401.
        OPENWHISK.stubFor(any(urlPathMatching("/api/v1/namespaces/_/actions/whiskvault")).atPriority(1)
                .withQueryParam("blocking", equalTo("true")).willReturn(aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"The supplied "
                                + "authentication is invalid\",\"code\":\"4a3b\"}")));
    }

    private static String openfaasStatus(String name, String envVars) {
        return "{\"name\":\"" + name + "\",\"image\":\"x/" + name + ":1\",\"namespace\":\"openfaas-fn\","
                + "\"envProcess\":\"cat\",\"envVars\":" + envVars + ",\"labels\":{},\"annotations\":{},"
                + "\"replicas\":1,\"availableReplicas\":1,\"invocationCount\":0,"
                + "\"createdAt\":\"2026-11-21T22:46:33Z\"}";
    }

    @Test
    void noCredentialAndNoEnvironmentValueShowsInAnyAnswerOrLogLine(CapturedOutput output) {
        stubPlatforms();
        discovery.syncAll().block(Duration.ofSeconds(30));
        List<String> seen = new ArrayList<>();

        // Writes through both APIs, whose answers show the function as deployed.
        seen.add(call(HttpMethod.PUT, "/federation/v1/functions/deployed", "{\"image\":\"x/deployed:1\","
                + "\"env\":{\"API_TOKEN\":\"" + DEPLOYED_TOKEN + "\"}}", 200));
        seen.add(call(HttpMethod.PUT, "/system/functions", "{\"service\":\"compat\",\"image\":\"x/compat:1\","
                + "\"envVars\":{\"API_TOKEN\":\"" + COMPAT_TOKEN + "\"}}", 202));
        // Sending the placeholder back is refused, without echoing anything secret.
        seen.add(call(HttpMethod.PUT, "/federation/v1/functions/vault", "{\"image\":\"x/vault:1\","
                + "\"env\":{\"DB_PASSWORD\":\"<redacted>\"}}", 400));

        // Every read: the environment's names show, their values do not.
        String functions = call(HttpMethod.GET, "/federation/v1/functions", null, 200);
        assertThat(functions).contains("\"DB_PASSWORD\":\"<redacted>\"").contains("\"API_TOKEN\":\"<redacted>\"");
        seen.add(functions);
        for (String name : List.of("vault", "deployed", "compat", "fnvault", "whiskvault")) {
            seen.add(call(HttpMethod.GET, "/federation/v1/functions/" + name, null, 200));
            seen.add(call(HttpMethod.GET, "/system/function/" + name, null, 200));
        }
        String listed = call(HttpMethod.GET, "/system/functions", null, 200);
        assertThat(listed).contains("\"DB_PASSWORD\":\"<redacted>\"");
        seen.add(listed);
        seen.add(call(HttpMethod.GET, "/federation/v1/platforms", null, 200));
        seen.add(call(HttpMethod.GET, "/federation/v1/alerts", null, 200));
        seen.add(call(HttpMethod.GET, "/system/info", null, -1));
        seen.add(call(HttpMethod.GET, "/healthz", null, -1));

        // Failures: the function's own 500, the platform's 500, a timeout, a refused key, a platform that is down
        // (an unknown name is then 503: the offline platform could not be asked).
        seen.add(call(HttpMethod.POST, "/function/vault", "hello", 500));
        seen.add(call(HttpMethod.POST, "/function/deployed", "hello", -1));
        seen.add(call(HttpMethod.POST, "/function/compat", "hello", 504));
        seen.add(call(HttpMethod.POST, "/function/whiskvault", "{}", -1));
        seen.add(call(HttpMethod.GET, "/function/unknown-anywhere", null, -1));
        seen.add(call(HttpMethod.GET, "/federation/v1/functions/unknown-anywhere", null, -1));
        seen.add(call(HttpMethod.DELETE, "/federation/v1/functions/unknown-anywhere?platform=offline", null, -1));

        // What operators and scrapers read.
        seen.add(call(HttpMethod.GET, "/actuator/health", null, -1));
        seen.add(call(HttpMethod.GET, "/actuator/prometheus", null, 200));
        seen.add(call(HttpMethod.GET, "/actuator/metrics", null, 200));
        seen.add(call(HttpMethod.GET, "/v3/api-docs", null, 200));
        discovery.syncAll().block(Duration.ofSeconds(30));
        seen.add(call(HttpMethod.GET, "/federation/v1/platforms", null, 200));

        String answers = String.join("\n", seen);
        assertThat(answers).contains("offline");
        for (String secret : SECRETS) {
            assertThat(answers).as("answers").doesNotContain(secret);
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
    }

    /** One exchange as text: status, headers and body; {@code expected} is checked unless it is -1. */
    private String call(HttpMethod method, String uri, String body, int expected) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(uri)
                .header(HttpHeaders.AUTHORIZATION, uri.startsWith("/system")
                        ? "Basic " + basic64("testadmin0", ADMIN_SECRET) : "Bearer " + ADMIN_KEY);
        WebTestClient.RequestHeadersSpec<?> sent = body == null ? request
                : request.contentType(uri.startsWith("/function") ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_JSON)
                        .bodyValue(body);
        EntityExchangeResult<byte[]> result = sent.exchange().expectBody().returnResult();
        if (expected != -1) {
            assertThat(result.getStatus().value()).as(method + " " + uri + ": "
                    + new String(result.getResponseBodyContent() == null ? new byte[0]
                    : result.getResponseBodyContent(), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
        byte[] content = result.getResponseBodyContent();
        return method + " " + uri + " -> " + result.getStatus() + "\n" + result.getResponseHeaders() + "\n"
                + (content == null ? "" : new String(content, StandardCharsets.UTF_8));
    }
}
