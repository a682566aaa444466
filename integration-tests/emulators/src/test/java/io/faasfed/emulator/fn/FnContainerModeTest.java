package io.faasfed.emulator.fn;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
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
 * The Fn emulator in container mode on a real engine: a fn's hot container is made on its first call on the
 * {@code FN_DOCKER_NETWORKS} network, reused by later calls, replaced when the fn changes, removed with the fn and when
 * the emulator closes; the call's facts reach it as the agent's headers.
 */
class FnContainerModeTest {

    private static final String NETWORK = "fft-fn-functions";
    private static final String HELLO = "local/fft-fn-hello:1";
    private static final String OWNER = "fft-fn";

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static FnEmulator emulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
        docker.client().createNetworkCmd().withName(NETWORK).withDriver("bridge").exec();
        new FunctionImages(new ImageBuilder(engine, Progress.SILENT))
                .build(HELLO, Map.of("function/handler.sh", """
                        #!/bin/sh
                        printf 'call=%s deadline=%s method=%s intent=%s greeting=%s app=%s fn=%s format=%s level=%s\\n' \
                        "${Http_Fn_Call_Id:-}" "${Http_Fn_Deadline:-}" "${Http_Fn_Http_Method:-}" "${Http_Fn_Intent:-}" \
                        "${Http_Fn_Http_H_X_Greeting:-}" "${FN_APP_ID:-}" "${FN_FN_ID:-}" "${FN_FORMAT:-}" "${LEVEL:-}"
                        cat
                        """), "sh /function/handler.sh")
                .block(Duration.ofMinutes(2));
        emulator = FnEmulator.start(options(OWNER).build());
        http = new TestHttp(emulator.baseUrl());
    }

    private static EmulatorOptions.Builder options(String owner) {
        return EmulatorOptions.builder().gatewayUrl("http://gateway.example:8080")
                .containers(new ContainerMode(docker.endpoint(), NETWORK, Addressing.IP, owner, Duration.ofSeconds(60)));
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
            new ImageBuilder(engine, Progress.SILENT).remove(HELLO).block(Duration.ofMinutes(1));
        } finally {
            engine.close();
        }
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private static List<Container> containersOf(String fnId) {
        return docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(FunctionContainers.KEY_LABEL, fnId)).exec();
    }

    private static HttpResponse<String> invoke(String fnId, String body) {
        return http.send(http.request("/invoke/" + fnId).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aHotContainerIsMadeOnTheFirstCallReusedReplacedWhenTheFnChangesAndRemovedWithIt() {
        String appId = ok(http.send("POST", "/v2/apps", null, "{\"name\":\"fedapp\",\"config\":{\"LEVEL\":\"1\"}}"))
                .path("id").asString();
        String fnId = ok(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"hello\","
                + "\"image\":\"" + HELLO + "\"}")).path("id").asString();
        ok(http.send("POST", "/v2/triggers", null, "{\"app_id\":\"" + appId + "\",\"fn_id\":\"" + fnId
                + "\",\"name\":\"hello\",\"type\":\"http\",\"source\":\"/hello\"}"));
        assertThat(containersOf(fnId)).isEmpty();

        HttpResponse<String> invoked = invoke(fnId, "abc");
        assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
        String callId = invoked.headers().firstValue("Fn-Call-Id").orElseThrow();
        assertThat(invoked.body()).startsWith("call=" + callId + " deadline=")
                .endsWith(" method= intent= greeting= app=" + appId + " fn=" + fnId + " format=http-stream level=1\nabc");
        List<Container> made = containersOf(fnId);
        assertThat(made).hasSize(1);
        assertThat(made.get(0).getNetworkSettings().getNetworks()).containsOnlyKeys(NETWORK);
        String first = made.get(0).getId();

        HttpResponse<String> triggered = http.send(http.request("/t/fedapp/hello?x=1").timeout(Duration.ofSeconds(90))
                .header("X-Greeting", "hi").GET());
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(200);
        assertThat(triggered.body()).contains(" method=GET intent=httprequest greeting=hi app=" + appId);
        assertThat(containersOf(fnId)).extracting(Container::getId).containsExactly(first);

        ok(http.send("PUT", "/v2/fns/" + fnId, null, "{\"config\":{\"LEVEL\":\"2\"}}"));
        assertThat(invoke(fnId, "").body()).contains(" level=2\n");
        List<Container> replaced = containersOf(fnId);
        assertThat(replaced).hasSize(1);
        assertThat(replaced.get(0).getId()).isNotEqualTo(first);

        assertThat(http.send("DELETE", "/v2/fns/" + fnId, null, null).statusCode()).isEqualTo(204);
        assertThat(containersOf(fnId)).isEmpty();
        assertThat(http.send("DELETE", "/v2/apps/" + appId, null, null).statusCode()).isEqualTo(204);
    }

    @Test
    void aFailingFunctionIsFnsBadGatewayAndDeletingItsAppRemovesItsContainer() {
        String appId = ok(http.send("POST", "/v2/apps", null, "{\"name\":\"failing\"}")).path("id").asString();
        String fnId = ok(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"boom\","
                + "\"image\":\"" + HELLO + "\",\"config\":{\"fprocess\":\"echo boom; exit 3\"}}")).path("id").asString();
        String okId = ok(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"fine\","
                + "\"image\":\"" + HELLO + "\"}")).path("id").asString();

        HttpResponse<String> failed = invoke(fnId, "");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(failed).path("message").asString()).isEqualTo("invalid function response");
        assertThat(failed.headers().firstValue("Fn-Call-Id")).isPresent();

        assertThat(invoke(okId, "x").statusCode()).isEqualTo(200);
        assertThat(containersOf(okId)).hasSize(1);
        assertThat(http.send("DELETE", "/v2/apps/" + appId, null, null).statusCode()).isEqualTo(204);
        assertThat(containersOf(okId)).isEmpty();
    }

    @Test
    void aCallLongerThanTheFnsTimeoutIs504TimedOut() {
        String appId = ok(http.send("POST", "/v2/apps", null, "{\"name\":\"slowapp\"}")).path("id").asString();
        String fnId = ok(http.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"slow\","
                + "\"image\":\"" + HELLO + "\",\"timeout\":5,\"config\":{\"fprocess\":\"sleep 60\"}}"))
                .path("id").asString();
        HttpResponse<String> slow = invoke(fnId, "");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(TestHttp.json(slow).path("message").asString()).isEqualTo("Timed out");
    }

    @Test
    void closingTheEmulatorRemovesItsContainers() {
        String owner = "fft-fn-closed";
        FnEmulator closed = FnEmulator.start(options(owner).build());
        try {
            TestHttp client = new TestHttp(closed.baseUrl());
            String appId = ok(client.send("POST", "/v2/apps", null, "{\"name\":\"short\"}")).path("id").asString();
            String fnId = ok(client.send("POST", "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"lived\","
                    + "\"image\":\"" + HELLO + "\"}")).path("id").asString();
            HttpResponse<String> invoked = client.send(client.request("/invoke/" + fnId)
                    .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
            assertThat(containersOf(fnId)).hasSize(1);
        } finally {
            closed.close();
        }
        assertThat(docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(FunctionContainers.OWNER_LABEL, owner)).exec()).isEmpty();
    }
}
