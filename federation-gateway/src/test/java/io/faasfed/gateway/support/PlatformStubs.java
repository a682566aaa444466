package io.faasfed.gateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * WireMock servers standing in for one OpenFaaS gateway, one Fn server and one OpenWhisk controller, answering in
 * each platform's own shapes (CONTRACTS.md and the recorded exchanges), for the gateway's integration tests.
 */
public final class PlatformStubs implements AutoCloseable {

    /** The OpenFaaS admin password the stubs require. */
    public static final String OPENFAAS_PASSWORD = "secret123";
    /** The OpenWhisk auth key ({@code uuid:key}). */
    public static final String OPENWHISK_UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    /** The OpenWhisk key. */
    public static final String OPENWHISK_KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    /** The Fn app the gateway keeps its functions in. */
    public static final String FN_APP = "faasfed";
    /** The Fn app's id. */
    public static final String FN_APP_ID = "01APPFAASFED0000000000000";

    /** The stand-in OpenFaaS gateway. */
    public final WireMockServer openfaas = start();
    /** The stand-in Fn server. */
    public final WireMockServer fn = start();
    /** The stand-in OpenWhisk controller. */
    public final WireMockServer openwhisk = start();

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort());
        server.start();
        return server;
    }

    /** Spring properties that configure the gateway with the three platforms. */
    public String[] gatewayProperties() {
        return new String[] {
            "faasfed.platforms.openfaas.type=openfaas",
            "faasfed.platforms.openfaas.url=" + openfaas.baseUrl(),
            "faasfed.platforms.openfaas.password=" + OPENFAAS_PASSWORD,
            "faasfed.platforms.openfaas.priority=10",
            "faasfed.platforms.fn.type=fn",
            "faasfed.platforms.fn.url=" + fn.baseUrl(),
            "faasfed.platforms.fn.app=" + FN_APP,
            "faasfed.platforms.fn.priority=20",
            "faasfed.platforms.openwhisk.type=openwhisk",
            "faasfed.platforms.openwhisk.url=" + openwhisk.baseUrl(),
            "faasfed.platforms.openwhisk.username=" + OPENWHISK_UUID,
            "faasfed.platforms.openwhisk.password=" + OPENWHISK_KEY,
            "faasfed.platforms.openwhisk.priority=30",
        };
    }

    /** Registers {@link #gatewayProperties()} and the usual test settings of a Spring test of the gateway. */
    public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        for (String property : gatewayProperties()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("faasfed.default-platform", () -> "openfaas");
    }

    // ---- OpenFaaS -------------------------------------------------------------------------------------------

    /** Healthy OpenFaaS listing {@code functions} (each "name" or "name:label=value"). */
    public void openfaasHealthyWith(String... functions) {
        openfaas.stubFor(get(urlEqualTo("/healthz")).willReturn(aResponse().withStatus(200).withBody("OK")));
        openfaas.stubFor(get(urlEqualTo("/system/info")).willReturn(okJson("{\"provider\":{\"provider\":"
                + "\"faas-swarm\",\"orchestration\":\"swarm\",\"version\":{\"sha\":\"\",\"release\":\"0.9\"}},"
                + "\"version\":{\"sha\":\"\",\"release\":\"0.27.12\"},\"arch\":\"x86_64\"}")));
        openfaasList(functions);
        for (String function : functions) {
            String name = function.split(":")[0];
            openfaas.stubFor(get(urlPathEqualTo("/system/function/" + name))
                    .willReturn(okJson(openfaasStatus(function))));
        }
    }

    /** OpenFaaS lists exactly {@code functions}. */
    public StubMapping openfaasList(String... functions) {
        return openfaas.stubFor(get(urlPathEqualTo("/system/functions")).willReturn(okJson(List.of(functions)
                .stream().map(PlatformStubs::openfaasStatus).collect(Collectors.joining(",", "[", "]")))));
    }

    /** OpenFaaS' {@code /function/name} answers {@code body}. */
    public void openfaasFunction(String name, int status, String body) {
        openfaas.stubFor(any(urlPathMatching("/function/" + name + "(\\.[a-z0-9-]+)?(/.*)?"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/plain")
                        .withHeader("X-Duration-Seconds", "0.001").withBody(body)));
    }

    /** OpenFaaS' {@code /function/name} answers with {@code response}. */
    public void openfaasFunction(String name, ResponseDefinitionBuilder response) {
        openfaas.stubFor(any(urlPathMatching("/function/" + name + "(\\.[a-z0-9-]+)?(/.*)?")).willReturn(response));
    }

    /** The Basic auth header OpenFaaS expects. */
    public static String openfaasAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + OPENFAAS_PASSWORD).getBytes());
    }

    static String openfaasStatus(String function) {
        String[] parts = function.split(":");
        String labels = parts.length > 1 ? "{\"" + parts[1].split("=")[0] + "\":\"" + parts[1].split("=")[1] + "\"}"
                : "{}";
        return "{\"name\":\"" + parts[0] + "\",\"image\":\"faasfed/samples:" + parts[0] + "\",\"namespace\":"
                + "\"openfaas-fn\",\"envProcess\":\"cat\",\"labels\":" + labels + ",\"annotations\":{},"
                + "\"replicas\":1,\"availableReplicas\":1,\"invocationCount\":0,"
                + "\"createdAt\":\"2026-11-21T22:46:33Z\"}";
    }

    // ---- Fn -------------------------------------------------------------------------------------------------

    /** A healthy Fn server whose app holds {@code functions} (each "name" or "name:label=value"), with triggers. */
    public void fnHealthyWith(String... functions) {
        fn.stubFor(get(urlPathEqualTo("/version")).willReturn(okJson("{\"version\":\"0.3.753\"}")));
        fn.stubFor(get(urlPathEqualTo("/v2/apps")).willReturn(okJson("{\"items\":[{\"id\":\"" + FN_APP_ID
                + "\",\"name\":\"" + FN_APP + "\"}]}")));
        fn.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(FN_APP_ID))
                .willReturn(okJson(List.of(functions).stream().map(PlatformStubs::fnFunction)
                        .collect(Collectors.joining(",", "{\"items\":[", "]}")))));
        for (String function : functions) {
            String name = function.split(":")[0];
            fn.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(FN_APP_ID))
                    .withQueryParam("name", equalTo(name))
                    .willReturn(okJson("{\"items\":[" + fnFunction(function) + "]}")));
            fn.stubFor(get(urlPathEqualTo("/v2/fns/" + fnId(name))).willReturn(okJson(fnFunction(function))));
            fn.stubFor(get(urlPathEqualTo("/v2/triggers")).withQueryParam("app_id", equalTo(FN_APP_ID))
                    .withQueryParam("fn_id", equalTo(fnId(name)))
                    .willReturn(okJson("{\"items\":[{\"id\":\"01TR" + name.toUpperCase(Locale.ROOT)
                            + "\",\"name\":\"" + name + "\",\"app_id\":\"" + FN_APP_ID + "\",\"fn_id\":\""
                            + fnId(name) + "\",\"type\":\"http\",\"source\":\"/" + name + "\"}]}")));
        }
    }

    /** Fn's trigger of {@code name} answers {@code body} with an {@code Fn-Call-Id}. */
    public void fnFunction(String name, int status, String body) {
        fn.stubFor(any(urlPathMatching("/t/" + FN_APP + "/" + name + "(/.*)?")).willReturn(aResponse()
                .withStatus(status).withHeader("Content-Type", "text/plain").withHeader("Fn-Call-Id", "01FNCALL")
                .withBody(body)));
    }

    /** Fn's function id for {@code name}. */
    public static String fnId(String name) {
        return "01FN" + name.toUpperCase(Locale.ROOT).replace('-', '0');
    }

    static String fnFunction(String function) {
        String[] parts = function.split(":");
        String annotations = parts.length > 1 ? "{\"" + parts[1].split("=")[0] + "\":\"" + parts[1].split("=")[1]
                + "\"}" : "{}";
        return "{\"id\":\"" + fnId(parts[0]) + "\",\"name\":\"" + parts[0] + "\",\"app_id\":\"" + FN_APP_ID
                + "\",\"image\":\"faasfed/samples:" + parts[0] + "\",\"memory\":128,\"timeout\":30,"
                + "\"idle_timeout\":30,\"config\":{},\"annotations\":" + annotations + ","
                + "\"created_at\":\"2026-11-21T22:47:46.408Z\",\"updated_at\":\"2026-11-21T22:47:46.408Z\"}";
    }

    // ---- OpenWhisk ------------------------------------------------------------------------------------------

    /** A healthy controller holding the plain (non-web) actions {@code names}. */
    public void openwhiskHealthyWith(String... names) {
        openwhisk.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200).withBody("pong")));
        openwhisk.stubFor(get(urlEqualTo("/api/v1")).willReturn(okJson("{\"description\":\"OpenWhisk API\","
                + "\"api_version\":\"1.0.0\",\"api_version_path\":\"v1\",\"runtimes\":{\"nodejs\":[{\"kind\":"
                + "\"nodejs:20\",\"default\":true}]}}")));
        openwhisk.stubFor(get(urlEqualTo("/api/v1/namespaces")).willReturn(okJson("[\"guest\"]")));
        openwhisk.stubFor(get(urlEqualTo("/invokers/ready")).willReturn(okJson("{\"healthy\":\"1/1\"}")));
        openwhiskList(names);
        for (String name : names) {
            openwhisk.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/" + name))
                    .willReturn(okJson(openwhiskAction(name))));
        }
    }

    /** The controller lists exactly {@code names}. */
    public StubMapping openwhiskList(String... names) {
        return openwhisk.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions")).willReturn(okJson(List.of(names)
                .stream().map(name -> "{\"namespace\":\"guest\",\"name\":\"" + name + "\",\"version\":\"0.0.1\","
                        + "\"publish\":false,\"annotations\":[{\"key\":\"exec\",\"value\":\"nodejs:20\"}],"
                        + "\"limits\":{\"timeout\":60000,\"memory\":256,\"logs\":10,\"concurrency\":1},"
                        + "\"exec\":{\"binary\":false},\"updated\":1700000000000}")
                .collect(Collectors.joining(",", "[", "]")))));
    }

    /** A blocking call of {@code name} returns {@code resultJson} with an activation id. */
    public void openwhiskResult(String name, String resultJson) {
        openwhisk.stubFor(post(urlPathEqualTo("/api/v1/namespaces/_/actions/" + name))
                .withQueryParam("blocking", equalTo("true"))
                .willReturn(okJson(resultJson).withHeader("x-openwhisk-activation-id", "0a1b2c3d4e5f")));
    }

    static String openwhiskAction(String name) {
        return "{\"namespace\":\"guest\",\"name\":\"" + name + "\",\"version\":\"0.0.1\",\"publish\":false,"
                + "\"exec\":{\"kind\":\"nodejs:20\",\"binary\":false},\"annotations\":[{\"key\":\"exec\","
                + "\"value\":\"nodejs:20\"}],\"parameters\":[],\"limits\":{\"timeout\":60000,\"memory\":256,"
                + "\"logs\":10,\"concurrency\":1},\"updated\":1700000000000}";
    }

    @Override
    public void close() {
        openfaas.stop();
        fn.stop();
        openwhisk.stop();
    }
}
