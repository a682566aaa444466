package io.faasfed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Same-named functions in two scopes of each platform, through the gateway over real HTTP: OpenFaaS {@code echo} in
 * its default namespace and in {@code dev}, OpenWhisk {@code x} and {@code pkg/x}, Fn {@code wc} in the default app
 * and in app {@code team}. Calls, listing, scaling and deletes each reach exactly the placement they name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@AutoConfigureMetrics
class ScopedPlacementsIntegrationTest {

    private static final PlatformStubs STUBS = new PlatformStubs();
    private static final String TEAM_APP_ID = "01APPTEAM00000000000000000";
    private static final String ACTIONS = "/api/v1/namespaces/_/actions/";

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        for (String property : STUBS.gatewayProperties()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
        registry.add("faasfed.platforms.openfaas.provider", () -> "faasd");
        registry.add("faasfed.platforms.openfaas.all-namespaces", () -> "true");
        registry.add("faasfed.platforms.fn.apps[0]", () -> "team");
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("faasfed.invoke.timeout", () -> "5s");
        registry.add("faasfed.default-platform", () -> "openfaas");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformsHoldTwins() {
        STUBS.openfaas.resetAll();
        STUBS.fn.resetAll();
        STUBS.openwhisk.resetAll();
        openfaas();
        openwhisk();
        fn();
        discovery.syncAll().block(Duration.ofSeconds(20));
    }

    // ---- OpenFaaS: echo in openfaas-fn and in dev ---------------------------------------------------------------

    @Test
    void openFaasEchoDotDevRunsTheDevNamespacesEchoNotTheDefaultOne() {
        call("/function/echo").expectBody(String.class).isEqualTo("echo in openfaas-fn");
        call("/function/echo.openfaas-fn").expectBody(String.class).isEqualTo("echo in openfaas-fn");
        call("/function/echo.dev").expectBody(String.class).isEqualTo("echo in dev");
        STUBS.openfaas.verify(postRequestedFor(urlEqualTo("/function/echo.dev")));
    }

    @Test
    void aScopeTheRegistryDoesNotKnowYetIsLookedForOnThePlatforms() {
        // echo is known in openfaas-fn and dev; a function echo created in namespace qa since the last discovery
        // pass is found on the first call (before: 404 until the next pass, as the name was known)
        STUBS.openfaas.stubFor(get(urlEqualTo("/system/function/echo?namespace=qa")).willReturn(okJson(
                "{\"name\":\"echo\",\"image\":\"faasfed/samples:echo-qa\",\"namespace\":\"qa\",\"labels\":{},"
                        + "\"annotations\":{},\"replicas\":1,\"availableReplicas\":1}")));
        STUBS.openfaas.stubFor(any(urlPathMatching("/function/echo\\.qa(/.*)?")).willReturn(aResponse()
                .withStatus(200).withHeader("X-Duration-Seconds", "0.001").withBody("echo in qa")));

        call("/function/echo.qa").expectBody(String.class).isEqualTo("echo in qa");
        call("/function/echo").expectBody(String.class).isEqualTo("echo in openfaas-fn");
    }

    @Test
    void openFaasDeleteAndScaleHonourTheBodysNamespace() {
        system(HttpMethodSpec.POST, "/system/scale-function/echo",
                "{\"serviceName\":\"echo\",\"replicas\":2,\"namespace\":\"dev\"}").expectStatus().isAccepted();
        STUBS.openfaas.verify(postRequestedFor(urlEqualTo("/system/scale-function/echo"))
                .withRequestBody(equalToJson("{\"serviceName\":\"echo\",\"replicas\":2,\"namespace\":\"dev\"}")));

        system(HttpMethodSpec.DELETE, "/system/functions", "{\"functionName\":\"echo\",\"namespace\":\"dev\"}")
                .expectStatus().isAccepted();
        STUBS.openfaas.verify(1, deleteRequestedFor(urlEqualTo("/system/functions"))
                .withRequestBody(equalToJson("{\"functionName\":\"echo\",\"namespace\":\"dev\"}")));
        STUBS.openfaas.verify(0, deleteRequestedFor(urlEqualTo("/system/functions"))
                .withRequestBody(equalToJson("{\"functionName\":\"echo\"}")));
        call("/function/echo").expectBody(String.class).isEqualTo("echo in openfaas-fn");
    }

    // ---- OpenWhisk: x and pkg/x -----------------------------------------------------------------------------

    @Test
    void openWhiskXDotPkgRunsThePackagedActionAndXTheDefaultPackagesOne() {
        call("/function/x").expectBody().jsonPath("$.from").isEqualTo("default package");
        call("/function/x.pkg").expectBody().jsonPath("$.from").isEqualTo("pkg");
        call("/function/x.guest").expectBody().jsonPath("$.from").isEqualTo("default package");
        call("/function/only").expectBody().jsonPath("$.from").isEqualTo("pkg only");
    }

    @Test
    void openWhiskDeleteWithANamespaceDeletesThePackagedActionOnly() {
        system(HttpMethodSpec.DELETE, "/system/functions", "{\"functionName\":\"x\",\"namespace\":\"pkg\"}")
                .expectStatus().isAccepted();
        STUBS.openwhisk.verify(1, deleteRequestedFor(urlPathEqualTo(ACTIONS + "pkg/x")));
        STUBS.openwhisk.verify(0, deleteRequestedFor(urlPathEqualTo(ACTIONS + "x")));
        call("/function/x").expectBody().jsonPath("$.from").isEqualTo("default package");
    }

    // ---- Fn: wc in the default app and in app team ------------------------------------------------------------

    @Test
    void fnWcDotTeamRunsTheTeamAppsFunction() {
        call("/function/wc").expectBody(String.class).isEqualTo("wc in faasfed");
        call("/function/wc.team").expectBody(String.class).isEqualTo("wc in team");
        call("/function/wc.faasfed").expectBody(String.class).isEqualTo("wc in faasfed");
    }

    @Test
    void fnDeleteWithANamespaceDeletesTheTeamAppsFunctionById() {
        system(HttpMethodSpec.DELETE, "/system/functions", "{\"functionName\":\"wc\",\"namespace\":\"team\"}")
                .expectStatus().isAccepted();
        STUBS.fn.verify(1, deleteRequestedFor(urlPathEqualTo("/v2/fns/01FNWCTEAM")));
        STUBS.fn.verify(0, deleteRequestedFor(urlPathEqualTo("/v2/fns/" + PlatformStubs.fnId("wc"))));
        call("/function/wc").expectBody(String.class).isEqualTo("wc in faasfed");
    }

    // ---- one rule for each platform's default scope --------------------------------------------------------

    @Test
    void theDefaultNamespaceListsEveryPlatformsDefaultScopeUnderOneName() {
        system(HttpMethodSpec.GET, "/system/functions?namespace=openfaas-fn", null).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[?(@.name=='echo')].namespace").isEqualTo("openfaas-fn")
                .jsonPath("$[?(@.name=='wc')].namespace").isEqualTo("openfaas-fn")
                .jsonPath("$[?(@.name=='x')].namespace").isEqualTo("openfaas-fn");
        system(HttpMethodSpec.GET, "/system/functions?namespace=team", null).expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].name").isEqualTo("wc")
                .jsonPath("$[0].namespace").isEqualTo("team");
        system(HttpMethodSpec.GET, "/system/functions?namespace=pkg", null).expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[?(@.name=='only')].namespace").isEqualTo("pkg");
        system(HttpMethodSpec.GET, "/system/function/x?namespace=pkg", null).expectStatus().isOk().expectBody()
                .jsonPath("$.namespace").isEqualTo("pkg");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private WebTestClient.ResponseSpec call(String path) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk();
    }

    private enum HttpMethodSpec { GET, POST, DELETE }

    private WebTestClient.ResponseSpec system(HttpMethodSpec method, String path, String body) {
        String auth = "Basic " + Base64.getEncoder().encodeToString("testadmin0:T3st-Adm1n-S3cret-0123456789abcdefghijklmno".getBytes());
        return switch (method) {
            case GET -> client.get().uri(path).header(HttpHeaders.AUTHORIZATION, auth).exchange();
            case POST -> client.post().uri(path).header(HttpHeaders.AUTHORIZATION, auth)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
            case DELETE -> client.method(org.springframework.http.HttpMethod.DELETE).uri(path)
                    .header(HttpHeaders.AUTHORIZATION, auth).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange();
        };
    }

    private static void openfaas() {
        WireMockServer openfaas = STUBS.openfaas;
        openfaas.stubFor(get(urlEqualTo("/healthz")).willReturn(aResponse().withStatus(200).withBody("OK")));
        openfaas.stubFor(get(urlEqualTo("/system/info")).willReturn(okJson("{\"provider\":{\"provider\":"
                + "\"faasd\",\"orchestration\":\"containerd\"}}")));
        openfaas.stubFor(get(urlEqualTo("/system/namespaces")).willReturn(okJson("[\"openfaas-fn\",\"dev\"]")));
        for (String ns : new String[] {"openfaas-fn", "dev"}) {
            String status = "{\"name\":\"echo\",\"image\":\"faasfed/samples:echo-" + ns + "\",\"namespace\":\"" + ns
                    + "\",\"labels\":{},\"annotations\":{},\"replicas\":1,\"availableReplicas\":1}";
            openfaas.stubFor(get(urlEqualTo("/system/functions?namespace=" + ns)).willReturn(okJson("[" + status
                    + "]")));
            openfaas.stubFor(get(urlEqualTo("/system/function/echo?namespace=" + ns)).willReturn(okJson(status)));
        }
        openfaas.stubFor(any(urlPathMatching("/function/echo(/.*)?")).willReturn(aResponse().withStatus(200)
                .withHeader("X-Duration-Seconds", "0.001").withBody("echo in openfaas-fn")));
        openfaas.stubFor(any(urlPathMatching("/function/echo\\.openfaas-fn(/.*)?")).willReturn(aResponse()
                .withStatus(200).withHeader("X-Duration-Seconds", "0.001").withBody("echo in openfaas-fn")));
        openfaas.stubFor(any(urlPathMatching("/function/echo\\.dev(/.*)?")).willReturn(aResponse().withStatus(200)
                .withHeader("X-Duration-Seconds", "0.001").withBody("echo in dev")));
        openfaas.stubFor(delete(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        openfaas.stubFor(post(urlEqualTo("/system/scale-function/echo")).willReturn(aResponse().withStatus(202)));
    }

    private static void openwhisk() {
        WireMockServer openwhisk = STUBS.openwhisk;
        openwhisk.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200).withBody("pong")));
        openwhisk.stubFor(get(urlEqualTo("/api/v1")).willReturn(okJson("{\"api_version\":\"1.0.0\"}")));
        openwhisk.stubFor(get(urlEqualTo("/api/v1/namespaces")).willReturn(okJson("[\"guest\"]")));
        openwhisk.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions")).willReturn(okJson("["
                + action("guest", "x") + "," + action("guest/pkg", "x") + "," + action("guest/pkg", "only") + "]")));
        for (String[] entry : new String[][] {{"x", "guest", "default package"}, {"pkg/x", "guest/pkg", "pkg"},
                {"pkg/only", "guest/pkg", "pkg only"}}) {
            String name = entry[0].substring(entry[0].indexOf('/') + 1);
            openwhisk.stubFor(get(urlPathEqualTo(ACTIONS + entry[0])).willReturn(okJson(action(entry[1], name))));
            openwhisk.stubFor(post(urlPathEqualTo(ACTIONS + entry[0])).withQueryParam("blocking", equalTo("true"))
                    .willReturn(okJson("{\"from\":\"" + entry[2] + "\"}")
                            .withHeader("x-openwhisk-activation-id", "act" + name)));
            openwhisk.stubFor(delete(urlPathEqualTo(ACTIONS + entry[0])).willReturn(okJson(action(entry[1], name))));
        }
    }

    private static String action(String namespace, String name) {
        return "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\",\"version\":\"0.0.1\","
                + "\"publish\":false,\"exec\":{\"kind\":\"nodejs:20\",\"binary\":false},\"annotations\":[{\"key\":"
                + "\"exec\",\"value\":\"nodejs:20\"}],\"parameters\":[],\"limits\":{\"timeout\":60000,"
                + "\"memory\":256,\"logs\":10,\"concurrency\":1},\"updated\":1700000000000}";
    }

    private static void fn() {
        WireMockServer fn = STUBS.fn;
        fn.stubFor(get(urlPathEqualTo("/version")).willReturn(okJson("{\"version\":\"0.3.753\"}")));
        fn.stubFor(get(urlPathEqualTo("/v2/apps")).willReturn(okJson("{\"items\":[{\"id\":\""
                + PlatformStubs.FN_APP_ID + "\",\"name\":\"faasfed\"}]}")));
        fn.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo("team"))
                .willReturn(okJson("{\"items\":[{\"id\":\"" + TEAM_APP_ID + "\",\"name\":\"team\"}]}")));
        for (String[] app : new String[][] {{PlatformStubs.FN_APP_ID, PlatformStubs.fnId("wc"), "faasfed"},
                {TEAM_APP_ID, "01FNWCTEAM", "team"}}) {
            String function = "{\"id\":\"" + app[1] + "\",\"name\":\"wc\",\"app_id\":\"" + app[0] + "\","
                    + "\"image\":\"faasfed/samples:wc-" + app[2] + "\",\"memory\":128,\"timeout\":30,"
                    + "\"idle_timeout\":30,\"config\":{},\"annotations\":{}}";
            fn.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(app[0]))
                    .willReturn(okJson("{\"items\":[" + function + "]}")));
            fn.stubFor(get(urlPathEqualTo("/v2/fns/" + app[1])).willReturn(okJson(function)));
            fn.stubFor(delete(urlPathEqualTo("/v2/fns/" + app[1])).willReturn(aResponse().withStatus(204)));
            fn.stubFor(get(urlPathEqualTo("/v2/triggers")).withQueryParam("app_id", equalTo(app[0]))
                    .withQueryParam("fn_id", equalTo(app[1]))
                    .willReturn(okJson("{\"items\":[{\"id\":\"01TR" + app[2].toUpperCase(java.util.Locale.ROOT)
                            + "\",\"name\":\"wc\",\"app_id\":\"" + app[0] + "\",\"fn_id\":\"" + app[1]
                            + "\",\"type\":\"http\",\"source\":\"/wc\"}]}")));
            fn.stubFor(any(urlPathMatching("/t/" + app[2] + "/wc(/.*)?")).willReturn(aResponse().withStatus(200)
                    .withHeader("Fn-Call-Id", "01CALL" + app[2]).withBody("wc in " + app[2])));
        }
    }
}
