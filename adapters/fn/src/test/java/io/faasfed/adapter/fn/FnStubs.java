package io.faasfed.adapter.fn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.PlatformId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** WireMock stubs in the Fn server's real shapes (as in the recorded fn CLI exchanges). */
final class FnStubs {

    static final String APP = "faasfed";
    static final String APP_ID = "01M804PHVVR00040GZK8000001";
    static final String CREATED = "2026-11-21T22:47:46.408Z";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer wireMock;

    FnStubs(WireMockServer wireMock) {
        this.wireMock = wireMock;
    }

    static FnPlatform platform(String baseUrl, Duration timeout) {
        FnPlatformProperties properties = new FnPlatformProperties();
        properties.setUrl(java.net.URI.create(baseUrl));
        properties.setReadTimeout(timeout);
        properties.setApp(APP);
        return (FnPlatform) new FnPlatformFactory().create(PlatformId.of("fn"), properties);
    }

    static String fnId(String name) {
        return "01FN" + name.toUpperCase(java.util.Locale.ROOT);
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** An Fn function as the server answers it. */
    static Map<String, Object> fn(String id, String name, String image, Map<String, String> config,
                                  Map<String, Object> annotations) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("id", id);
        fn.put("name", name);
        fn.put("app_id", APP_ID);
        fn.put("image", image);
        fn.put("memory", 128);
        fn.put("timeout", 30);
        fn.put("idle_timeout", 30);
        fn.put("config", config);
        Map<String, Object> all = new LinkedHashMap<>(annotations);
        all.put("fnproject.io/fn/invokeEndpoint", "http://127.0.0.1:8080/invoke/" + id);
        fn.put("annotations", all);
        fn.put("created_at", CREATED);
        fn.put("updated_at", CREATED);
        return fn;
    }

    static Map<String, Object> fn(FunctionSpec spec) {
        return fn(fnId(spec.name()), spec.name(), spec.image(), spec.env(), new LinkedHashMap<>(spec.labels()));
    }

    static Map<String, Object> trigger(String name, String fnId, String source) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("id", "01TR" + name.toUpperCase(java.util.Locale.ROOT));
        trigger.put("name", name);
        trigger.put("app_id", APP_ID);
        trigger.put("fn_id", fnId);
        trigger.put("type", "http");
        trigger.put("source", source);
        trigger.put("annotations", Map.of("fnproject.io/trigger/httpEndpoint", "http://127.0.0.1:8080/t/" + APP
                + source));
        trigger.put("created_at", CREATED);
        trigger.put("updated_at", CREATED);
        return trigger;
    }

    static String items(List<?> items) {
        return items(items, null);
    }

    static String items(List<?> items, String nextCursor) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", new ArrayList<>(items));
        if (nextCursor != null) {
            page.put("next_cursor", nextCursor);
        }
        return json(page);
    }

    static String error(String message) {
        return json(Map.of("message", message));
    }

    /** {@code GET /v2/apps?name=faasfed} finds the app. */
    void app() {
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo(APP))
                .willReturn(okJson(items(List.of(Map.of("id", APP_ID, "name", APP, "created_at", CREATED,
                        "updated_at", CREATED))))));
    }

    /** {@code GET /v2/fns?app_id=&name=} finds {@code fn} (or nothing when null). */
    void lookup(String name, Map<String, Object> fn) {
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(APP_ID))
                .withQueryParam("name", equalTo(name))
                .willReturn(okJson(items(fn == null ? List.of() : List.of(fn)))));
    }

    /** {@code GET /v2/triggers?app_id=&fn_id=} lists {@code triggers}. */
    void triggers(String fnId, List<Map<String, Object>> triggers) {
        wireMock.stubFor(get(urlPathEqualTo("/v2/triggers")).withQueryParam("app_id", equalTo(APP_ID))
                .withQueryParam("fn_id", equalTo(fnId)).willReturn(okJson(items(triggers))));
    }

    /** The app, the function {@code name} and its HTTP trigger {@code /name} (plus {@code extraSources}). */
    void callable(String name, String... extraSources) {
        app();
        lookup(name, fn(fnId(name), name, "faasfed/samples:" + name, Map.of(), Map.of()));
        List<Map<String, Object>> triggers = new ArrayList<>();
        triggers.add(trigger(name, fnId(name), "/" + name));
        for (int i = 0; i < extraSources.length; i++) {
            triggers.add(trigger(name + "-" + i, fnId(name), extraSources[i]));
        }
        triggers(fnId(name), triggers);
    }

    /** The app and the function {@code name}, without any trigger. */
    void callableWithoutTrigger(String name) {
        app();
        lookup(name, fn(fnId(name), name, "faasfed/samples:" + name, Map.of(), Map.of()));
        triggers(fnId(name), List.of());
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fnError(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(error(message));
    }
}
