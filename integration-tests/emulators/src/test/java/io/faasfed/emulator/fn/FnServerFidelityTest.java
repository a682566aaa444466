package io.faasfed.emulator.fn;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.SandboxCatalog;
import io.faasfed.emulator.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a real Fn server v0.3.753 answers where a lenient emulator would answer something else, each pinned to
 * /work/shared/specs (recorded/fn-server-with-fn-cli.txt, recorded/platform-errors.txt, CONTRACTS.md) or to the
 * fnproject/fn source of that server.
 */
class FnServerFidelityTest {

    /** An FDK answering 200 with the headers of the recorded echo function's 418 (platform-errors.txt:93-100). */
    private static final String TEAPOT = "cat >/dev/null; printf 'HTTP/1.1 200 OK\\r\\nContent-Type: application/json"
            + "\\r\\nFn-Http-Status: 418\\r\\nFn-Http-H-X-Echofn: yes\\r\\nFn-Fdk-Version: fdk-go/0.0.66\\r\\n\\r\\n"
            + "{\"teapot\":true}'";

    private FnEmulator emulator;
    private TestHttp http;

    private void start(boolean apiOnly) {
        SandboxCatalog catalog = SandboxCatalog.defaults().with("test/fdk:teapot", TEAPOT)
                .with("test/fdk:status", "cat >/dev/null; printf 'HTTP/1.1 200 OK\\r\\nFn-Http-Status: %s\\r\\n\\r\\n"
                        + "x' \"$USER_STATUS\"")
                .with("test/fdk:fdk-status", "cat >/dev/null; printf 'HTTP/1.1 %s X\\r\\n\\r\\n' \"$FDK_STATUS\"")
                .with("test/fdk:garbage", "cat >/dev/null; echo not http");
        emulator = FnEmulator.start(EmulatorOptions.builder().catalog(catalog).fnApiOnly(apiOnly).build());
        http = new TestHttp(emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private String app(String name) {
        return ok(http.send("POST", "/v2/apps", null, "{\"name\":\"" + name + "\"}")).path("id").asString();
    }

    private String fn(String appId, String name, String image, String config) {
        return ok(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"" + name
                + "\",\"image\":\"" + image + "\",\"config\":" + config + "}")).path("id").asString();
    }

    private void trigger(String appId, String fnId, String source) {
        ok(http.send("POST", "/v2/triggers", null, "{\"name\":\"t" + source.substring(1) + "\",\"app_id\":\""
                + appId + "\",\"fn_id\":\"" + fnId + "\",\"type\":\"http\",\"source\":\"" + source + "\"}"));
    }

    @Test
    void anAppWithoutConfigOrAnnotationsLeavesBothOut() {
        start(false);
        // fn-server-with-fn-cli.txt:593 (create answer) and :604 (list): {"id","name","created_at","updated_at"}
        JsonNode created = ok(http.send("POST", "/v2/apps", null, "{\"name\":\"app2\",\"config\":{}}"));
        JsonNode listed = ok(http.send("GET", "/v2/apps?name=app2", null, null)).path("items").get(0);
        JsonNode emptied = ok(http.send("PUT", "/v2/apps/" + created.path("id").asString(), null,
                "{\"config\":{\"A\":\"1\"}}"));
        JsonNode cleared = ok(http.send("PUT", "/v2/apps/" + created.path("id").asString(), null,
                "{\"config\":{\"A\":\"\"}}"));

        assertThat(created.has("config") || created.has("annotations")).isFalse();
        assertThat(listed.has("config") || listed.has("annotations")).isFalse();
        assertThat(emptied.path("config").path("A").asString()).isEqualTo("1");
        assertThat(cleared.has("config")).isFalse();
    }

    @Test
    void aFnWithoutConfigAnswersAnEmptyMapOnCreateAndNullOnEveryRead() {
        start(false);
        String appId = app("app2");
        // fn-server-with-fn-cli.txt:618: the create answer has "config":{}
        JsonNode created = ok(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId
                + "\",\"name\":\"hello\",\"image\":\"faasfed/samples:echo\"}"));
        String id = created.path("id").asString();

        // fn-server-with-fn-cli.txt:639: every later read has "config":null
        JsonNode listed = ok(http.send("GET", "/v2/fns?app_id=" + appId + "&name=hello", null, null))
                .path("items").get(0);
        JsonNode got = ok(http.send("GET", "/v2/fns/" + id, null, null));
        // models.Fn.Update: a patch without config leaves the stored nil map; one with a map makes it {}
        JsonNode patchedWithout = ok(http.send("PUT", "/v2/fns/" + id, null, "{\"memory\":256}"));
        JsonNode patchedWith = ok(http.send("PUT", "/v2/fns/" + id, null, "{\"config\":{\"K\":\"\"}}"));

        assertThat(created.path("config").isObject() && created.path("config").isEmpty()).isTrue();
        assertThat(listed.get("config").isNull()).isTrue();
        assertThat(got.get("config").isNull()).isTrue();
        assertThat(patchedWithout.get("config").isNull()).isTrue();
        assertThat(patchedWith.path("config").isObject() && patchedWith.path("config").isEmpty()).isTrue();
        assertThat(ok(http.send("GET", "/v2/fns/" + id, null, null)).get("config").isNull()).isTrue();
        assertThat(http.send("POST", "/invoke/" + id, null, "still runs").body()).isEqualTo("still runs");
    }

    @Test
    void aTriggerTurnsFnHttpStatusIntoTheStatusAndFnHttpHHeadersIntoHeaders() {
        start(false);
        String appId = app("faasfed");
        trigger(appId, fn(appId, "echo1", "test/fdk:teapot", "{\"fdk_response\":\"http\"}"), "/echo1");

        HttpResponse<String> response = http.send("POST", "/t/faasfed/echo1?status=418", null, "hi");

        // platform-errors.txt:93-100 and CONTRACTS.md:193: 418, Content-Type and Fn-Call-Id kept, X-Echofn
        // translated, every other FDK header (Fn-Fdk-Version, Fn-Http-*) dropped
        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.body()).isEqualTo("{\"teapot\":true}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Echofn")).hasValue("yes");
        assertThat(response.headers().firstValue("Fn-Call-Id")).isPresent();
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("fn-http")
                || name.equalsIgnoreCase("Fn-Fdk-Version"));
    }

    @Test
    void invokeOfTheSameFunctionTranslatesNothing() {
        start(false);
        String fnId = fn(app("faasfed"), "echo1", "test/fdk:teapot", "{\"fdk_response\":\"http\"}");

        HttpResponse<String> response = http.send("POST", "/invoke/" + fnId, null, "hi");

        // CONTRACTS.md:192: on /invoke Fn-Http-Status and Fn-Http-H-* are not translated; the FDK's headers pass
        // (fn-server-with-fn-cli.txt:684-690 shows Fn-Fdk-Version on an /invoke answer)
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Fn-Http-Status")).hasValue("418");
        assertThat(response.headers().firstValue("Fn-Http-H-X-Echofn")).hasValue("yes");
        assertThat(response.headers().firstValue("Fn-Fdk-Version")).hasValue("fdk-go/0.0.66");
        assertThat(response.headers().firstValue("X-Echofn")).isEmpty();
    }

    @Test
    void aFunctionsOwn5xxOnATriggerIs502UnlessItIs502Or504() {
        start(false);
        String appId = app("faasfed");
        for (String status : new String[] {"500", "503", "504", "404"}) {
            trigger(appId, fn(appId, "s" + status, "test/fdk:status", "{\"fdk_response\":\"http\",\"USER_STATUS\":\""
                    + status + "\"}"), "/s" + status);
        }

        // fnproject/fn runner_httptrigger.go triggerResponseWriter: 502/504 pass, the rest of 5xx is the service's
        assertThat(http.send("GET", "/t/faasfed/s500", null, null).statusCode()).isEqualTo(502);
        assertThat(http.send("GET", "/t/faasfed/s503", null, null).statusCode()).isEqualTo(502);
        assertThat(http.send("GET", "/t/faasfed/s504", null, null).statusCode()).isEqualTo(504);
        assertThat(http.send("GET", "/t/faasfed/s404", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theFdksOwnStatusIsHeldToTheContainerContract() {
        start(false);
        String appId = app("faasfed");
        String failed = fn(appId, "f502", "test/fdk:fdk-status", "{\"fdk_response\":\"http\",\"FDK_STATUS\":\"502\"}");
        String odd = fn(appId, "f201", "test/fdk:fdk-status", "{\"fdk_response\":\"http\",\"FDK_STATUS\":\"201\"}");
        String garbage = fn(appId, "garbage", "test/fdk:garbage", "{\"fdk_response\":\"http\"}");

        // CONTRACTS.md:192: an FDK 502 is "function failed", any other non-200 is a 502 too
        HttpResponse<String> functionFailed = http.send("POST", "/invoke/" + failed, null, "x");
        HttpResponse<String> invalid = http.send("POST", "/invoke/" + odd, null, "x");
        // platform-errors.txt:71-76: an answer the server cannot read
        HttpResponse<String> unreadable = http.send("POST", "/invoke/" + garbage, null, "x");

        assertThat(functionFailed.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(functionFailed).path("message").asString()).isEqualTo("function failed");
        assertThat(functionFailed.headers().firstValue("Fn-Call-Id")).isPresent();
        assertThat(invalid.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(invalid).path("message").asString()).isEqualTo("invalid function response");
        assertThat(unreadable.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(unreadable).path("message").asString())
                .isEqualTo("error receiving function response");
    }

    @Test
    void triggerRequestHeadersReachTheFunctionAsFnHttpH() {
        start(false);
        String appId = app("faasfed");
        trigger(appId, fn(appId, "env", "faasfed/samples:env", "{}"), "/env");

        HttpResponse<String> response = http.send(http.request("/t/faasfed/env").header("X-Test", "1")
                .header("Fn-Invoke-Type", "detached").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")));

        // CONTRACTS.md:193 and :205-206: headers arrive as Fn-Http-H-*, so Fn-Invoke-Type means nothing here
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().lines()).contains("Http_Fn_Http_H_X_Test=1",
                "Http_Fn_Http_H_Fn_Invoke_Type=detached", "Http_Content_Type=text/plain", "Http_Fn_Intent=httprequest")
                .noneMatch(line -> line.startsWith("Http_X_Test="));
    }

    @Test
    void anApiOnlyNodeHasNoCallRoutesButTheWholeManagementApi() {
        start(true);
        String appId = app("myapp");
        String fnId = fn(appId, "hello", "faasfed/samples:echo", "{\"GREETING\":\"hi\"}");
        trigger(appId, fnId, "/t1");

        HttpResponse<String> invoke = http.send("POST", "/invoke/" + fnId, null, "{\"name\":\"fed\"}");
        HttpResponse<String> viaTrigger = http.send("POST", "/t/myapp/t1", null, "x");

        // fn-server-with-fn-cli.txt:417-428 (API-only node): 404 {"message":"Path not found: POST /invoke/<id>"};
        // server.go bindHandlers registers /t and /invoke only on full and LB nodes
        assertThat(invoke.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(invoke).path("message").asString()).isEqualTo("Path not found: POST /invoke/" + fnId);
        assertThat(invoke.headers().firstValue("Fn-Call-Id")).isEmpty();
        assertThat(viaTrigger.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(viaTrigger).path("message").asString()).isEqualTo("Path not found: POST /t/myapp/t1");
        // fn-server-with-fn-cli.txt:185: the invoke endpoint is still announced on an API node
        assertThat(ok(http.send("GET", "/v2/fns/" + fnId, null, null)).path("annotations")
                .path("fnproject.io/fn/invokeEndpoint").asString()).endsWith("/invoke/" + fnId);
        assertThat(ok(http.send("GET", "/version", null, null)).path("version").asString()).isEqualTo("0.3.753");
    }

    @Test
    void aFullNodeAnswersUnknownFunctionsAndTriggersWithItsOwnMessages() {
        start(false);
        app("faasfed");

        // platform-errors.txt:50-69
        HttpResponse<String> noFn = http.send("POST", "/invoke/01AAAAAAAAAAAAAAAAAAAAAAAA", null, "x");
        assertThat(noFn.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(noFn).path("message").asString()).isEqualTo("Fn not found");
        assertThat(noFn.headers().firstValue("Fn-Call-Id")).isEmpty();
        assertThat(TestHttp.json(http.send("POST", "/t/noapp/x", null, "x")).path("message").asString())
                .isEqualTo("App not found");
        assertThat(TestHttp.json(http.send("POST", "/t/faasfed/nosuchtrigger", null, "x")).path("message")
                .asString()).isEqualTo("Trigger not found");
    }

    @Test
    void perPageThatIsNotANumberFallsBackTo30AndTheCallsApiIsABare410() {
        start(false);
        app("a");

        // fnproject/fn server.go pageParams: strconv.Atoi errors are ignored, 0 becomes 30; goneResponse writes no body
        assertThat(ok(http.send("GET", "/v2/apps?per_page=lots", null, null)).path("items")).hasSize(1);
        HttpResponse<String> gone = http.send("GET", "/v2/fns/abc/calls", null, null);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.body()).isEmpty();
    }

    // gin's RedirectTrailingSlash, on in the gin.New() engine of fnproject/fn server.go: in gin.go handleHTTPRequest a
    // path the method's own tree would take without its trailing slash (tsr) goes to redirectTrailingSlash and
    // redirectRequest, 301 for GET and 307 for any other method, Location = the URL without the slash (query kept;
    // Go's http.Redirect writes '<a href="...">Moved Permanently</a>.' for GET), before NoMethod and NoRoute answer.
    // DELETE has no /v2/apps route, so DELETE /v2/apps/ is NoRoute's 404.
    @Test
    void aPathThatMatchesOnlyWithoutItsTrailingSlashIsRedirectedAsGinDoes() {
        start(false);
        String appId = app("myapp");

        HttpResponse<String> list = http.send("GET", "/v2/apps/?per_page=1&name=a%26b", null, null);
        HttpResponse<String> create = http.send("POST", "/v2/apps/", null, "{\"name\":\"other\"}");
        HttpResponse<String> update = http.send("PUT", "/v2/apps/" + appId + "/", null, "{}");
        HttpResponse<String> delete = http.send("DELETE", "/v2/apps/", null, null);

        assertThat(list.statusCode()).isEqualTo(301);
        assertThat(list.headers().firstValue("Location")).hasValue("/v2/apps?per_page=1&name=a%26b");
        assertThat(list.body()).isEqualTo("<a href=\"/v2/apps?per_page=1&amp;name=a%26b\">Moved Permanently</a>.\n\n");
        assertThat(create.statusCode()).isEqualTo(307);
        assertThat(create.headers().firstValue("Location")).hasValue("/v2/apps");
        assertThat(update.statusCode()).isEqualTo(307);
        assertThat(update.headers().firstValue("Location")).hasValue("/v2/apps/" + appId);
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(delete).path("message").asString()).isEqualTo("Path not found: DELETE /v2/apps/");
        // a redirect runs nothing: the POST created no app
        assertThat(ok(http.send("GET", "/v2/apps", null, null)).path("items")).hasSize(1);
    }
}
