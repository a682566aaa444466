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

    private void restart(OpenFaasProvider provider) {
        emulator.close();
        emulator = OpenFaasEmulator.start(EmulatorOptions.builder().credentials(ADMIN).openFaasProvider(provider)
                .build());
        http = new TestHttp(emulator.baseUrl());
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

    /**
     * Recorded {@code openfaas-gateway-with-faas-cli.txt} lines 272-281 ({@code faas-cli namespaces}) and the
     * {@code faas-cli namespace list} exchange of round 2: 200, {@code application/json}, {@code []}, also with a
     * function deployed.
     */
    @Test
    void namespacesAnswersAnEmptyArrayAsTheRecordedGatewayDid() {
        deploy("{\"service\":\"echo\",\"image\":\"x:1\"}");

        HttpResponse<String> response = http.send("GET", "/system/namespaces", AUTH, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("[]");
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

    /** The function namespace, named or not, is where deploy puts a function and where list and get look. */
    @Test
    void listAndGetFindAFunctionInTheFunctionNamespace() {
        deploy("{\"service\":\"echo\",\"image\":\"faasfed/samples:echo\",\"namespace\":\"openfaas-fn\"}");

        assertThat(TestHttp.json(http.send("GET", "/system/functions", AUTH, null))).hasSize(1);
        assertThat(TestHttp.json(http.send("GET", "/system/functions?namespace=openfaas-fn", AUTH, null))).hasSize(1);
        assertThat(http.send("GET", "/system/function/echo?namespace=openfaas-fn", AUTH, null).statusCode())
                .isEqualTo(200);
        assertThat(http.send("GET", "/system/function/echo", AUTH, null).statusCode()).isEqualTo(200);
    }

    /**
     * CE manages only the function namespace. faas-netes {@code pkg/handlers/deploy.go}: a request namespace other
     * than the function namespace is {@code http.Error(w, fmt.Sprintf("namespace must be: %s", functionNamespace),
     * http.StatusBadRequest)}; faasd refuses it with 400 {@code namespace not valid} (faasd
     * {@code pkg/provider/handlers/scale.go}, the same check on every handler).
     */
    @Test
    void deployAndUpdateToAnotherNamespaceAre400WithTheProvidersText() {
        String dev = "{\"service\":\"echo\",\"image\":\"x:1\",\"namespace\":\"dev\"}";

        HttpResponse<String> post = http.send("POST", "/system/functions", AUTH, dev);
        HttpResponse<String> put = http.send("PUT", "/system/functions", AUTH, dev);

        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(post.body()).isEqualTo("namespace must be: openfaas-fn\n");
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).isEqualTo("namespace must be: openfaas-fn\n");
        assertThat(TestHttp.json(http.send("GET", "/system/functions", AUTH, null))).isEmpty();

        restart(OpenFaasProvider.FAASD);
        assertThat(http.send("POST", "/system/functions", AUTH, dev).body()).isEqualTo("namespace not valid\n");
    }

    /**
     * faas-netes {@code pkg/handlers/deploy.go}: secrets are fetched before the Deployment is made and a failure is
     * {@code http.Error(w, "unable to fetch secrets: " + err, http.StatusBadRequest)}, err being Kubernetes'
     * {@code secrets "<name>" not found}; faasd answers 400 {@code unable to find secret: <name>}
     * ({@code validateSecrets}). A secret made with {@code POST /system/secrets} (recorded
     * {@code openfaas-gateway-with-faas-cli.txt}, {@code faas-cli secret create}: 201) can be used.
     */
    @Test
    void deployWithASecretThatDoesNotExistIs400WithTheProvidersText() {
        String deployment = "{\"service\":\"keeper\",\"image\":\"x:1\",\"secrets\":[\"s1\"]}";

        HttpResponse<String> missing = http.send("POST", "/system/functions", AUTH, deployment);
        HttpResponse<String> created = http.send("POST", "/system/secrets", AUTH, "{\"name\":\"s1\",\"value\":\"abc\"}");
        HttpResponse<String> listed = http.send("GET", "/system/secrets", AUTH, null);
        HttpResponse<String> deployed = http.send("POST", "/system/functions", AUTH, deployment);

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("unable to fetch secrets: secrets \"s1\" not found\n");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(listed).get(0).path("name").asString()).isEqualTo("s1");
        assertThat(deployed.statusCode()).isEqualTo(202);
        assertThat(http.send("DELETE", "/system/secrets", AUTH, "{\"name\":\"s1\"}").statusCode()).isEqualTo(200);
        assertThat(http.send("PUT", "/system/functions", AUTH, deployment).body())
                .isEqualTo("unable to fetch secrets: secrets \"s1\" not found\n");

        restart(OpenFaasProvider.FAASD);
        HttpResponse<String> faasd = http.send("POST", "/system/functions", AUTH, deployment);
        assertThat(faasd.statusCode()).isEqualTo(400);
        assertThat(faasd.body()).isEqualTo("unable to find secret: s1\n");
    }

    /**
     * faasd answers 200 where faas-netes answers 202. Recorded {@code openfaas-gateway-with-faas-cli.txt}: POST
     * {@code /system/functions} 200 (lines 72-81), PUT 200 (lines 241-251), DELETE 200 (lines 295-305); faasd
     * {@code scale.go} writes no status on success, so scale is 200 too.
     */
    @Test
    void faasdAnswers200ToDeployUpdateScaleAndDelete() {
        restart(OpenFaasProvider.FAASD);
        String body = "{\"service\":\"echo\",\"image\":\"x:1\"}";

        assertThat(http.send("PUT", "/system/functions", AUTH, body).statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/system/functions", AUTH, body).statusCode()).isEqualTo(200);
        assertThat(http.send("PUT", "/system/functions", AUTH, body).statusCode()).isEqualTo(200);
        assertThat(http.send("POST", "/system/scale-function/echo", AUTH, "{\"serviceName\":\"echo\",\"replicas\":2}")
                .statusCode()).isEqualTo(200);
        assertThat(http.send("DELETE", "/system/functions", AUTH, "{\"functionName\":\"echo\"}").statusCode())
                .isEqualTo(200);
    }

    /**
     * gorilla/mux matches paths exactly (gateway {@code main.go} registers {@code /system/functions} only), so a
     * trailing slash is Go's {@code http.NotFound}: 404 {@code 404 page not found}, plain text with
     * {@code X-Content-Type-Options: nosniff}, as recorded for an unrouted path
     * ({@code openfaas-gateway-with-faas-cli.txt}, {@code faas-cli invoke echo --async}). {@code /function/{name}/} is
     * a route of its own and invokes the function.
     */
    @Test
    void aTrailingSlashOnASystemPathIsNotFound() {
        deploy("{\"service\":\"echo\",\"image\":\"faasfed/samples:echo\"}");

        HttpResponse<String> list = http.send("GET", "/system/functions/", AUTH, null);

        assertThat(list.statusCode()).isEqualTo(404);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(list.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(list.body()).isEqualTo("404 page not found\n");
        assertThat(http.send("POST", "/system/functions/", AUTH, "{\"service\":\"x\",\"image\":\"x:1\"}")
                .statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/function/echo/", null, "hi").statusCode()).isEqualTo(200);
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

    /**
     * platform-errors.txt lines 11-23: the gateway's own 404, wrapping the provider's answer, plain text without a
     * trailing newline and without the headers of an answer that reached a function (lines 43-44: "the gateway's own
     * errors above carry none of them").
     */
    @Test
    void invokeOfAnUnknownFunctionIsTheGatewaysOwn404WithoutWatchdogHeaders() {
        HttpResponse<String> plain = http.send("POST", "/function/ghost", null, "hi");
        HttpResponse<String> suffixed = http.send("POST", "/function/ghost.openfaas-fn", null, "hi");

        assertThat(plain.statusCode()).isEqualTo(404);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(plain.body()).isEqualTo("error finding function ghost.: server returned non-200 status code (404) "
                + "for function, ghost, body: function ghost not found");
        assertThat(suffixed.statusCode()).isEqualTo(404);
        assertThat(suffixed.body()).isEqualTo("error finding function ghost.openfaas-fn: server returned non-200 "
                + "status code (404) for function, ghost, body: function ghost not found");
        for (HttpResponse<String> response : java.util.List.of(plain, suffixed)) {
            assertThat(response.headers().map().keySet()).map(String::toLowerCase)
                    .doesNotContain("x-call-id", "x-start-time", "x-served-by", "x-duration-seconds",
                            "x-content-type-options");
        }
    }

    /**
     * CONTRACTS.md section 1, "Names and namespaces": {@code /function/a.b} means function {@code a} in namespace
     * {@code b}; the gateway splits on the last dot (gateway {@code GetNamespace}), always, so a namespace CE does not
     * manage is the same 404 as an unknown function, and a function deployed with a dot in its name cannot be
     * invoked by that name.
     */
    @Test
    void aDotInTheInvokedNameIsAlwaysTheNamespace() {
        deploy("{\"service\":\"echo\",\"image\":\"faasfed/samples:echo\"}");
        deploy("{\"service\":\"a.b\",\"image\":\"faasfed/samples:echo\"}");

        HttpResponse<String> otherNamespace = http.send("POST", "/function/echo.dev", null, "hi");
        HttpResponse<String> dotted = http.send("POST", "/function/a.b", null, "hi");

        assertThat(http.send("POST", "/function/echo.openfaas-fn", null, "hi").statusCode()).isEqualTo(200);
        assertThat(otherNamespace.statusCode()).isEqualTo(404);
        assertThat(otherNamespace.body()).isEqualTo("error finding function echo.dev: server returned non-200 "
                + "status code (404) for function, echo, body: function echo not found");
        assertThat(dotted.statusCode()).isEqualTo(404);
        assertThat(dotted.body()).startsWith("error finding function a.b: ").endsWith("function a not found");
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
