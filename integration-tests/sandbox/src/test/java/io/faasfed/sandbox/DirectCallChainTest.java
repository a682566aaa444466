package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.SandboxPlatforms;
import io.faasfed.gateway.registry.Discovery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Functions calling functions through the gateway, across the three platforms, read back as one call tree: an
 * OpenWhisk Python action calls an Fn function (the {@code call-function} sample) that calls the OpenFaaS
 * {@code uppercase} sample, each call made to {@code $FAASFED_GATEWAY_URL/function/<name>} with the {@code X-Call-Id}
 * and {@code traceparent} the function received. Also: a function deployed through the gateway on each platform gets
 * {@code FAASFED_GATEWAY_URL} in its platform's own form (OpenFaaS env, OpenWhisk init parameter, Fn config).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectCallChainTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    /** The OpenWhisk end: a Python action that calls NEXT_FUNCTION through the gateway, forwarding its headers. */
    private static final String RELAY_ACTION = """
            import json, os, urllib.request

            def main(args):
                seen = args.get('__ow_headers', {})
                headers = {'Content-Type': 'text/plain'}
                for name in ('x-call-id', 'traceparent'):
                    if name in seen:
                        headers[name] = seen[name]
                headers['Authorization'] = 'Bearer ' + os.environ['FAASFED_API_KEY']
                url = os.environ['FAASFED_GATEWAY_URL'] + '/function/' + os.environ['NEXT_FUNCTION']
                request = urllib.request.Request(url, data=args.get('__ow_body', '').encode('utf-8'),
                                                 headers=headers, method='POST')
                with urllib.request.urlopen(request, timeout=60) as answer:
                    return {'callId': seen.get('x-call-id'), 'next': answer.read().decode('utf-8')}
            """;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private FaasfedSandbox sandbox;
    private WebTestClient client;

    @BeforeAll
    void startSandboxWithAChain() throws Exception {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.discovery.interval=1h");
        client = WebTestClient.bindToServer().baseUrl(sandbox.gatewayUrl()).responseTimeout(WAIT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, sandbox.bearerAuthorization()).build();
        String key = sandbox.adminKey().value();
        SandboxPlatforms platforms = sandbox.platforms();
        send("PUT", platforms.openWhisk().baseUrl() + "/api/v1/namespaces/_/actions/chain-ow?overwrite=true",
                SandboxPlatforms.OPENWHISK_CREDENTIALS.basicHeader(), json.writeValueAsString(Map.of(
                        "exec", Map.of("kind", "python:3.11", "code", RELAY_ACTION),
                        "parameters", List.of(Map.of("key", "NEXT_FUNCTION", "value", "chain-fn", "init", true),
                                Map.of("key", "FAASFED_API_KEY", "value", key, "init", true)),
                        "limits", Map.of("timeout", 120000))));
        String fn = platforms.fn().baseUrl();
        String appId = send("GET", fn + "/v2/apps?name=" + SandboxPlatforms.FN_APP, null, null)
                .path("items").get(0).path("id").asString();
        String fnId = send("POST", fn + "/v2/fns", null, json.writeValueAsString(Map.of("app_id", appId,
                "name", "chain-fn", "image", "faasfed/samples:call-function",
                "config", Map.of("TARGET_FUNCTION", "uppercase", "FAASFED_API_KEY", key)))).path("id").asString();
        send("POST", fn + "/v2/triggers", null, json.writeValueAsString(Map.of("name", "chain-fn", "app_id", appId,
                "fn_id", fnId, "type", "http", "source", "/chain-fn")));
        sandbox.gateway().getBean(Discovery.class).syncAll().block(WAIT);
    }

    @AfterAll
    void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aChainOpenWhiskFnOpenFaasReadsBackAsOneTreeWithOneTraceId() {
        String root = client.post().uri("/function/chain-ow").contentType(MediaType.TEXT_PLAIN)
                .header("traceparent", TRACEPARENT).bodyValue("through three platforms").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "openwhisk")
                .expectBody().jsonPath("$.next").isEqualTo("THROUGH THREE PLATFORMS")
                .returnResult().getResponseHeaders().getFirst("X-Call-Id");

        JsonNode tree = awaitTree(root, 3);

        JsonNode whisk = tree.path("root");
        JsonNode fn = whisk.path("children").get(0);
        JsonNode openfaas = fn.path("children").get(0);
        assertThat(List.of(whisk, fn, openfaas)).extracting(node -> node.path("platform").asString())
                .containsExactly("openwhisk", "fn", "openfaas");
        assertThat(List.of(whisk, fn, openfaas)).extracting(node -> node.path("function").asString())
                .containsExactly("chain-ow", "chain-fn", "uppercase");
        assertThat(List.of(whisk, fn, openfaas)).extracting(node -> node.path("status").asInt())
                .containsOnly(200);
        assertThat(fn.path("parentId").asString()).isEqualTo(root);
        assertThat(openfaas.path("parentId").asString()).isEqualTo(fn.path("id").asString());
        assertThat(openfaas.path("children")).isEmpty();
        assertThat(tree.path("truncated").asBoolean()).isFalse();
        // one trace: the caller's traceparent, forwarded by each function
        assertThat(tree.findValues("traceId")).extracting(JsonNode::asString).containsExactly(TRACE_ID, TRACE_ID,
                TRACE_ID);
        System.out.printf("call tree OpenWhisk -> Fn -> OpenFaaS: %d calls, trace %s, root %s%n",
                tree.path("nodes").asInt(), TRACE_ID, root);
    }

    @ParameterizedTest(name = "a function deployed on {0} through the gateway gets FAASFED_GATEWAY_URL")
    @ValueSource(strings = {"openfaas", "openwhisk", "fn"})
    void aFunctionDeployedThroughTheGatewayGetsItsUrl(String platform) throws Exception {
        String name = "gw-url-" + platform;
        client.post().uri("/system/functions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", name, "image", "faasfed/samples:uppercase",
                        "labels", Map.of("faasfed.platform", platform)))
                .exchange().expectStatus().isAccepted()
                .expectHeader().valueEquals("X-Faasfed-Platform", platform);
        try {
            assertThat(storedGatewayUrl(platform, name)).as("FAASFED_GATEWAY_URL as %s stores it", platform)
                    .isEqualTo(sandbox.gatewayUrl());
        } finally {
            client.method(org.springframework.http.HttpMethod.DELETE).uri("/system/functions")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("functionName", name))
                    .exchange().expectStatus().isAccepted();
        }
    }

    /** The variable as the platform's own API shows the stored function. */
    private String storedGatewayUrl(String platform, String name) throws Exception {
        SandboxPlatforms platforms = sandbox.platforms();
        return switch (platform) {
            case "openfaas" -> send("GET", platforms.openFaas().baseUrl() + "/system/function/" + name,
                    SandboxPlatforms.OPENFAAS_CREDENTIALS.basicHeader(), null).path("envVars")
                    .path("FAASFED_GATEWAY_URL").asString(null);
            case "openwhisk" -> {
                JsonNode action = send("GET", platforms.openWhisk().baseUrl() + "/api/v1/namespaces/_/actions/"
                        + name, SandboxPlatforms.OPENWHISK_CREDENTIALS.basicHeader(), null);
                String found = null;
                for (JsonNode parameter : action.path("parameters")) {
                    if ("FAASFED_GATEWAY_URL".equals(parameter.path("key").asString())
                            && parameter.path("init").asBoolean(false)) {
                        found = parameter.path("value").asString();
                    }
                }
                yield found;
            }
            default -> {
                String fn = platforms.fn().baseUrl();
                String appId = send("GET", fn + "/v2/apps?name=" + SandboxPlatforms.FN_APP, null, null)
                        .path("items").get(0).path("id").asString();
                yield send("GET", fn + "/v2/fns?app_id=" + appId + "&name=" + name, null, null).path("items")
                        .get(0).path("config").path("FAASFED_GATEWAY_URL").asString(null);
            }
        };
    }

    private JsonNode awaitTree(String root, int nodes) {
        return org.awaitility.Awaitility.await("the tree of " + root + " holds " + nodes + " calls").atMost(WAIT)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> json.readTree(client.get().uri("/federation/v1/calls/" + root + "/tree").exchange()
                        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()),
                        tree -> tree.path("nodes").asInt() >= nodes);
    }

    private JsonNode send(String method, String url, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, url, response.body()).isBetween(200, 299);
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }
}
