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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenFaaS Terraform provider (ewilde/openfaas 3.x) against the compat API, request for request: its create and
 * update go through faas-cli's proxy with {@code Update: true} (PUT, then POST when the PUT answers 404), its read is
 * {@code GET /system/function/{name}} (no namespace) and keeps only name, image, envProcess, labels and annotations,
 * its delete is {@code DELETE /system/functions} with {@code {"functionName": ...}}. Plans are computed with the
 * provider's diff rule: plain string and map equality, except labels, where the keys {@code com.openfaas.function},
 * {@code function} and {@code uid} are ignored and a label count that is exactly 3 higher than configured (the labels
 * faas-swarm adds) is not a change. apply → plan (empty) → update → plan (empty) must hold, and a change made on the
 * platform itself must show in the next plan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerraformProviderSessionTest {

    private static final Set<String> IGNORED_LABELS = Set.of("com.openfaas.function", "function", "uid");
    private static final int EXTRA_PROVIDER_LABELS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private FaasfedSandbox sandbox;

    @BeforeAll
    void start() {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.discovery.interval=1h",
                "--faasfed.compat.status-cache-ttl=0s");
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The attributes of an {@code openfaas_function} resource the provider reads back. */
    record Resource(String name, String image, String fProcess, Map<String, String> labels,
                    Map<String, String> annotations, Map<String, String> limits) {
    }

    private HttpResponse<String> send(String method, String url, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "Go-http-client/1.1");
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

    /** faas-cli's proxy body for a deploy: labels and annotations always present, limits only when set. */
    private String deployment(Resource config) {
        ObjectNode body = json.createObjectNode();
        body.put("service", config.name());
        body.put("image", config.image());
        if (config.fProcess() != null) {
            body.put("envProcess", config.fProcess());
        }
        ObjectNode labels = body.putObject("labels");
        config.labels().forEach(labels::put);
        ObjectNode annotations = body.putObject("annotations");
        config.annotations().forEach(annotations::put);
        if (!config.limits().isEmpty()) {
            ObjectNode limits = body.putObject("limits");
            config.limits().forEach(limits::put);
        }
        return body.toString();
    }

    /** Create and update: DeployFunction with Update=true, PUT then POST on 404; any status >= 300 fails. */
    private void apply(Resource config) throws Exception {
        String body = deployment(config);
        HttpResponse<String> response = send("PUT", sandbox.gatewayUrl() + "/system/functions", sandbox.basicAuthorization(), body);
        if (response.statusCode() == 404) {
            response = send("POST", sandbox.gatewayUrl() + "/system/functions", sandbox.basicAuthorization(), body);
        }
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }

    /** Read: what the provider keeps of GET /system/function/{name}; null when the answer holds "404". */
    private Resource read(String name) throws Exception {
        HttpResponse<String> response = send("GET", sandbox.gatewayUrl() + "/system/function/" + name, sandbox.basicAuthorization(), null);
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode status = json.readTree(response.body());
        return new Resource(status.path("name").asString(), status.path("image").asString(),
                text(status.path("envProcess")), map(status.path("labels")), map(status.path("annotations")),
                Map.of());
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.asString();
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asString()));
        return map;
    }

    /** The attributes a plan would change, by the provider's schema and diff functions. */
    private List<String> plan(Resource config) throws Exception {
        Resource state = read(config.name());
        List<String> changes = new ArrayList<>();
        if (state == null) {
            changes.add("create " + config.name());
            return changes;
        }
        if (!Objects.equals(config.name(), state.name())) {
            changes.add("name");
        }
        if (!Objects.equals(config.image(), state.image())) {
            changes.add("image: " + state.image() + " -> " + config.image());
        }
        String wantedProcess = config.fProcess() == null ? "" : config.fProcess();
        if (!wantedProcess.equals(state.fProcess())) {
            changes.add("f_process: " + state.fProcess() + " -> " + wantedProcess);
        }
        changes.addAll(labelChanges(config.labels(), state.labels()));
        if (!config.annotations().equals(state.annotations())) {
            changes.add("annotations: " + state.annotations() + " -> " + config.annotations());
        }
        return changes;
    }

    /** The provider's labelsDiffFunc over a map diff of labels. */
    private static List<String> labelChanges(Map<String, String> config, Map<String, String> state) {
        List<String> changes = new ArrayList<>();
        if (config.size() != state.size()) {
            int old = state.size() > 0 ? state.size() - EXTRA_PROVIDER_LABELS : 0;
            if (old != config.size()) {
                changes.add("labels.%: " + state.size() + " -> " + config.size());
            }
        }
        config.forEach((key, value) -> {
            if (!value.equals(state.get(key)) && !IGNORED_LABELS.contains(key)) {
                changes.add("labels." + key + ": " + state.get(key) + " -> " + value);
            }
        });
        state.forEach((key, value) -> {
            if (!config.containsKey(key) && !IGNORED_LABELS.contains(key)) {
                changes.add("labels." + key + ": " + value + " -> (removed)");
            }
        });
        return changes;
    }

    @Test
    void applyPlanUpdatePlanIsCleanAndAChangeOnThePlatformShowsInTheNextPlan() throws Exception {
        Resource first = new Resource("tf-fn", "functions/alpine:latest", "sha512sum",
                Map.of("Group", "London", "Environment", "Test"), Map.of("CreatedDate", "Mon Sep  3 07:15:55 BST 2018"),
                Map.of("memory", "20m", "cpu", "100m"));
        assertThat(plan(first)).containsExactly("create tf-fn");
        apply(first);
        assertThat(plan(first)).isEmpty();

        Resource second = new Resource("tf-fn", "functions/alpine:0.2", "sha256sum",
                Map.of("Group", "Paris", "Environment", "Test", "faasfed.platform", "openfaas"),
                Map.of("CreatedDate", "Tue Sep  4 07:15:55 BST 2018"), Map.of("memory", "40m", "cpu", "200m"));
        assertThat(plan(second)).isNotEmpty();
        apply(second);
        assertThat(plan(second)).isEmpty();

        HttpResponse<String> onPlatform = send("PUT", sandbox.platforms().openFaas().baseUrl() + "/system/functions",
                SandboxPlatforms.OPENFAAS_CREDENTIALS.basicHeader(), deployment(new Resource("tf-fn",
                        "functions/alpine:0.2", "sha256sum", Map.of("Group", "Berlin", "Environment", "Test",
                        "faasfed.platform", "openfaas"), second.annotations(), Map.of())));
        assertThat(onPlatform.statusCode()).isEqualTo(202);
        assertThat(plan(second)).containsExactly("labels.Group: Berlin -> Paris");

        apply(second);
        assertThat(plan(second)).isEmpty();
        assertThat(send("DELETE", sandbox.gatewayUrl() + "/system/functions", sandbox.basicAuthorization(), "{\"functionName\":\"tf-fn\"}")
                .statusCode()).isLessThan(300);
        assertThat(plan(second)).containsExactly("create tf-fn");
    }
}
