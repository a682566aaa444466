package io.faasfed.emulator.openwhisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.faasfed.emulator.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class OpenWhiskEmulatorTest {

    private static final Credentials KEY = Credentials.parse("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:some-key");
    private static final String AUTH = KEY.basicHeader();
    private static final String ACTIONS = "/api/v1/namespaces/_/actions/";
    private static final String LIST = "/api/v1/namespaces/_/actions";
    private static final String GREET = "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:greet\"}}";

    private OpenWhiskEmulator emulator;
    private TestHttp http;

    @BeforeEach
    void start() {
        emulator = OpenWhiskEmulator.start(EmulatorOptions.builder().credentials(KEY)
                .blockingWait(Duration.ofSeconds(20)).build());
        http = new TestHttp(emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /**
     * A blackbox action whose {@code fprocess} is an action loop: {@code step} runs once per activation with the
     * envelope line in {@code $line} and writes the result on fd 3, as the OpenWhisk action proxy expects.
     */
    static String loopAction(String step, ObjectNode... moreParameters) {
        ObjectNode body = Json.object();
        body.putObject("exec").put("kind", "blackbox").put("image", "x");
        ArrayNode parameters = body.putArray("parameters");
        parameters.add(parameter("fprocess", "while IFS= read -r line; do " + step + "; done", true));
        for (ObjectNode parameter : moreParameters) {
            parameters.add(parameter);
        }
        return Json.text(body);
    }

    static ObjectNode parameter(String key, String value, boolean init) {
        ObjectNode parameter = Json.object().put("key", key).put("value", value);
        return init ? parameter.put("init", true) : parameter;
    }

    static String pythonAction(String code) {
        ObjectNode body = Json.object();
        body.putObject("exec").put("kind", "python:3.11").put("code", code);
        return Json.text(body);
    }

    private JsonNode put(String name, String body) {
        HttpResponse<String> response = http.send("PUT", ACTIONS + name + "?overwrite=true", AUTH, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    @Test
    void pingAndInfoNeedNoAuthAndInfoListsRuntimes() {
        HttpResponse<String> ping = http.send("GET", "/ping", null, null);
        JsonNode info = TestHttp.json(http.send("GET", "/api/v1", null, null));

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("pong");
        assertThat(info.path("api_paths").get(0).asString()).isEqualTo("/api/v1");
        assertThat(info.has("runtimes")).isTrue();
        assertThat(info.path("limits").has("concurrent_actions")).isTrue();
        assertThat(http.send("GET", "/", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void apiDemandsTheUuidKeyAndAnswersWithErrorAndCode() {
        HttpResponse<String> none = http.send("GET", LIST, null, null);
        HttpResponse<String> wrong = http.send("GET", LIST, Credentials.parse("a:b").basicHeader(), null);
        HttpResponse<String> otherNamespace = http.send("GET", "/api/v1/namespaces/other/actions", AUTH, null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(TestHttp.json(none).path("error").asString()).contains("requires authentication");
        assertThat(TestHttp.json(none).path("code").asString()).isNotBlank();
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(otherNamespace.statusCode()).isEqualTo(403);
        assertThat(TestHttp.json(http.send("GET", "/api/v1/namespaces", AUTH, null)).get(0).asString())
                .isEqualTo("guest");
    }

    @Test
    void putCreatesTheActionAndGetListAndDeleteFollowIt() {
        JsonNode created = put("greet", GREET);

        assertThat(created.path("namespace").asString()).isEqualTo("guest");
        assertThat(created.path("name").asString()).isEqualTo("greet");
        assertThat(created.path("version").asString()).isEqualTo("0.0.1");
        assertThat(created.path("publish").asBoolean()).isFalse();
        assertThat(created.path("exec").path("kind").asString()).isEqualTo("blackbox");
        assertThat(created.path("exec").path("image").asString()).isEqualTo("faasfed/samples:greet");
        assertThat(created.path("limits").path("timeout").asInt()).isEqualTo(60000);
        assertThat(created.path("limits").path("memory").asInt()).isEqualTo(256);
        assertThat(created.has("updated")).isTrue();

        JsonNode list = TestHttp.json(http.send("GET", "/api/v1/namespaces/guest/actions", AUTH, null));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("name").asString()).isEqualTo("greet");
        assertThat(list.get(0).path("exec").path("binary").asBoolean()).isFalse();
        assertThat(http.send("GET", ACTIONS + "greet", AUTH, null).statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = http.send("DELETE", ACTIONS + "greet", AUTH, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(deleted).path("name").asString()).isEqualTo("greet");
        HttpResponse<String> gone = http.send("GET", ACTIONS + "greet", AUTH, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(gone).path("error").asString()).isEqualTo("The requested resource does not exist.");
        assertThat(http.send("DELETE", ACTIONS + "greet", AUTH, null).statusCode()).isEqualTo(404);
    }

    @Test
    void putOfAnExistingActionWithoutOverwriteAnswers409() {
        put("greet", GREET);

        HttpResponse<String> again = http.send("PUT", ACTIONS + "greet", AUTH, GREET);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(TestHttp.json(again).path("error").asString()).isEqualTo("resource already exists");
    }

    @Test
    void updateMergesLimitsParametersAndAnnotationsAndDelAnnotationsRemoves() {
        put("greet", "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:greet\"},"
                + "\"parameters\":[{\"key\":\"name\",\"value\":\"bound\"}],\"limits\":{\"timeout\":5000},"
                + "\"annotations\":[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2}]}");

        JsonNode updated = put("greet", "{\"limits\":{\"memory\":128},\"annotations\":[{\"key\":\"c\",\"value\":3}],"
                + "\"delAnnotations\":[\"a\"]}");

        assertThat(updated.path("version").asString()).isEqualTo("0.0.2");
        assertThat(updated.path("exec").path("image").asString()).isEqualTo("faasfed/samples:greet");
        assertThat(updated.path("limits").path("timeout").asInt()).isEqualTo(5000);
        assertThat(updated.path("limits").path("memory").asInt()).isEqualTo(128);
        assertThat(updated.path("parameters").get(0).path("value").asString()).isEqualTo("bound");
        assertThat(updated.path("annotations").toString()).contains("\"b\"").contains("\"c\"")
                .doesNotContain("\"key\":\"a\"");
    }

    @Test
    void invalidKindLimitsOrMissingExecAnswer400() {
        HttpResponse<String> kind = http.send("PUT", ACTIONS + "x", AUTH, "{\"exec\":{\"kind\":\"cobol:85\",\"code\":\"x\"}}");
        HttpResponse<String> limits = http.send("PUT", ACTIONS + "x", AUTH,
                "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"i\"},\"limits\":{\"memory\":4096}}");
        HttpResponse<String> noExec = http.send("PUT", ACTIONS + "x", AUTH, "{}");

        assertThat(kind.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(kind).path("error").asString()).contains("'blackbox'");
        assertThat(limits.statusCode()).isEqualTo(400);
        assertThat(noExec.statusCode()).isEqualTo(400);
    }

    @Test
    void listPagesWithLimitAndSkip() {
        for (String name : new String[] {"a", "b", "c"}) {
            put(name, GREET);
        }

        assertThat(TestHttp.json(http.send("GET", LIST + "?limit=2", AUTH, null))).hasSize(2);
        assertThat(TestHttp.json(http.send("GET", LIST + "?limit=2&skip=2", AUTH, null))).hasSize(1);
        assertThat(TestHttp.json(http.send("GET", LIST + "?limit=0", AUTH, null))).hasSize(3);
        assertThat(http.send("GET", LIST + "?limit=201", AUTH, null).statusCode()).isEqualTo(400);
    }

    @Test
    void actionsInAPackageNeedThePackageAndAPackageWithActionsCannotBeDeleted() {
        String pkgPath = "/api/v1/namespaces/_/packages/tools";
        assertThat(http.send("PUT", ACTIONS + "tools/greet", AUTH, GREET).statusCode()).isEqualTo(404);
        assertThat(http.send("PUT", pkgPath, AUTH, "{\"parameters\":[{\"key\":\"name\",\"value\":\"pkg\"}]}")
                .statusCode()).isEqualTo(200);
        assertThat(http.send("PUT", pkgPath, AUTH, "{}").statusCode()).isEqualTo(409);

        JsonNode action = TestHttp.json(http.send("PUT", ACTIONS + "tools/greet", AUTH, GREET));
        JsonNode pkg = TestHttp.json(http.send("GET", pkgPath, AUTH, null));
        HttpResponse<String> invoked = http.send("POST", ACTIONS + "tools/greet?blocking=true&result=true", AUTH, "{}");

        assertThat(action.path("namespace").asString()).isEqualTo("guest/tools");
        assertThat(pkg.path("actions").get(0).path("name").asString()).isEqualTo("greet");
        assertThat(TestHttp.json(invoked).path("greeting").asString()).isEqualTo("Hello, pkg!");
        assertThat(TestHttp.json(http.send("GET", "/api/v1/namespaces/_/packages", AUTH, null))).hasSize(1);
        assertThat(http.send("DELETE", pkgPath, AUTH, null).statusCode()).isEqualTo(409);
        assertThat(http.send("DELETE", ACTIONS + "tools/greet", AUTH, null).statusCode()).isEqualTo(200);
        assertThat(http.send("DELETE", pkgPath, AUTH, null).statusCode()).isEqualTo(200);
    }

    @Test
    void blockingInvokeWithResultAnswersTheResultObjectAndTheActivationIdHeader() {
        put("greet", GREET);

        HttpResponse<String> response = http.send("POST", ACTIONS + "greet?blocking=true&result=true", AUTH,
                "{\"name\":\"fed\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("greeting").asString()).isEqualTo("Hello, fed!");
        String id = response.headers().firstValue("x-openwhisk-activation-id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{32}");
        JsonNode record = TestHttp.json(http.send("GET", "/api/v1/namespaces/_/activations/" + id, AUTH, null));
        assertThat(record.path("activationId").asString()).isEqualTo(id);
        assertThat(record.path("response").path("status").asString()).isEqualTo("success");
        assertThat(record.path("response").path("success").asBoolean()).isTrue();
        assertThat(record.has("start") && record.has("end") && record.has("duration")).isTrue();
    }

    @Test
    void blockingInvokeWithoutResultAnswersTheFullActivationRecord() {
        put("greet", GREET);

        JsonNode record = TestHttp.json(http.send("POST", ACTIONS + "greet?blocking=true", AUTH, "{}"));

        assertThat(record.path("name").asString()).isEqualTo("greet");
        assertThat(record.path("namespace").asString()).isEqualTo("guest");
        assertThat(record.path("response").path("result").path("greeting").asString()).isEqualTo("Hello, stranger!");
        assertThat(record.path("logs").isArray()).isTrue();
    }

    @Test
    void invokeRejectsABodyThatIsNotAJsonObject() {
        put("greet", GREET);

        assertThat(http.send("POST", ACTIONS + "greet?blocking=true", AUTH, "[1,2]").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", ACTIONS + "nope?blocking=true", AUTH, "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void nonBlockingInvokeAnswers202AndTheActivationIs404UntilItFinishes() {
        put("slow", loopAction("sleep 1; echo '{\"done\":true}' >&3"));

        HttpResponse<String> accepted = http.send("POST", ACTIONS + "slow", AUTH, "{}");
        String id = TestHttp.json(accepted).path("activationId").asString();
        HttpResponse<String> early = http.send("GET", "/api/v1/namespaces/_/activations/" + id, AUTH, null);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("x-openwhisk-activation-id")).hasValue(id);
        assertThat(early.statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                http.send("GET", "/api/v1/namespaces/_/activations/" + id, AUTH, null).statusCode()).isEqualTo(200));
        JsonNode result = TestHttp.json(http.send("GET", "/api/v1/namespaces/_/activations/" + id + "/result", AUTH,
                null));
        assertThat(result.path("result").path("done").asBoolean()).isTrue();
        assertThat(result.path("status").asString()).isEqualTo("success");
        assertThat(TestHttp.json(http.send("GET", "/api/v1/namespaces/_/activations/" + id + "/logs", AUTH, null))
                .has("logs")).isTrue();
        assertThat(TestHttp.json(http.send("GET", "/api/v1/namespaces/_/activations?name=slow", AUTH, null)))
                .hasSize(1);
    }

    @Test
    void blockingInvokeAnswers202WithTheActivationIdWhenTheWaitRunsOut() {
        emulator.close();
        emulator = OpenWhiskEmulator.start(EmulatorOptions.builder().credentials(KEY)
                .blockingWait(Duration.ofMillis(300)).build());
        http = new TestHttp(emulator.baseUrl());
        // the action runs 8 s, far past the 300 ms wait, so no load can make it finish first
        put("slow", loopAction("sleep 8; echo {} >&3"));

        HttpResponse<String> response = http.send("POST", ACTIONS + "slow?blocking=true&result=true", AUTH, "{}");

        assertThat(response.statusCode()).isEqualTo(202);
        String id = TestHttp.json(response).path("activationId").asString();
        assertThat(response.headers().firstValue("x-openwhisk-activation-id")).hasValue(id);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                http.send("GET", "/api/v1/namespaces/_/activations/" + id, AUTH, null).statusCode()).isEqualTo(200));
    }

    @Test
    void failingActionAnswers502WithTheApplicationError() {
        put("fail", loopAction("echo 'failing now' >&2; echo '{\"error\":\"failed on purpose\"}' >&3"));

        HttpResponse<String> response = http.send("POST", ACTIONS + "fail?blocking=true&result=true", AUTH, "{}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(response).path("error").asString()).contains("failed on purpose");
        String id = response.headers().firstValue("x-openwhisk-activation-id").orElseThrow();
        JsonNode record = TestHttp.json(http.send("GET", "/api/v1/namespaces/_/activations/" + id, AUTH, null));
        assertThat(record.path("response").path("status").asString()).isEqualTo("application error");
        assertThat(record.path("logs").toString()).contains("stderr: failing now");
    }

    @Test
    void actionThatRunsPastItsTimeoutIsKilledAsADeveloperError() {
        put("sleepy", "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:sleep\"},"
                + "\"limits\":{\"timeout\":300}}");

        HttpResponse<String> response = http.send("POST", ACTIONS + "sleepy?blocking=true", AUTH, "{}");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode record = TestHttp.json(response);
        assertThat(record.path("response").path("status").asString()).isEqualTo("action developer error");
        assertThat(record.path("response").path("result").path("error").asString())
                .contains("exceeded its time limits of 300 milliseconds");
    }

    @Test
    void actionThatPrintsNoJsonObjectIsADeveloperError() {
        put("plain", loopAction("echo not json >&3"));

        HttpResponse<String> response = http.send("POST", ACTIONS + "plain?blocking=true", AUTH, "{}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(response).path("response").path("status").asString())
                .isEqualTo("action developer error");
    }

    @Test
    void nodejsActionsRunWithTheMachinesNode() {
        put("hello", "{\"exec\":{\"kind\":\"nodejs:20\",\"code\":\"function main(p) { console.log('log line'); "
                + "return {msg: 'hi ' + p.name}; }\"}}");

        HttpResponse<String> response = http.send("POST", ACTIONS + "hello?blocking=true", AUTH,
                "{\"name\":\"node\"}");
        JsonNode record = TestHttp.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(record.path("response").path("result").path("msg").asString()).isEqualTo("hi node");
        assertThat(record.path("logs").toString()).contains("stdout: log line");
    }

    @Test
    void pythonActionsRunWithTheMachinesPython() {
        put("hello", pythonAction("def main(args):\n    return {'sum': args['a'] + 1}\n"));

        HttpResponse<String> response = http.send("POST", ACTIONS + "hello?blocking=true&result=true", AUTH,
                "{\"a\":41}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("sum").asInt()).isEqualTo(42);
    }

    @Test
    void sequencesPassEachResultToTheNextComponent() {
        put("greet", GREET);
        put("wrap", pythonAction("def main(args):\n    return {'wrapped': args}\n"));
        put("both", "{\"exec\":{\"kind\":\"sequence\",\"components\":[\"/_/greet\",\"/guest/wrap\"]}}");

        HttpResponse<String> response = http.send("POST", ACTIONS + "both?blocking=true&result=true", AUTH,
                "{\"name\":\"seq\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("wrapped").path("greeting").asString()).isEqualTo("Hello, seq!");
    }

    @Test
    void webActionsNeedNoAuthAndSeeTheHttpContext() {
        put("web", "{\"exec\":{\"kind\":\"python:3.11\",\"code\":\"def main(args):\\n    return args\\n\"},"
                + "\"annotations\":[{\"key\":\"web-export\",\"value\":true}]}");

        HttpResponse<String> response = http.send(http.request("/api/v1/web/guest/default/web.json?q=1")
                .header("X-Test", "yes").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"b\":2}")));
        JsonNode params = TestHttp.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(params.path("__ow_method").asString()).isEqualTo("post");
        assertThat(params.path("__ow_path").asString()).isEmpty();
        assertThat(params.path("__ow_headers").path("x-test").asString()).isEqualTo("yes");
        assertThat(params.path("q").asString()).isEqualTo("1");
        assertThat(params.path("b").asInt()).isEqualTo(2);
    }

    @Test
    void httpWebActionsMapStatusCodeHeadersAndBody() {
        ObjectNode page = (ObjectNode) Json.parse(loopAction(
                "echo '{\"statusCode\":201,\"headers\":{\"X-Made\":\"here\"},\"body\":\"created\"}' >&3")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        page.putArray("annotations").add(Json.object().put("key", "web-export").put("value", true))
                .add(Json.object().put("key", "raw-http").put("value", true));
        put("page", Json.text(page));

        HttpResponse<String> response = http.send("PUT", "/api/v1/web/_/default/page.http", null, "x");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Made")).hasValue("here");
        assertThat(response.body()).isEqualTo("created");
        assertThat(response.headers().firstValue("x-openwhisk-activation-id")).isPresent();
    }

    @Test
    void webActionsRefuseUnexportedActionsUnknownExtensionsAndMissingRequiredAuth() {
        put("hidden", GREET);
        put("guarded", "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:greet\"},\"annotations\":["
                + "{\"key\":\"web-export\",\"value\":true},{\"key\":\"require-whisk-auth\",\"value\":true}]}");

        assertThat(http.send("GET", "/api/v1/web/guest/default/hidden.json", null, null).statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/api/v1/web/guest/default/guarded.xml", null, null).statusCode()).isEqualTo(406);
        assertThat(http.send("GET", "/api/v1/web/guest/default/guarded.json", null, null).statusCode())
                .isEqualTo(401);
        assertThat(http.send("GET", "/api/v1/web/guest/default/guarded.json", AUTH, null).statusCode())
                .isEqualTo(200);
    }
}
