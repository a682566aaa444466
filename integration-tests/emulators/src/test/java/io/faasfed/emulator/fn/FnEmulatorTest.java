package io.faasfed.emulator.fn;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FnEmulatorTest {

    private FnEmulator emulator;
    private TestHttp http;

    @BeforeEach
    void start() {
        emulator = FnEmulator.start(EmulatorOptions.builder().gatewayUrl("http://127.0.0.1:1").build());
        http = new TestHttp(emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private String app(String name) {
        return ok(http.send("POST", "/v2/apps", null, "{\"name\":\"" + name + "\"}")).path("id").asString();
    }

    private JsonNode fn(String appId, String name, String image, String extra) {
        return ok(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"" + name
                + "\",\"image\":\"" + image + "\"" + extra + "}"));
    }

    @Test
    void rootAndVersionAnswerWithoutAuth() {
        assertThat(TestHttp.json(http.send("GET", "/", null, null)).path("hello").asString()).isEqualTo("world!");
        assertThat(TestHttp.json(http.send("GET", "/version", null, null)).path("version").asString())
                .isEqualTo(FnEmulator.VERSION);
    }

    @Test
    void appsAreCreatedWithOpaqueIdsListedAndRefusedTwice() {
        HttpResponse<String> created = http.send("POST", "/v2/apps", null,
                "{\"name\":\"myapp\",\"config\":{\"LEVEL\":\"1\"},\"annotations\":{\"team\":\"fed\"}}");
        JsonNode app = ok(created);
        HttpResponse<String> again = http.send("POST", "/v2/apps", null, "{\"name\":\"myapp\"}");
        JsonNode byName = ok(http.send("GET", "/v2/apps?name=myapp", null, null));

        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(app.path("id").asString()).matches("[0-9A-Z]{26}");
        assertThat(app.path("config").path("LEVEL").asString()).isEqualTo("1");
        assertThat(app.path("annotations").path("team").asString()).isEqualTo("fed");
        assertThat(app.has("created_at") && app.has("updated_at")).isTrue();
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(TestHttp.json(again).path("message").asString()).isEqualTo("App already exists");
        assertThat(byName.path("items").get(0).path("id").asString()).isEqualTo(app.path("id").asString());
        assertThat(http.send("POST", "/v2/apps", null, "{\"name\":\"bad name\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void appUpdateMergesConfigAndAnEmptyValueDeletesAKey() {
        String id = ok(http.send("POST", "/v2/apps", null,
                "{\"name\":\"myapp\",\"config\":{\"LEVEL\":\"1\",\"OLD\":\"x\"}}")).path("id").asString();

        JsonNode updated = ok(http.send("PUT", "/v2/apps/" + id, null,
                "{\"name\":\"myapp\",\"config\":{\"COLOR\":\"blue\",\"OLD\":\"\"}}"));

        assertThat(updated.path("config").path("LEVEL").asString()).isEqualTo("1");
        assertThat(updated.path("config").path("COLOR").asString()).isEqualTo("blue");
        assertThat(updated.path("config").has("OLD")).isFalse();
    }

    @Test
    void fnsAreCreatedWithDefaultsAndTheInvokeEndpointAnnotation() {
        String appId = app("myapp");

        JsonNode fn = fn(appId, "hello", "faasfed/samples:echo", ",\"config\":{\"GREETING\":\"hi\"}");

        assertThat(fn.path("id").asString()).matches("[0-9A-Z]{26}").isNotEqualTo(appId);
        assertThat(fn.path("app_id").asString()).isEqualTo(appId);
        assertThat(fn.path("memory").asInt()).isEqualTo(128);
        assertThat(fn.path("timeout").asInt()).isEqualTo(30);
        assertThat(fn.path("idle_timeout").asInt()).isEqualTo(30);
        assertThat(fn.path("config").path("GREETING").asString()).isEqualTo("hi");
        assertThat(fn.path("annotations").path("fnproject.io/fn/invokeEndpoint").asString())
                .isEqualTo(emulator.baseUrl() + "/invoke/" + fn.path("id").asString());
        JsonNode list = ok(http.send("GET", "/v2/fns?app_id=" + appId + "&name=hello", null, null));
        assertThat(list.path("items")).hasSize(1);
        assertThat(ok(http.send("GET", "/v2/fns/" + fn.path("id").asString(), null, null)).path("name").asString())
                .isEqualTo("hello");
    }

    @Test
    void fnCreationChecksAppNameImageLimitsAndDuplicates() {
        String appId = app("myapp");
        fn(appId, "hello", "x:1", "");

        assertThat(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"hello\","
                + "\"image\":\"x:1\"}").statusCode()).isEqualTo(409);
        assertThat(http.send("POST", "/v2/fns", null, "{\"app_id\":\"NOPE\",\"name\":\"a\",\"image\":\"x\"}")
                .statusCode()).isEqualTo(404);
        assertThat(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"a\"}")
                .statusCode()).isEqualTo(400);
        assertThat(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"a\","
                + "\"image\":\"x\",\"timeout\":301}").statusCode()).isEqualTo(400);
        assertThat(http.send("GET", "/v2/fns", null, null).statusCode()).isEqualTo(400);
        HttpResponse<String> missing = http.send("GET", "/v2/fns/NOPE", null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(missing).path("message").asString()).isEqualTo("Fn not found");
    }

    @Test
    void fnUpdatePatchesOnlyWhatIsSentAndEmptyConfigValuesDelete() {
        String appId = app("myapp");
        String id = fn(appId, "hello", "x:1", ",\"config\":{\"A\":\"1\",\"B\":\"2\"}").path("id").asString();

        JsonNode updated = ok(http.send("PUT", "/v2/fns/" + id, null,
                "{\"image\":\"x:2\",\"memory\":256,\"config\":{\"B\":\"\",\"C\":\"3\"}}"));

        assertThat(updated.path("image").asString()).isEqualTo("x:2");
        assertThat(updated.path("memory").asInt()).isEqualTo(256);
        assertThat(updated.path("timeout").asInt()).isEqualTo(30);
        assertThat(updated.path("config").path("A").asString()).isEqualTo("1");
        assertThat(updated.path("config").has("B")).isFalse();
        assertThat(updated.path("config").path("C").asString()).isEqualTo("3");
        assertThat(http.send("PUT", "/v2/fns/" + id, null, "{\"name\":\"renamed\"}").statusCode()).isEqualTo(400);
        assertThat(http.send("PUT", "/v2/fns/NOPE", null, "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void listsPageWithPerPageAndNextCursor() {
        String appId = app("myapp");
        for (String name : new String[] {"a", "b", "c"}) {
            fn(appId, name, "x:1", "");
        }

        JsonNode first = ok(http.send("GET", "/v2/fns?app_id=" + appId + "&per_page=2", null, null));
        String cursor = first.path("next_cursor").asString();
        JsonNode second = ok(http.send("GET", "/v2/fns?app_id=" + appId + "&per_page=2&cursor=" + cursor, null, null));

        assertThat(first.path("items")).hasSize(2);
        assertThat(cursor).isNotBlank();
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("items").get(0).path("name").asString()).isEqualTo("c");
        assertThat(second.has("next_cursor")).isFalse();
    }

    @Test
    void deletesAnswer204AndCascade() {
        String appId = app("myapp");
        String fnId = fn(appId, "hello", "x:1", "").path("id").asString();
        String triggerId = ok(http.send("POST", "/v2/triggers", null, "{\"name\":\"t1\",\"app_id\":\"" + appId
                + "\",\"fn_id\":\"" + fnId + "\",\"type\":\"http\",\"source\":\"/t1\"}")).path("id").asString();
        String otherFn = fn(appId, "other", "x:1", "").path("id").asString();

        HttpResponse<String> deleteFn = http.send("DELETE", "/v2/fns/" + fnId, null, null);
        HttpResponse<String> deleteApp = http.send("DELETE", "/v2/apps/" + appId, null, null);

        assertThat(deleteFn.statusCode()).isEqualTo(204);
        assertThat(deleteFn.body()).isEmpty();
        assertThat(http.send("GET", "/v2/triggers/" + triggerId, null, null).statusCode()).isEqualTo(404);
        assertThat(deleteApp.statusCode()).isEqualTo(204);
        assertThat(http.send("GET", "/v2/fns/" + otherFn, null, null).statusCode()).isEqualTo(404);
        assertThat(ok(http.send("GET", "/v2/apps", null, null)).path("items")).isEmpty();
        assertThat(http.send("DELETE", "/v2/apps/" + appId, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void triggersCarryTheirEndpointAndRefuseDuplicateNamesOrSources() {
        String appId = app("myapp");
        String fnId = fn(appId, "hello", "x:1", "").path("id").asString();
        String body = "{\"name\":\"t1\",\"app_id\":\"" + appId + "\",\"fn_id\":\"" + fnId
                + "\",\"type\":\"http\",\"source\":\"/t1\"}";

        JsonNode trigger = ok(http.send("POST", "/v2/triggers", null, body));
        HttpResponse<String> sameName = http.send("POST", "/v2/triggers", null, body);
        HttpResponse<String> sameSource = http.send("POST", "/v2/triggers", null, body.replace("\"t1\"", "\"t2\""));
        HttpResponse<String> badSource = http.send("POST", "/v2/triggers", null,
                body.replace("\"t1\"", "\"t3\"").replace("/t1", "t1"));

        assertThat(trigger.path("annotations").path("fnproject.io/trigger/httpEndpoint").asString())
                .isEqualTo(emulator.baseUrl() + "/t/myapp/t1");
        assertThat(sameName.statusCode()).isEqualTo(409);
        assertThat(sameSource.statusCode()).isEqualTo(409);
        assertThat(badSource.statusCode()).isEqualTo(400);
        assertThat(ok(http.send("GET", "/v2/triggers?app_id=" + appId + "&fn_id=" + fnId, null, null))
                .path("items")).hasSize(1);
    }

    @Test
    void invokeRunsTheFunctionAndSetsFnCallId() {
        String fnId = fn(app("myapp"), "upper", "faasfed/samples:uppercase", "").path("id").asString();

        HttpResponse<String> response = http.send("POST", "/invoke/" + fnId, null, "hello fn");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("HELLO FN");
        assertThat(response.headers().firstValue("Fn-Call-Id")).get().asString().matches("[0-9A-Z]{26}");
        assertThat(http.send("POST", "/invoke/NOPE", null, "x").statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/invoke/" + fnId, null, null).statusCode()).isEqualTo(405);
    }

    @Test
    void functionsGetAppAndFnConfigAsEnvPlusTheWatchdogAndFnVariables() {
        String appId = ok(http.send("POST", "/v2/apps", null,
                "{\"name\":\"myapp\",\"config\":{\"LEVEL\":\"app\",\"SHARED\":\"app\"}}")).path("id").asString();
        String fnId = fn(appId, "env", "faasfed/samples:env", ",\"config\":{\"SHARED\":\"fn\"}").path("id").asString();

        HttpResponse<String> response = http.send(http.request("/invoke/" + fnId + "?x=1")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("")));

        assertThat(response.body().lines()).contains("LEVEL=app", "SHARED=fn", "FN_APP_ID=" + appId,
                "FN_FN_ID=" + fnId, "FN_FORMAT=http-stream", "FN_TYPE=sync", "Http_Method=POST",
                "Http_Query=x=1", "Http_Content_Type=text/plain", "FAASFED_GATEWAY_URL=http://127.0.0.1:1",
                "Http_Fn_Call_Id=" + response.headers().firstValue("Fn-Call-Id").orElseThrow());
    }

    @Test
    void detachedCallsAnswer202AtOnceWithACallId() {
        String fnId = fn(app("myapp"), "slow", "faasfed/samples:sleep", ",\"config\":{\"SLEEP_SECONDS\":\"5\"}")
                .path("id").asString();

        long started = System.nanoTime();
        HttpResponse<String> response = http.send(http.request("/invoke/" + fnId)
                .header("Fn-Invoke-Type", "detached").POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Fn-Call-Id")).isPresent();
        assertThat(System.nanoTime() - started).isLessThan(4_000_000_000L);
    }

    @Test
    void failingFunctionAnswers502AndTimeoutAnswers504() {
        String appId = app("myapp");
        String fail = fn(appId, "fail", "faasfed/samples:fail", "").path("id").asString();
        String slow = fn(appId, "slow", "faasfed/samples:sleep", ",\"timeout\":1").path("id").asString();

        HttpResponse<String> failed = http.send("POST", "/invoke/" + fail, null, "x");
        HttpResponse<String> timedOut = http.send("POST", "/invoke/" + slow, null, "x");

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(failed).path("message").asString()).contains("failed on purpose");
        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(TestHttp.json(timedOut).path("message").asString()).isEqualTo("Timed out");
    }

    @Test
    void httpTriggersTakeAnyMethodAndPassTheRequestToTheFunction() {
        String appId = app("myapp");
        String fnId = fn(appId, "env", "faasfed/samples:env", "").path("id").asString();
        ok(http.send("POST", "/v2/triggers", null, "{\"name\":\"e\",\"app_id\":\"" + appId + "\",\"fn_id\":\""
                + fnId + "\",\"type\":\"http\",\"source\":\"/env\"}"));

        HttpResponse<String> response = http.send(http.request("/t/myapp/env?q=1").header("X-Test", "1")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Fn-Call-Id")).isPresent();
        assertThat(response.body().lines()).contains("Http_Method=PATCH", "Http_Path=/env", "Http_Query=q=1",
                "Http_Fn_Http_H_X_Test=1", "Http_Fn_Intent=httprequest", "Http_Fn_Http_Method=PATCH");
        assertThat(http.send("GET", "/t/myapp/none", null, null).statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/t/noapp/env", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theCallsApiIsGone() {
        assertThat(http.send("GET", "/v2/fns/abc/calls", null, null).statusCode()).isEqualTo(410);
    }
}
