package io.faasfed.emulator.openwhisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenWhisk emulator in container mode on a real engine: blackbox actions made through the REST API run as
 * containers of a busybox image with faasfed's watchdog on a bridge network, called at their address there (the
 * emulator-on-the-host case) with OpenWhisk's {@code /init} and {@code /run}.
 */
class OpenWhiskContainerModeTest {

    private static final String NETWORK = "fft-ow-containers";
    private static final String IMAGE = "local/fft-ow-action:1";
    private static final String OWNER = "fft-ow";
    private static final Credentials KEY = RunningWhisk.KEY;
    private static final String AUTH = KEY.basicHeader();
    private static final String ACTIONS = "/api/v1/namespaces/_/actions/";
    /** Logs a line on each stream, then answers the greeting init parameter and the parameters it was given. */
    private static final String ACTION = """
            #!/bin/sh
            v=$(cat)
            echo "stdout log: $v"
            echo "stderr log" >&2
            echo "{\\"greeting\\":\\"${GREETING:-none}\\",\\"params\\":$v}"
            """;

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static OpenWhiskEmulator emulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        docker = PrivateDockerEngine.shared();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
        docker.client().createNetworkCmd().withName(NETWORK).withDriver("bridge").exec();
        new FunctionImages(new ImageBuilder(engine, Progress.SILENT))
                .build(IMAGE, Map.of("function/action.sh", ACTION), "sh /function/action.sh")
                .block(Duration.ofMinutes(2));
        emulator = OpenWhiskEmulator.start(options(OWNER));
        http = new TestHttp(emulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        try {
            if (emulator != null) {
                emulator.close();
            }
            docker.cleanUp();
            new ImageBuilder(engine, Progress.SILENT).remove(IMAGE).block(Duration.ofMinutes(1));
        } finally {
            engine.close();
        }
    }

    private static EmulatorOptions options(String owner) {
        return EmulatorOptions.builder().credentials(KEY).gatewayUrl("http://gateway.example:8080")
                .containers(new ContainerMode(docker.endpoint(), NETWORK, Addressing.IP, owner, Duration.ofSeconds(60)))
                .build();
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        return http.send(method, path, AUTH, body);
    }

    private static void put(String name, String body) {
        HttpResponse<String> created = send("PUT", ACTIONS + name + "?overwrite=true", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private static String blackbox(String extra) {
        return "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"" + IMAGE + "\"}" + extra + "}";
    }

    private static JsonNode invoke(String name, String params) {
        return TestHttp.json(send("POST", ACTIONS + name + "?blocking=true", params));
    }

    private static List<Container> containersOf(String name) {
        return docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(FunctionContainers.KEY_LABEL, "/guest/" + name)).exec();
    }

    @Test
    void aBlackboxActionRunsInAContainerOnTheNetworkWithItsInitParametersAndLogs() {
        put("hello", blackbox(",\"parameters\":[{\"key\":\"GREETING\",\"value\":\"bonjour\",\"init\":true},"
                + "{\"key\":\"bound\",\"value\":1}]"));

        JsonNode record = invoke("hello", "{\"name\":\"fed\"}");
        assertThat(record.path("response").path("status").asString()).as(record.toString()).isEqualTo("success");
        JsonNode result = record.path("response").path("result");
        assertThat(result.path("greeting").asString()).isEqualTo("bonjour");
        assertThat(result.path("params").path("name").asString()).isEqualTo("fed");
        assertThat(result.path("params").path("bound").asInt()).isEqualTo(1);
        List<String> logs = new ArrayList<>();
        record.path("logs").forEach(line -> logs.add(line.asString()));
        assertThat(logs).hasSize(2);
        assertThat(logs).anySatisfy(line -> assertThat(line).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+stdout: stdout log: \\{.*\"name\":\"fed\".*}"));
        assertThat(logs).anySatisfy(line -> assertThat(line).endsWith(" stderr: stderr log"));

        List<Container> made = containersOf("hello");
        assertThat(made).hasSize(1);
        InspectContainerResponse inspect = docker.client().inspectContainerCmd(made.get(0).getId()).exec();
        assertThat(inspect.getNetworkSettings().getNetworks()).containsKey(NETWORK);
        assertThat(inspect.getConfig().getEnv()).contains("__OW_API_HOST=" + emulator.baseUrl(),
                "FAASFED_GATEWAY_URL=http://gateway.example:8080", "GREETING=bonjour");
        assertThat(inspect.getName()).startsWith("/" + OWNER + "_guest_hello_");

        JsonNode again = invoke("hello", "{\"name\":\"again\"}");
        assertThat(again.path("response").path("result").path("params").path("name").asString()).isEqualTo("again");
        // the second activation's record has its own lines only
        assertThat(again.path("logs")).hasSize(2);
        assertThat(again.path("logs").get(0).asString() + again.path("logs").get(1).asString()).contains("again")
                .doesNotContain("fed");
        assertThat(containersOf("hello")).extracting(Container::getId).containsExactly(made.get(0).getId());
    }

    @Test
    void webActionsNonBlockingInvokesAndSequencesGoThroughTheContainerToo() {
        put("shared", blackbox(",\"annotations\":[{\"key\":\"web-export\",\"value\":true}]"));

        HttpResponse<String> web = http.send("GET", "/api/v1/web/guest/default/shared.json?name=web", null, null);
        assertThat(web.statusCode()).as(web.body()).isEqualTo(200);
        assertThat(TestHttp.json(web).path("params").path("name").asString()).isEqualTo("web");
        assertThat(TestHttp.json(web).path("params").path("__ow_method").asString()).isEqualTo("get");

        HttpResponse<String> accepted = send("POST", ACTIONS + "shared", "{\"name\":\"later\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = TestHttp.json(accepted).path("activationId").asString();
        HttpResponse<String> stored = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send("GET", "/api/v1/namespaces/_/activations/" + id, null), r -> r.statusCode() == 200);
        assertThat(TestHttp.json(stored).path("response").path("result").path("params").path("name").asString())
                .isEqualTo("later");

        put("twice", "{\"exec\":{\"kind\":\"sequence\",\"components\":[\"/guest/shared\",\"/guest/shared\"]}}");
        JsonNode record = invoke("twice", "{\"name\":\"seq\"}");
        assertThat(record.path("response").path("status").asString()).as(record.toString()).isEqualTo("success");
        assertThat(record.path("response").path("result").path("params").path("params").path("name").asString())
                .isEqualTo("seq");
        assertThat(containersOf("shared")).hasSize(1);
    }

    @Test
    void anUpdatedActionGetsANewContainerAndADeletedOneLosesIt() {
        put("changing", blackbox(",\"parameters\":[{\"key\":\"GREETING\",\"value\":\"one\",\"init\":true}]"));
        assertThat(invoke("changing", "{}").path("response").path("result").path("greeting").asString())
                .isEqualTo("one");
        String first = containersOf("changing").get(0).getId();

        put("changing", blackbox(",\"parameters\":[{\"key\":\"GREETING\",\"value\":\"two\",\"init\":true}]"));
        assertThat(invoke("changing", "{}").path("response").path("result").path("greeting").asString())
                .isEqualTo("two");
        assertThat(containersOf("changing")).extracting(Container::getId).hasSize(1).doesNotContain(first);

        assertThat(send("DELETE", ACTIONS + "changing", null).statusCode()).isEqualTo(200);
        assertThat(containersOf("changing")).isEmpty();
    }

    @Test
    void anActionThatPrintsNoJsonIsTheDeveloperErrorOpenWhiskGives() {
        // fprocess is the watchdog's command: as an init parameter it is the container's env, overriding the image's
        put("plain", blackbox(",\"parameters\":[{\"key\":\"fprocess\",\"value\":\"echo not json\",\"init\":true}]"));
        HttpResponse<String> answer = send("POST", ACTIONS + "plain?blocking=true", "{}");
        assertThat(answer.statusCode()).isEqualTo(502);
        JsonNode record = TestHttp.json(answer);
        assertThat(record.path("response").path("status").asString()).isEqualTo("action developer error");
        assertThat(record.path("response").path("result").path("error").asString())
                .isEqualTo("The action did not return a dictionary.");
        // the invoker destroys a container after a developer error
        assertThat(containersOf("plain")).isEmpty();
    }

    @Test
    void anActionOverItsTimeLimitIsATimeoutRecord() {
        put("slow", blackbox(",\"limits\":{\"timeout\":2000},"
                + "\"parameters\":[{\"key\":\"fprocess\",\"value\":\"echo started >&2; sleep 30\",\"init\":true}]"));
        HttpResponse<String> answer = send("POST", ACTIONS + "slow?blocking=true", "{}");
        assertThat(answer.statusCode()).isEqualTo(502);
        JsonNode record = TestHttp.json(answer);
        assertThat(record.path("response").path("status").asString()).isEqualTo("action developer error");
        assertThat(record.path("response").path("result").path("error").asString())
                .isEqualTo("The action exceeded its time limits of 2000 milliseconds.");
        assertThat(containersOf("slow")).isEmpty();
    }

    @Test
    void theLogsLimitCutsTheActivationsLogsWithTheInvokersLine() {
        put("muted", blackbox(",\"limits\":{\"logs\":0}"));
        JsonNode record = invoke("muted", "{}");
        assertThat(record.path("response").path("status").asString()).isEqualTo("success");
        assertThat(record.path("logs")).hasSize(1);
        assertThat(record.path("logs").get(0).asString()).endsWith(" stderr: Logs were truncated because the total "
                + "bytes size exceeds the limit of 0 bytes.");
    }

    @Test
    void aCodeActionInContainerModeIsAClearDeveloperError() {
        put("code", "{\"exec\":{\"kind\":\"nodejs:20\",\"code\":\"function main(p){return p}\"}}");
        JsonNode record = invoke("code", "{}");
        assertThat(record.path("response").path("status").asString()).isEqualTo("action developer error");
        assertThat(record.path("response").path("result").path("error").asString())
                .contains("container mode", "blackbox", "nodejs:20", "process mode");
    }

    @Test
    void anImageTheEngineDoesNotHaveIsTheInvokersPullError() {
        put("missing", "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"local/fft-no-such-action:1\"}}");
        JsonNode record = invoke("missing", "{}");
        assertThat(record.path("response").path("status").asString()).isEqualTo("action developer error");
        assertThat(record.path("response").path("result").path("error").asString())
                .isEqualTo("Failed to pull container image 'local/fft-no-such-action:1'.");
    }

    @Test
    void closingTheEmulatorLeavesNoContainer() {
        try (OpenWhiskEmulator other = OpenWhiskEmulator.start(options("fft-ow-closing"))) {
            TestHttp otherHttp = new TestHttp(other.baseUrl());
            HttpResponse<String> created = otherHttp.send("PUT", ACTIONS + "brief?overwrite=true", AUTH, blackbox(""));
            assertThat(created.statusCode()).isEqualTo(200);
            HttpResponse<String> invoked = otherHttp.send("POST", ACTIONS + "brief?blocking=true&result=true", AUTH,
                    "{\"x\":1}");
            assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
            assertThat(ownedBy("fft-ow-closing")).hasSize(1);
        }
        assertThat(ownedBy("fft-ow-closing")).isEmpty();
    }

    private static List<Container> ownedBy(String owner) {
        return docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(FunctionContainers.OWNER_LABEL, owner)).exec();
    }
}
