package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A faas-cli 0.17 session against the sandbox, request for request as faas-cli sent it to a real OpenFaaS gateway in
 * {@code shared/specs/recorded/openfaas-gateway-with-faas-cli.txt} (same methods, paths, headers and bodies, the same
 * {@code admin}/{@code secret123} credentials), checking that each answer is one faas-cli accepts. The functions run
 * for real: the OpenFaaS emulator forks their {@code fprocess}.
 *
 * <p>The tests share one sandbox but no functions: each deploys, under names of its own, what it reads, so that they
 * hold in any order and alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaasCliSessionTest {

    private static final String CLI = "faas-cli/0.17.6";
    private static final String CLI_INVOKE = "faas-cli/0.17.6 (openfaas; linux; amd64)";

    private FaasfedSandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.discovery.interval=1h");
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
        return send(method, path, CLI, sandbox.basicAuthorization(), body == null ? null : "application/json", body);
    }

    private HttpResponse<String> invoke(String path, String body) throws Exception {
        // faas-cli invoke sends no credentials of its own: -H "Authorization=Bearer <key>" adds the key
        return send("POST", path, CLI_INVOKE, sandbox.bearerAuthorization(), "text/plain", body);
    }

    /** {@code faas-cli deploy} of a function that does not exist yet: a PUT answered 404, then a POST. */
    private void deployNew(String name, String json) throws Exception {
        assertThat(system("PUT", "/system/functions", json).statusCode()).as("PUT of new " + name).isEqualTo(404);
        assertThat(system("POST", "/system/functions", json).statusCode()).as("POST of " + name).isBetween(200, 202);
    }

    /** A function {@code name} running {@code envProcess}, as faas-cli's deploy body carries it. */
    private static String function(String name, String image, String envProcess) {
        return "{\"service\":\"" + name + "\",\"image\":\"" + image + "\",\"envProcess\":\"" + envProcess
                + "\",\"labels\":{},\"annotations\":{}}";
    }

    /** {@code faas-cli remove name}. */
    private HttpResponse<String> remove(String name) throws Exception {
        return system("DELETE", "/system/functions", "{\"functionName\":\"" + name + "\"}");
    }

    @Test
    void listWithoutLoginIs401WithTheBasicChallenge() throws Exception {
        HttpResponse<String> response = send("GET", "/system/functions", CLI, "Bearer", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("Www-Authenticate")).anyMatch(value -> value.startsWith("Basic "));
        assertThat(response.body()).contains("\"status\":401");
    }

    @Test
    void anInvocationWithoutAKeyIs401() throws Exception {
        deployNew("locked", function("locked", "x:1", "cat"));

        assertThat(send("POST", "/function/locked.openfaas-fn", CLI_INVOKE, null, "text/plain", "hi").statusCode())
                .isEqualTo(401);
        assertThat(remove("locked").statusCode()).isBetween(200, 202);
    }

    @Test
    void loginAndVersionSucceed() throws Exception {
        assertThat(send("GET", "/system/functions", "Go-http-client/1.1", sandbox.basicAuthorization(), null, null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> info = system("GET", "/system/info", null);
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"provider\"").contains("\"version\"");
    }

    @Test
    void deployTriesPutThenPostsAsFaasCliDoes() throws Exception {
        deployNew("echo", function("echo", "x:1", "cat"));
        deployNew("upper", "{\"service\":\"upper\",\"image\":\"y:2\",\"envProcess\":\"tr a-z A-Z\","
                + "\"envVars\":{\"GREETING\":\"hi\"},\"labels\":{\"team\":\"fed\"},"
                + "\"annotations\":{\"topic\":\"t1\"}}");

        assertThat(remove("echo").statusCode()).isBetween(200, 202);
        assertThat(remove("upper").statusCode()).isBetween(200, 202);
    }

    @Test
    void listAndDescribeShowWhatWasDeployed() throws Exception {
        deployNew("listed", function("listed", "x:1", "cat"));
        deployNew("listed-upper", "{\"service\":\"listed-upper\",\"image\":\"y:2\",\"envProcess\":"
                + "\"tr a-z A-Z\",\"envVars\":{\"GREETING\":\"hi\"},\"labels\":{\"team\":\"fed\"},"
                + "\"annotations\":{\"topic\":\"t1\"}}");

        HttpResponse<String> list = system("GET", "/system/functions", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"listed\"").contains("\"name\":\"listed-upper\"")
                .contains("\"envProcess\":\"tr a-z A-Z\"").contains("\"team\":\"fed\"").contains("\"topic\":\"t1\"");

        HttpResponse<String> describe = system("GET", "/system/function/listed?usage=1", null);
        assertThat(describe.statusCode()).isEqualTo(200);
        assertThat(describe.body()).contains("\"name\":\"listed\"").contains("\"availableReplicas\":1");
    }

    @Test
    void invokeUsesNameDotNamespaceAndRunsTheFunction() throws Exception {
        deployNew("run-echo", function("run-echo", "x:1", "cat"));
        deployNew("run-upper", function("run-upper", "y:2", "tr a-z A-Z"));

        HttpResponse<String> echo = invoke("/function/run-echo.openfaas-fn", "hi\n");
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo("hi\n");
        assertThat(echo.headers().firstValue("X-Call-Id")).isPresent();

        HttpResponse<String> upper = invoke("/function/run-upper.openfaas-fn", "hello\n");
        assertThat(upper.body()).isEqualTo("HELLO\n");

        HttpResponse<String> withQuery = send("PUT", "/function/run-echo.openfaas-fn/sub/path?a=b", CLI_INVOKE,
                sandbox.bearerAuthorization(),
                "application/json", "hi\n");
        assertThat(withQuery.statusCode()).isEqualTo(200);
    }

    /**
     * {@code faas-cli invoke --async --header X-Callback-Url=...}: the request as faas-cli sends it (recorded: {@code POST
     * /async-function/echo.openfaas-fn}, text/plain), answered 202 with {@code X-Call-Id} and an empty body, and the
     * function's output POSTed to the callback URL with OpenFaaS' headers.
     */
    @Test
    void invokeAsyncWithACallbackIsAcceptedAndCalledBack() throws Exception {
        deployNew("run-async", function("run-async", "x:1", "tr a-z A-Z"));
        java.util.concurrent.BlockingQueue<java.util.Map<String, String>> received =
                new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            java.util.Map<String, String> seen = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.get(0)));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            received.add(seen);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.gatewayUrl()
                            + "/async-function/run-async.openfaas-fn"))
                    .timeout(Duration.ofSeconds(30)).header("User-Agent", CLI_INVOKE)
                    .header("Content-Type", "text/plain").header("Authorization", sandbox.bearerAuthorization())
                    .header("X-Callback-Url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb")
                    .POST(HttpRequest.BodyPublishers.ofString("hi\n")).build();
            HttpResponse<String> accepted = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.body()).isEmpty();
            String callId = accepted.headers().firstValue("X-Call-Id").orElseThrow();

            java.util.Map<String, String> callback = received.poll(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(callback).as("the callback within 60 s").isNotNull();
            assertThat(callback).containsEntry("body", "HI\n").containsEntry("x-call-id", callId)
                    .containsEntry("x-function-status", "200").containsEntry("x-function-name", "run-async")
                    .containsKey("x-duration-seconds");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anUnknownFunctionOrNamespaceIs404() throws Exception {
        deployNew("known", function("known", "x:1", "cat"));

        assertThat(invoke("/function/known.openfaas-fn", "hi\n").statusCode()).as("the known one").isEqualTo(200);
        assertThat(invoke("/function/nope.openfaas-fn", "hi\n").statusCode()).isEqualTo(404);
        assertThat(invoke("/function/known.dev", "hi\n").statusCode()).isEqualTo(404);
    }

    @Test
    void redeployUpdatesInPlace() throws Exception {
        deployNew("redeployed", function("redeployed", "x:1", "cat"));
        assertThat(invoke("/function/redeployed.openfaas-fn", "hi\n").body()).isEqualTo("hi\n");

        assertThat(system("PUT", "/system/functions", function("redeployed", "x:2", "rev")).statusCode())
                .isBetween(200, 202);

        assertThat(invoke("/function/redeployed.openfaas-fn", "hi\n").body()).isEqualTo("ih\n");
    }

    @Test
    void namespacesListTheDefaultOne() throws Exception {
        HttpResponse<String> namespaces = send("GET", "/system/namespaces", "openfaas-go-sdk", sandbox.basicAuthorization(), null, null);
        assertThat(namespaces.statusCode()).isEqualTo(200);
        assertThat(namespaces.body()).contains("\"openfaas-fn\"");
    }

    @Test
    void removeDeletesWithAJsonBodyAndASecondRemoveIs404() throws Exception {
        deployNew("removed", function("removed", "x:1", "cat"));
        deployNew("removed-too", function("removed-too", "y:2", "tr a-z A-Z"));

        assertThat(remove("removed").statusCode()).isBetween(200, 202);
        assertThat(remove("removed-too").statusCode()).isBetween(200, 202);
        assertThat(remove("removed").statusCode()).isEqualTo(404);

        HttpResponse<String> list = system("GET", "/system/functions", null);
        assertThat(list.body()).doesNotContain("\"name\":\"removed\"").doesNotContain("\"name\":\"removed-too\"");
    }
}
