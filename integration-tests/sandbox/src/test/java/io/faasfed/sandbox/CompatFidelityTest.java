package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.SandboxPlatforms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenFaaS-compatible API keeps what tools send and shows what is live: create-on-existing, limits and requests
 * as written, live describe, integer invocation counts, alerts from the live replica count, namespace get. Against
 * the sandbox's emulators, with the OpenFaaS platform set to the default provider (Swarm units) and discovery
 * effectively off (1 h), so that only live reads can see changes made on a platform directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatFidelityTest {


    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private FaasfedSandbox sandbox;

    @BeforeAll
    void start() {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.discovery.interval=1h",
                "--faasfed.platforms.openfaas.provider=swarm", "--faasfed.compat.status-cache-ttl=0s");
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private HttpResponse<String> send(String method, String url, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "faas-cli/0.17.6");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> gateway(String method, String path, String body) throws Exception {
        return send(method, sandbox.gatewayUrl() + path, sandbox.basicAuthorization(), body);
    }

    /** A call to the OpenFaaS emulator itself, behind the gateway's back. */
    private HttpResponse<String> openFaas(String method, String path, String body) throws Exception {
        return send(method, sandbox.platforms().openFaas().baseUrl() + path,
                SandboxPlatforms.OPENFAAS_CREDENTIALS.basicHeader(), body);
    }

    private JsonNode describe(String name) throws Exception {
        HttpResponse<String> response = gateway("GET", "/system/function/" + name + "?usage=1", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    @Order(1)
    void createOnAnExistingNameIs409NamingThePlatformThatHasIt() throws Exception {
        HttpResponse<String> sameName = gateway("POST", "/system/functions",
                "{\"service\":\"uppercase\",\"image\":\"other:9\",\"labels\":{},\"annotations\":{}}");
        assertThat(sameName.statusCode()).isEqualTo(409);
        assertThat(sameName.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(sameName.body()).path("detail").asString()).contains("'openfaas'");
        assertThat(json.readTree(openFaas("GET", "/system/function/uppercase", null).body())
                .path("image").asString()).isEqualTo("faasfed/samples:uppercase");

        HttpResponse<String> elsewhere = gateway("POST", "/system/functions",
                "{\"service\":\"greet\",\"image\":\"other:9\",\"labels\":{},\"annotations\":{}}");
        assertThat(elsewhere.statusCode()).isEqualTo(409);
        assertThat(json.readTree(elsewhere.body()).path("detail").asString()).contains("'openwhisk'");
        assertThat(openFaas("GET", "/system/function/greet", null).statusCode()).isEqualTo(404);

        assertThat(gateway("PUT", "/system/functions", "{\"service\":\"brand-new\",\"image\":\"x:1\"}").statusCode())
                .isEqualTo(404);
        assertThat(gateway("PUT", "/system/functions",
                "{\"service\":\"uppercase\",\"image\":\"faasfed/samples:uppercase\",\"labels\":{\"v\":\"2\"}}")
                .statusCode()).isEqualTo(202);
    }

    @Test
    @Order(2)
    void limitsAndRequestsReachOpenFaasAsWrittenAndDescribeShowsThemAsItReports() throws Exception {
        String deployment = "{\"service\":\"keeper\",\"image\":\"x:1\",\"envProcess\":\"cat\",\"labels\":{\"team\":\"a\"},"
                + "\"annotations\":{},\"secrets\":[\"s1\"],\"constraints\":[\"node.role==worker\"],"
                + "\"limits\":{\"memory\":\"128Mi\",\"cpu\":\"500m\"},\"requests\":{\"memory\":\"64Mi\",\"cpu\":\"100m\"},"
                + "\"readOnlyRootFilesystem\":true}";
        // A provider refuses a deployment naming a secret it does not have (faas-netes deploy.go: 400 "unable to
        // fetch secrets"), so the secret is made on the platform first, as faas-cli secret create does.
        assertThat(openFaas("POST", "/system/secrets", "{\"name\":\"s1\",\"value\":\"abc\"}").statusCode())
                .isEqualTo(201);
        assertThat(gateway("POST", "/system/functions", deployment).statusCode()).isEqualTo(202);

        JsonNode onPlatform = json.readTree(openFaas("GET", "/system/function/keeper", null).body());
        assertThat(onPlatform.path("limits").path("cpu").asString()).isEqualTo("500m");
        assertThat(onPlatform.path("limits").path("memory").asString()).isEqualTo("128Mi");
        assertThat(onPlatform.path("requests").path("cpu").asString()).isEqualTo("100m");
        assertThat(onPlatform.path("requests").path("memory").asString()).isEqualTo("64Mi");
        assertThat(onPlatform.path("readOnlyRootFilesystem").asBoolean()).isTrue();

        HttpResponse<String> described = gateway("GET", "/system/function/keeper", null);
        assertThat(described.headers().firstValue("X-Faasfed-Platform")).contains("openfaas");
        JsonNode status = json.readTree(described.body());
        assertThat(status.path("limits").path("cpu").asString()).isEqualTo("500m");
        assertThat(status.path("limits").path("memory").asString()).isEqualTo("128Mi");
        assertThat(status.path("requests").path("cpu").asString()).isEqualTo("100m");
        assertThat(status.path("requests").path("memory").asString()).isEqualTo("64Mi");
        assertThat(status.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(status.path("secrets").toString()).isEqualTo("[\"s1\"]");
        assertThat(status.path("constraints").toString()).isEqualTo("[\"node.role==worker\"]");
        assertThat(status.path("labels").has("faasfed.platform")).isFalse();

        HttpResponse<String> list = gateway("GET", "/system/functions", null);
        JsonNode listed = null;
        for (JsonNode entry : json.readTree(list.body())) {
            if (entry.path("name").asString().equals("keeper")) {
                listed = entry;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("limits").path("cpu").asString()).isEqualTo("500m");
        assertThat(listed.path("labels").has("faasfed.platform")).isFalse();
    }

    @Test
    @Order(3)
    void describeIsLiveAfterAScaleAndAfterAChangeOnThePlatform() throws Exception {
        assertThat(gateway("POST", "/system/functions", "{\"service\":\"scaler\",\"image\":\"x:1\","
                + "\"envProcess\":\"cat\"}").statusCode()).isEqualTo(202);
        assertThat(describe("scaler").path("replicas").asLong()).isEqualTo(1);

        assertThat(gateway("POST", "/system/scale-function/scaler", "{\"serviceName\":\"scaler\",\"replicas\":3}")
                .statusCode()).isEqualTo(202);
        assertThat(describe("scaler").path("replicas").asLong()).isEqualTo(3);
        assertThat(describe("scaler").path("availableReplicas").asLong()).isEqualTo(3);

        assertThat(openFaas("POST", "/system/scale-function/scaler", "{\"serviceName\":\"scaler\",\"replicas\":2}")
                .statusCode()).isEqualTo(202);
        assertThat(openFaas("PUT", "/system/functions", "{\"service\":\"scaler\",\"image\":\"x:2\","
                + "\"envProcess\":\"cat\",\"labels\":{\"changed\":\"on-the-platform\"}}").statusCode()).isEqualTo(202);
        JsonNode live = describe("scaler");
        assertThat(live.path("replicas").asLong()).isEqualTo(2);
        assertThat(live.path("image").asString()).isEqualTo("x:2");
        assertThat(live.path("labels").path("changed").asString()).isEqualTo("on-the-platform");
    }

    @Test
    @Order(4)
    void invocationCountIsAnIntegerAndRestartsAfterDeleteAndRecreate() throws Exception {
        String deployment = "{\"service\":\"counter\",\"image\":\"x:1\",\"envProcess\":\"cat\"}";
        assertThat(gateway("POST", "/system/functions", deployment).statusCode()).isEqualTo(202);
        for (int i = 0; i < 2; i++) {
            assertThat(send("POST", sandbox.gatewayUrl() + "/function/counter", sandbox.bearerAuthorization(), "hi").statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> described = gateway("GET", "/system/function/counter", null);
        assertThat(described.body()).contains("\"invocationCount\":2").doesNotContain("\"invocationCount\":2.0");
        assertThat(gateway("GET", "/system/functions", null).body()).doesNotContainPattern("\"invocationCount\":\\d+\\.");

        assertThat(gateway("DELETE", "/system/functions", "{\"functionName\":\"counter\"}").statusCode())
                .isEqualTo(202);
        assertThat(gateway("POST", "/system/functions", deployment).statusCode()).isEqualTo(202);
        assertThat(describe("counter").path("invocationCount").asLong()).isZero();
    }

    @Test
    @Order(5)
    void anAlertScalesFromTheLiveReplicaCountWithTheFunctionsScalingLabels() throws Exception {
        assertThat(gateway("POST", "/system/functions", "{\"service\":\"alerted\",\"image\":\"x:1\","
                + "\"envProcess\":\"cat\",\"labels\":{\"com.openfaas.scale.min\":\"1\","
                + "\"com.openfaas.scale.max\":\"5\",\"com.openfaas.scale.factor\":\"20\"}}").statusCode())
                .isEqualTo(202);
        assertThat(openFaas("POST", "/system/scale-function/alerted", "{\"serviceName\":\"alerted\",\"replicas\":3}")
                .statusCode()).isEqualTo(202);

        HttpResponse<String> alert = gateway("POST", "/system/alert", "{\"status\":\"firing\",\"alerts\":[{"
                + "\"status\":\"firing\",\"labels\":{\"alertname\":\"APIHighInvocationRate\","
                + "\"function_name\":\"alerted\"}}]}");
        assertThat(alert.statusCode()).as(alert.body()).isEqualTo(200);
        assertThat(json.readTree(openFaas("GET", "/system/function/alerted", null).body()).path("replicas").asLong())
                .isEqualTo(4);

        JsonNode recorded = null;
        for (JsonNode outcome : json.readTree(send("GET", sandbox.gatewayUrl() + "/federation/v1/alerts", sandbox.bearerAuthorization(), null)
                .body())) {
            if (outcome.path("function").asString().equals("alerted")) {
                recorded = outcome;
                break;
            }
        }
        assertThat(recorded).isNotNull();
        assertThat(recorded.path("current").asLong()).isEqualTo(3);
        assertThat(recorded.path("min").asLong()).isEqualTo(1);
        assertThat(recorded.path("max").asLong()).isEqualTo(5);
        assertThat(recorded.path("factor").asLong()).isEqualTo(20);
        assertThat(recorded.path("replicas").asLong()).isEqualTo(4);
    }

    @Test
    @Order(6)
    void everyListedNamespaceCanBeFetchedByName() throws Exception {
        HttpResponse<String> namespaces = gateway("GET", "/system/namespaces", null);
        List<String> names = new ArrayList<>();
        json.readTree(namespaces.body()).forEach(name -> names.add(name.asString()));
        assertThat(names).contains("openfaas-fn");
        for (String name : names) {
            HttpResponse<String> one = gateway("GET", "/system/namespace/" + name, null);
            assertThat(one.statusCode()).as(name).isEqualTo(200);
            assertThat(json.readTree(one.body()).path("name").asString()).isEqualTo(name);
        }
        assertThat(gateway("GET", "/system/namespace/no-such-namespace", null).statusCode()).isEqualTo(404);
    }
}
