package io.faasfed.emulator.openfaas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenFaasEmulatorTest {

    private static final Credentials ADMIN = new Credentials("admin", "secret123");
    private static final String AUTH = ADMIN.basicHeader();

    private OpenFaasEmulator emulator;
    private TestHttp http;

    @BeforeEach
    void start() {
        emulator = OpenFaasEmulator.start(EmulatorOptions.builder().credentials(ADMIN)
                .gatewayUrl("http://127.0.0.1:1/gateway").build());
        http = new TestHttp(emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private void deploy(String json) {
        assertThat(http.send("POST", "/system/functions", AUTH, json).statusCode()).isEqualTo(202);
    }

    @Test
    void healthzAnswers200WithoutCredentials() {
        assertThat(http.send("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void systemEndpointsDemandBasicAuthWithAPlainTextError() {
        HttpResponse<String> none = http.send("GET", "/system/functions", null, null);
        HttpResponse<String> wrong = http.send("GET", "/system/functions",
                new Credentials("admin", "nope").basicHeader(), null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Www-Authenticate")).hasValue("Basic realm=\"Restricted\"");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(none.body()).isEqualTo("invalid credentials\n");
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void invocationAndHealthNeedNoCredentials() {
        deploy("{\"service\":\"echo\",\"image\":\"faasfed/samples:echo\"}");

        assertThat(http.send("POST", "/function/echo", null, "hi").statusCode()).isEqualTo(200);
    }

    @Test
    void infoDescribesProviderAndVersion() {
        JsonNode info = TestHttp.json(http.send("GET", "/system/info", AUTH, null));

        assertThat(info.path("provider").path("provider").asString()).isNotBlank();
        assertThat(info.path("provider").path("orchestration").asString()).isNotBlank();
        assertThat(info.path("provider").path("version").has("release")).isTrue();
        assertThat(info.path("version").has("release")).isTrue();
        assertThat(info.has("arch")).isTrue();
    }

    @Test
    void namespacesListsTheDefaultNamespace() {
        HttpResponse<String> response = http.send("GET", "/system/namespaces", AUTH, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).get(0).asString()).isEqualTo("openfaas-fn");
    }

    @Test
    void listIsAnEmptyArrayBeforeAnyDeploy() {
        HttpResponse<String> response = http.send("GET", "/system/functions", AUTH, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void deployAnswers202AndListAndGetShowTheFunctionStatus() {
        deploy("{\"service\":\"upper\",\"image\":\"y:2\",\"envProcess\":\"tr a-z A-Z\",\"envVars\":{\"GREETING\":\"hi\"},"
                + "\"labels\":{\"team\":\"fed\"},\"annotations\":{\"topic\":\"t1\"},\"limits\":{\"memory\":\"128Mi\"}}");

        JsonNode list = TestHttp.json(http.send("GET", "/system/functions", AUTH, null));
        HttpResponse<String> get = http.send("GET", "/system/function/upper", AUTH, null);
        JsonNode status = TestHttp.json(get);

        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("name").asString()).isEqualTo("upper");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(status.path("name").asString()).isEqualTo("upper");
        assertThat(status.path("image").asString()).isEqualTo("y:2");
        assertThat(status.path("namespace").asString()).isEqualTo("openfaas-fn");
        assertThat(status.path("envProcess").asString()).isEqualTo("tr a-z A-Z");
        assertThat(status.path("envVars").path("GREETING").asString()).isEqualTo("hi");
        assertThat(status.path("labels").path("team").asString()).isEqualTo("fed");
        assertThat(status.path("annotations").path("topic").asString()).isEqualTo("t1");
        assertThat(status.path("limits").path("memory").asString()).isEqualTo("128Mi");
        assertThat(status.path("replicas").asInt()).isEqualTo(1);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(1);
        assertThat(status.path("invocationCount").asInt()).isZero();
        assertThat(status.path("createdAt").asString()).isNotBlank();
    }

    @Test
    void listAndGetHonourTheNamespaceParameter() {
        deploy("{\"service\":\"echo\",\"image\":\"faasfed/samples:echo\",\"namespace\":\"dev\"}");

        assertThat(TestHttp.json(http.send("GET", "/system/functions", AUTH, null))).isEmpty();
        assertThat(TestHttp.json(http.send("GET", "/system/functions?namespace=dev", AUTH, null))).hasSize(1);
        assertThat(http.send("GET", "/system/function/echo?namespace=dev", AUTH, null).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/system/function/echo", AUTH, null).statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(http.send("GET", "/system/namespaces", AUTH, null)).toString()).contains("dev");
    }

    @Test
    void deployOfAnExistingFunctionAnswers400AsPlainText() {
        deploy("{\"service\":\"echo\",\"image\":\"x:1\"}");

        HttpResponse<String> again = http.send("POST", "/system/functions", AUTH,
                "{\"service\":\"echo\",\"image\":\"x:1\"}");

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(again.body()).contains("already exists");
    }

    @Test
    void deployWithoutImageOrWithBadJsonAnswers400() {
        assertThat(http.send("POST", "/system/functions", AUTH, "{\"service\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", "/system/functions", AUTH, "{\"image\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", "/system/functions", AUTH, "{nope").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", "/system/functions", AUTH, "{\"service\":\"a/b\",\"image\":\"x\"}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void updateOfAMissingFunctionAnswers404SoClientsFallBackToPost() {
        String body = "{\"service\":\"echo\",\"image\":\"x:1\",\"labels\":{\"a\":\"1\"}}";

        HttpResponse<String> put = http.send("PUT", "/system/functions", AUTH, body);
        HttpResponse<String> post = http.send("POST", "/system/functions", AUTH, body);
        HttpResponse<String> replace = http.send("PUT", "/system/functions", AUTH,
                "{\"service\":\"echo\",\"image\":\"x:2\"}");
        JsonNode status = TestHttp.json(http.send("GET", "/system/function/echo", AUTH, null));

        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(put.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(post.statusCode()).isEqualTo(202);
        assertThat(replace.statusCode()).isEqualTo(202);
        assertThat(status.path("image").asString()).isEqualTo("x:2");
        assertThat(status.path("labels").isEmpty()).as("update replaces, it does not merge").isTrue();
    }

    @Test
    void deleteTakesAJsonBodyAnswers202AndRemovesTheFunction() {
        deploy("{\"service\":\"echo\",\"image\":\"x:1\"}");

        HttpResponse<String> delete = http.send("DELETE", "/system/functions", AUTH, "{\"functionName\":\"echo\"}");
        HttpResponse<String> get = http.send("GET", "/system/function/echo", AUTH, null);
        HttpResponse<String> again = http.send("DELETE", "/system/functions", AUTH, "{\"functionName\":\"echo\"}");

        assertThat(delete.statusCode()).isEqualTo(202);
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.body()).isEqualTo("function echo not found\n");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(http.send("DELETE", "/system/functions", AUTH, "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void scaleAnswers202AndClampsToFiveReplicas() {
        deploy("{\"service\":\"echo\",\"image\":\"x:1\"}");

        HttpResponse<String> scale = http.send("POST", "/system/scale-function/echo", AUTH,
                "{\"serviceName\":\"echo\",\"replicas\":9}");
        JsonNode status = TestHttp.json(http.send("GET", "/system/function/echo", AUTH, null));

        assertThat(scale.statusCode()).isEqualTo(202);
        assertThat(status.path("replicas").asInt()).isEqualTo(5);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(5);
        assertThat(http.send("POST", "/system/scale-function/echo", AUTH, "{\"replicas\":0}").statusCode())
                .isEqualTo(400);
        assertThat(http.send("POST", "/system/scale-function/nope", AUTH, "{\"replicas\":1}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void invokeRunsTheFunctionWithTheBodyOnStdinAndAddsTheGatewayHeaders() {
        deploy("{\"service\":\"uppercase\",\"image\":\"faasfed/samples:uppercase\"}");

        HttpResponse<String> response = http.send(http.request("/function/uppercase")
                .header("Content-Type", "text/plain").header("X-Call-Id", "call-1")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("HELLO");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(response.headers().firstValue("X-Call-Id")).hasValue("call-1");
        assertThat(response.headers().firstValue("X-Duration-Seconds")).get().asString().matches("\\d+\\.\\d{6}");
        assertThat(response.headers().firstValue("X-Start-Time")).get().asString().matches("\\d+");
        assertThat(response.headers().firstValue("X-Served-By")).isPresent();
        assertThat(TestHttp.json(http.send("GET", "/system/function/uppercase", AUTH, null))
                .path("invocationCount").asInt()).isEqualTo(1);
    }

    @Test
    void invokeGeneratesACallIdWhenNoneIsSent() {
        deploy("{\"service\":\"echo\",\"image\":\"faasfed/samples:echo\"}");

        HttpResponse<String> response = http.send("POST", "/function/echo", null, "x");

        assertThat(response.headers().firstValue("X-Call-Id")).get().asString().hasSize(36);
    }

    @Test
    void invokeTakesAnyMethodTheNamespaceSuffixAndAnExtraPathAndSetsTheWatchdogEnv() {
        deploy("{\"service\":\"env\",\"image\":\"faasfed/samples:env\",\"envVars\":{\"GREETING\":\"hi\"}}");

        HttpResponse<String> response = http.send(http.request("/function/env.openfaas-fn/sub/path?a=b&c=d")
                .header("X-Test", "1").header("Content-Type", "application/json")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body().lines())
                .contains("Http_Method=PUT", "Http_Path=/sub/path", "Http_Query=a=b&c=d", "Http_X_Test=1",
                        "Http_Content_Type=application/json", "GREETING=hi",
                        "FAASFED_GATEWAY_URL=http://127.0.0.1:1/gateway");
    }

    @Test
    void invokeWithoutQueryLeavesHttpQueryUnsetAndPathIsSlash() {
        deploy("{\"service\":\"env\",\"image\":\"faasfed/samples:env\"}");

        HttpResponse<String> response = http.send("GET", "/function/env", null, null);

        assertThat(response.body().lines()).contains("Http_Method=GET", "Http_Path=/")
                .noneMatch(line -> line.startsWith("Http_Query="));
    }

    @Test
    void fprocessNamesAnyLocalCommand() {
        deploy("{\"service\":\"rev\",\"image\":\"not/in-catalog:1\",\"envProcess\":\"rev\"}");

        assertThat(http.send("POST", "/function/rev", null, "abc").body()).isEqualTo("cba");
    }

    @Test
    void invokeOfAnUnknownFunctionAnswers404AsPlainText() {
        HttpResponse<String> response = http.send("POST", "/function/nope.openfaas-fn", null, "hi");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("function nope.openfaas-fn not found\n");
        assertThat(response.headers().firstValue("X-Call-Id")).isPresent();
    }

    @Test
    void imageOutsideTheCatalogWithoutFprocessAnswers502() {
        deploy("{\"service\":\"ghost\",\"image\":\"not/in-catalog:1\"}");

        HttpResponse<String> response = http.send("POST", "/function/ghost", null, "x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("sandbox catalog");
    }

    @Test
    void nonZeroExitAnswers500WithTheOutput() {
        deploy("{\"service\":\"fail\",\"image\":\"faasfed/samples:fail\"}");

        HttpResponse<String> response = http.send("POST", "/function/fail", null, "x");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("sample function failed on purpose").contains("exit status 1");
    }

    @Test
    void execTimeoutKillsTheProcessAndAnswers408() {
        deploy("{\"service\":\"sleepy\",\"image\":\"faasfed/samples:sleep\",\"envVars\":{\"exec_timeout\":\"500ms\","
                + "\"SLEEP_SECONDS\":\"37\"}}");

        HttpResponse<String> response = http.send("POST", "/function/sleepy", null, "x");

        assertThat(response.statusCode()).isEqualTo(408);
        assertThat(ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains("sleep 37")))
                .as("the timed-out process and its children are gone").isEmpty();
    }

    @Test
    void upstreamTimeoutWithoutExecTimeoutAnswers502() {
        emulator.close();
        emulator = OpenFaasEmulator.start(EmulatorOptions.builder().credentials(ADMIN)
                .functionTimeout(Duration.ofMillis(500)).build());
        http = new TestHttp(emulator.baseUrl());
        deploy("{\"service\":\"sleepy\",\"image\":\"faasfed/samples:sleep\"}");

        HttpResponse<String> response = http.send("POST", "/function/sleepy", null, "x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("timeout");
    }

    @Test
    void outputOverTheCapFailsWithAClearError() {
        emulator.close();
        emulator = OpenFaasEmulator.start(EmulatorOptions.builder().credentials(ADMIN).maxOutputBytes(1024).build());
        http = new TestHttp(emulator.baseUrl());
        deploy("{\"service\":\"loud\",\"image\":\"x\",\"envProcess\":\"head -c 100000 /dev/zero\"}");

        HttpResponse<String> response = http.send("POST", "/function/loud", null, "x");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("more than 1024 bytes");
    }

    @Test
    void requestBodyOverTheCapAnswers413() {
        emulator.close();
        emulator = OpenFaasEmulator.start(EmulatorOptions.builder().credentials(ADMIN).maxRequestBytes(16).build());
        http = new TestHttp(emulator.baseUrl());

        assertThat(http.send("POST", "/function/echo", null, "x".repeat(100)).statusCode()).isEqualTo(413);
    }

    @Test
    void asyncInvokeAnswers202WithCallIdAndPostsTheResultToTheCallbackUrl() throws Exception {
        WireMockServer callback = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        callback.start();
        try {
            CompletableFuture<Request> received = new CompletableFuture<>();
            callback.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
            callback.addMockServiceRequestListener((request, response) ->
                    received.complete(LoggedRequest.createFrom(request)));
            deploy("{\"service\":\"uppercase\",\"image\":\"faasfed/samples:uppercase\"}");

            HttpResponse<String> accepted = http.send(http.request("/async-function/uppercase")
                    .header("X-Callback-Url", callback.baseUrl() + "/done")
                    .POST(HttpRequest.BodyPublishers.ofString("later")));
            Request delivered = received.get(20, TimeUnit.SECONDS);

            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.body()).isEmpty();
            String callId = accepted.headers().firstValue("X-Call-Id").orElseThrow();
            assertThat(delivered.getMethod().getName()).isEqualTo("POST");
            assertThat(delivered.getUrl()).isEqualTo("/done");
            assertThat(delivered.getBodyAsString()).isEqualTo("LATER");
            assertThat(delivered.getHeader("X-Call-Id")).isEqualTo(callId);
            assertThat(delivered.getHeader("X-Function-Status")).isEqualTo("200");
            assertThat(delivered.getHeader("X-Function-Name")).isEqualTo("uppercase");
            assertThat(delivered.getHeader("X-Duration-Seconds")).matches("\\d+\\.\\d+");
        } finally {
            callback.stop();
        }
    }

    @Test
    void asyncInvokeRejectsACallbackUrlThatIsNotAbsolute() {
        HttpResponse<String> response = http.send(http.request("/async-function/echo")
                .header("X-Callback-Url", "not a url").POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(400);
    }
}
