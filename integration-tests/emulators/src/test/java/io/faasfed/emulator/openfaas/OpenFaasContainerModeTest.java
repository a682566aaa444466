package io.faasfed.emulator.openfaas;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.TestHttp;
import io.faasfed.emulator.container.Addressing;
import io.faasfed.emulator.container.ContainerMode;
import io.faasfed.emulator.container.FunctionContainers;
import io.faasfed.emulator.container.FunctionImages;
import io.faasfed.network.Engine;
import io.faasfed.network.Progress;
import io.faasfed.network.image.ImageBuilder;
import io.faasfed.network.testing.PrivateDockerEngine;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenFaaS emulator in container mode on a real engine, driven through its HTTP API as faas-cli drives a gateway:
 * each function is a container made at deploy time on the deployment's network (or the one labelled
 * {@code openfaas=true}) under its name, invocations are proxied to it, update replaces it, delete and close remove it.
 */
class OpenFaasContainerModeTest {

    private static final String NETWORK = "fft-of-functions";
    private static final String LABELLED = "fft-of-labelled";
    private static final String ECHO = "local/fft-of-echo:1";
    private static final String OWNER = "fft-openfaas";
    private static final Credentials ADMIN = new Credentials("admin", "secret123");
    private static final String AUTH = ADMIN.basicHeader();

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static OpenFaasEmulator emulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
        docker.client().createNetworkCmd().withName(NETWORK).withDriver("bridge").exec();
        docker.client().createNetworkCmd().withName(LABELLED).withDriver("bridge")
                .withLabels(Map.of("openfaas", "true")).exec();
        new FunctionImages(new ImageBuilder(engine, Progress.SILENT))
                .build(ECHO, Map.of("function/handler.sh", """
                        #!/bin/sh
                        printf 'method=%s path=%s query=%s greeting=%s env=%s gateway=%s\\n' "$Http_Method" \
                        "$Http_Path" "$Http_Query" "${Http_X_Greeting:-}" "${GREETING:-}" "${FAASFED_GATEWAY_URL:-}"
                        cat
                        """), "sh /function/handler.sh")
                .block(Duration.ofMinutes(2));
        emulator = OpenFaasEmulator.start(options(OWNER).build());
        http = new TestHttp(emulator.baseUrl());
    }

    private static EmulatorOptions.Builder options(String owner) {
        return EmulatorOptions.builder().credentials(ADMIN).gatewayUrl("http://gateway.example:8080")
                .functionTimeout(Duration.ofSeconds(15))
                .containers(new ContainerMode(docker.endpoint(), null, Addressing.IP, owner, Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        if (engine == null) {
            return;
        }
        try {
            if (emulator != null) {
                emulator.close();
            }
            docker.cleanUp();
            new ImageBuilder(engine, Progress.SILENT).remove(ECHO).block(Duration.ofMinutes(1));
        } finally {
            engine.close();
        }
    }

    private static HttpResponse<String> deploy(String method, String json) {
        return http.send(method, "/system/functions", AUTH, json);
    }

    private static InspectContainerResponse inspect(String name) {
        return docker.client().inspectContainerCmd(name).exec();
    }

    private static List<Container> containersOf(String owner) {
        return docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(FunctionContainers.OWNER_LABEL, owner)).exec();
    }

    @Test
    void aDeployedFunctionIsAContainerOnItsNetworkProxiedToReplacedByUpdateAndRemovedByDelete() {
        HttpResponse<String> deployed = deploy("POST", "{\"service\":\"echo\",\"image\":\"" + ECHO
                + "\",\"network\":\"" + NETWORK + "\",\"envVars\":{\"GREETING\":\"one\"},\"labels\":{\"team\":\"fed\"}}");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);

        InspectContainerResponse container = inspect(OWNER + "-openfaas-fn-echo");
        ContainerNetwork attached = container.getNetworkSettings().getNetworks().get(NETWORK);
        assertThat(attached).isNotNull();
        assertThat(attached.getAliases()).contains("echo");
        assertThat(container.getConfig().getLabels()).containsEntry("com.openfaas.function", "echo")
                .containsEntry("team", "fed");
        JsonNode status = TestHttp.json(http.send("GET", "/system/function/echo", AUTH, null));
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(1);
        assertThat(status.path("image").asString()).isEqualTo(ECHO);

        HttpResponse<String> answer = http.send(http.request("/function/echo/some/path?x=1&y=two")
                .header("X-Greeting", "hi").header("Content-Type", "text/x-echo")
                .POST(HttpRequest.BodyPublishers.ofString("hello federation")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("method=POST path=/some/path query=x=1&y=two greeting=hi env=one "
                + "gateway=http://gateway.example:8080\nhello federation");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/x-echo");
        assertThat(answer.headers().firstValue("X-Call-Id")).isPresent();
        assertThat(answer.headers().firstValue("X-Duration-Seconds")).isPresent();
        HttpResponse<String> withNamespace = http.send(http.request("/function/echo.openfaas-fn").GET());
        assertThat(withNamespace.statusCode()).isEqualTo(200);
        assertThat(withNamespace.body()).startsWith("method=GET path=/ query= ");

        HttpResponse<String> updated = deploy("PUT", "{\"service\":\"echo\",\"image\":\"" + ECHO + "\",\"network\":\""
                + NETWORK + "\",\"envVars\":{\"GREETING\":\"two\"}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(202);
        InspectContainerResponse replaced = inspect(OWNER + "-openfaas-fn-echo");
        assertThat(replaced.getId()).isNotEqualTo(container.getId());
        assertThat(http.send("POST", "/function/echo", null, "x").body()).contains("env=two");

        HttpResponse<String> deleted = http.send("DELETE", "/system/functions", AUTH, "{\"functionName\":\"echo\"}");
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(containersOf(OWNER)).extracting(Container::getId).doesNotContain(replaced.getId());
        assertThat(http.send("POST", "/function/echo", null, "x").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeployWithoutANetworkGoesToTheNetworkLabelledOpenFaas() {
        HttpResponse<String> deployed = deploy("POST", "{\"service\":\"labelled\",\"image\":\"" + ECHO + "\"}");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);

        InspectContainerResponse container = inspect(OWNER + "-openfaas-fn-labelled");
        assertThat(container.getNetworkSettings().getNetworks()).containsOnlyKeys(LABELLED);
        assertThat(container.getNetworkSettings().getNetworks().get(LABELLED).getAliases()).contains("labelled");
        assertThat(http.send("POST", "/function/labelled", null, "ok").body()).endsWith("\nok");
    }

    @Test
    void aMissingImageOrNetworkIsAClearDeploymentError() {
        HttpResponse<String> missingImage = deploy("POST", "{\"service\":\"ghost\",\"image\":\"local/fft-no-such:1\","
                + "\"network\":\"" + NETWORK + "\"}");
        assertThat(missingImage.statusCode()).isEqualTo(400);
        assertThat(missingImage.body()).startsWith("Deployment error: No such image: local/fft-no-such:1");
        assertThat(http.send("GET", "/system/function/ghost", AUTH, null).statusCode()).isEqualTo(404);

        HttpResponse<String> missingNetwork = deploy("POST", "{\"service\":\"ghost\",\"image\":\"" + ECHO
                + "\",\"network\":\"fft-of-no-such\"}");
        assertThat(missingNetwork.statusCode()).isEqualTo(400);
        assertThat(missingNetwork.body()).isEqualTo("Deployment error: network fft-of-no-such not found");
    }

    @Test
    void noAnswerWithinTheUpstreamTimeoutIsA502AndAContainerThatWentAwayIsMadeAgain() {
        assertThat(deploy("POST", "{\"service\":\"slow\",\"image\":\"" + ECHO + "\",\"network\":\"" + NETWORK
                + "\",\"envProcess\":\"sleep 60\"}").statusCode()).isEqualTo(202);
        HttpResponse<String> slow = http.send(http.request("/function/slow").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(slow.statusCode()).isEqualTo(502);
        assertThat(slow.body()).isEqualTo("upstream timeout: function slow did not answer within 15s\n");

        assertThat(deploy("POST", "{\"service\":\"fragile\",\"image\":\"" + ECHO + "\",\"network\":\"" + NETWORK
                + "\"}").statusCode()).isEqualTo(202);
        String first = inspect(OWNER + "-openfaas-fn-fragile").getId();
        docker.client().removeContainerCmd(first).withForce(true).exec();
        JsonNode status = TestHttp.json(http.send("GET", "/system/function/fragile", AUTH, null));
        assertThat(status.path("availableReplicas").asInt()).isZero();

        // the removed container's address no longer answers: no answer within the upstream timeout
        HttpResponse<String> unreachable = http.send(http.request("/function/fragile").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(unreachable.statusCode()).isEqualTo(502);
        HttpResponse<String> again = http.send(http.request("/function/fragile").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(inspect(OWNER + "-openfaas-fn-fragile").getId()).isNotEqualTo(first);
    }

    @Test
    void closingTheEmulatorRemovesItsContainers() {
        String owner = "fft-openfaas-closed";
        OpenFaasEmulator closed = OpenFaasEmulator.start(options(owner).openFaasProvider(OpenFaasProvider.FAASD)
                .build());
        try {
            HttpResponse<String> deployed = new TestHttp(closed.baseUrl()).send("POST", "/system/functions", AUTH,
                    "{\"service\":\"short-lived\",\"image\":\"" + ECHO + "\",\"network\":\"" + NETWORK + "\"}");
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
            assertThat(containersOf(owner)).hasSize(1);
        } finally {
            closed.close();
        }
        assertThat(containersOf(owner)).isEmpty();
    }
}
