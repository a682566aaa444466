package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A faas-cli 0.17 session against the sandbox, request for request as faas-cli sent it to a real OpenFaaS gateway in
 * {@code shared/specs/recorded/openfaas-gateway-with-faas-cli.txt} (same methods, paths, headers and bodies, the same
 * {@code admin}/{@code secret123} credentials), checking that each answer is one faas-cli accepts. The functions run
 * for real: the OpenFaaS emulator forks their {@code fprocess}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaasCliSessionTest {

    private static final String BASIC = "Basic YWRtaW46c2VjcmV0MTIz";
    private static final String CLI = "faas-cli/0.17.6";
    private static final String CLI_INVOKE = "faas-cli/0.17.6 (openfaas; linux; amd64)";

    private FaasfedSandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.compat.password=secret123",
                "--faasfed.discovery.interval=1h");
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String userAgent, String authorization,
                                      String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("User-Agent", userAgent);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> system(String method, String path, String body) throws Exception {
        return send(method, path, CLI, BASIC, body == null ? null : "application/json", body);
    }

    private HttpResponse<String> invoke(String path, String body) throws Exception {
        return send("POST", path, CLI_INVOKE, null, "text/plain", body);
    }

    @Test
    @Order(1)
    void listWithoutLoginIs401WithTheBasicChallenge() throws Exception {
        HttpResponse<String> response = send("GET", "/system/functions", CLI, "Bearer", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Www-Authenticate")).contains("Basic realm=\"Restricted\"");
        assertThat(response.body()).isEqualTo("invalid credentials");
    }

    @Test
    @Order(2)
    void loginAndVersionSucceed() throws Exception {
        assertThat(send("GET", "/system/functions", "Go-http-client/1.1", BASIC, null, null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> info = system("GET", "/system/info", null);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"provider\"").contains("\"version\"");
    }

    @Test
    @Order(3)
    void deployTriesPutThenPostsAsFaasCliDoes() throws Exception {
        String echo = "{\"service\":\"echo\",\"image\":\"x:1\",\"envProcess\":\"cat\",\"labels\":{},\"annotations\":{}}";
        assertThat(system("PUT", "/system/functions", echo).statusCode()).isEqualTo(404);
        assertThat(system("POST", "/system/functions", echo).statusCode()).isBetween(200, 202);

        String upper = "{\"service\":\"upper\",\"image\":\"y:2\",\"envProcess\":\"tr a-z A-Z\",\"envVars\":"
                + "{\"GREETING\":\"hi\"},\"labels\":{\"team\":\"fed\"},\"annotations\":{\"topic\":\"t1\"}}";
        assertThat(system("PUT", "/system/functions", upper).statusCode()).isEqualTo(404);
        assertThat(system("POST", "/system/functions", upper).statusCode()).isBetween(200, 202);
    }

    @Test
    @Order(4)
    void listAndDescribeShowWhatWasDeployed() throws Exception {
        HttpResponse<String> list = system("GET", "/system/functions", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"echo\"").contains("\"envProcess\":\"tr a-z A-Z\"")
                .contains("\"team\":\"fed\"").contains("\"topic\":\"t1\"");

        HttpResponse<String> describe = system("GET", "/system/function/echo?usage=1", null);
        assertThat(describe.statusCode()).isEqualTo(200);
        assertThat(describe.body()).contains("\"name\":\"echo\"").contains("\"availableReplicas\":1");
    }

    @Test
    @Order(5)
    void invokeUsesNameDotNamespaceAndRunsTheFunction() throws Exception {
        HttpResponse<String> echo = invoke("/function/echo.openfaas-fn", "hi\n");
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo("hi\n");
        assertThat(echo.headers().firstValue("X-Call-Id")).isPresent();

        HttpResponse<String> upper = invoke("/function/upper.openfaas-fn", "hello\n");
        assertThat(upper.body()).isEqualTo("HELLO\n");

        HttpResponse<String> withQuery = send("PUT", "/function/echo.openfaas-fn/sub/path?a=b", CLI_INVOKE, null,
                "application/json", "hi\n");
        assertThat(withQuery.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void anUnknownFunctionOrNamespaceIs404() throws Exception {
        assertThat(invoke("/function/nope.openfaas-fn", "hi\n").statusCode()).isEqualTo(404);
        assertThat(invoke("/function/echo.dev", "hi\n").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void redeployUpdatesInPlace() throws Exception {
        String echo = "{\"service\":\"echo\",\"image\":\"x:2\",\"envProcess\":\"rev\",\"labels\":{},\"annotations\":{}}";
        assertThat(system("PUT", "/system/functions", echo).statusCode()).isBetween(200, 202);

        assertThat(invoke("/function/echo.openfaas-fn", "hi\n").body()).isEqualTo("ih\n");
    }

    @Test
    @Order(8)
    void namespacesListTheDefaultOne() throws Exception {
        HttpResponse<String> namespaces = send("GET", "/system/namespaces", "openfaas-go-sdk", BASIC, null, null);
        assertThat(namespaces.statusCode()).isEqualTo(200);
        assertThat(namespaces.body()).contains("\"openfaas-fn\"");
    }

    @Test
    @Order(9)
    void removeDeletesWithAJsonBodyAndASecondRemoveIs404() throws Exception {
        assertThat(system("DELETE", "/system/functions", "{\"functionName\":\"echo\"}").statusCode())
                .isBetween(200, 202);
        assertThat(system("DELETE", "/system/functions", "{\"functionName\":\"upper\"}").statusCode())
                .isBetween(200, 202);
        assertThat(system("DELETE", "/system/functions", "{\"functionName\":\"echo\"}").statusCode()).isEqualTo(404);

        HttpResponse<String> list = system("GET", "/system/functions", null);
        assertThat(list.body()).doesNotContain("\"name\":\"echo\"").doesNotContain("\"name\":\"upper\"");
    }
}
