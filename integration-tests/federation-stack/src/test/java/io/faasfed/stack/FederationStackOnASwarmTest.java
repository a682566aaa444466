package io.faasfed.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.faasfed.cli.CliContext;
import io.faasfed.cli.FaasfedCli;
import io.faasfed.emulator.container.FunctionImages;
import io.faasfed.network.Engine;
import io.faasfed.network.Labels;
import io.faasfed.network.Progress;
import io.faasfed.network.image.ImageBuilder;
import io.faasfed.network.image.LocalImages;
import io.faasfed.network.testing.PrivateDockerEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The issue's demo on a real single-node swarm with no registry: every image built here, {@code faasfed bootstrap
 * --local-images} from a bare swarm, one function deployed on each platform through the gateway (each a container on
 * the shared network), an OpenWhisk action calling an Fn function by name through the gateway, one gateway replica
 * killed while a function container keeps calling, and {@code stack rm} + {@code network destroy} leaving nothing
 * faasfed labelled. The CLI's output is kept in {@code target/captured/} for docs/operations.md.
 */
class FederationStackOnASwarmTest {

    private static final String NETWORK = "fft-fednet";
    private static final String STACK = "fft-fed";
    private static final String VERSION = "0.1.0";
    private static final String UPPERCASE = "local/faasfed-fn-uppercase:1";
    private static final String WORDCOUNT = "local/faasfed-fn-wordcount:1";
    private static final String FAN_OUT = "local/faasfed-fn-fan-out:1";
    private static final String ENTRY = "fft-fed-entry";
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path CAPTURED = Path.of("target", "captured");

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static Path work;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void images() throws IOException {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        removeFaasfedLeftovers();
        engine = Engine.connect(docker.endpoint());
        work = Files.createTempDirectory("fft-federation-");
        Files.createDirectories(CAPTURED);

        // The images local.yml runs, as a user makes them: faasfed images build in a built checkout.
        Instant start = Instant.now();
        Run images = cli(Map.of("DOCKER_HOST", docker.host()), "images", "build", "--source", REPO.toString());
        capture("images-build.txt", images);
        assertThat(images.exitCode()).as(images.transcript()).isZero();

        FunctionImages functions = new FunctionImages(new ImageBuilder(engine, Progress.SILENT));
        functions.build(UPPERCASE, Map.of(), "tr a-z A-Z")
                .then(functions.build(WORDCOUNT, Map.of("function/wordcount.sh", """
                        #!/bin/sh
                        # Counts the words of the body.
                        wc -w | tr -d ' '
                        """), "sh /function/wordcount.sh"))
                .then(functions.build(FAN_OUT, Map.of("function/fan-out.sh", """
                        #!/bin/sh
                        # An OpenWhisk action: its parameters arrive on stdin; it calls the Fn function wordcount by
                        # name through the federation gateway on the shared network and answers with the count.
                        # (busybox timeout, not wget -T: Debian's static busybox wget crashes on -T.)
                        params=$(cat)
                        text=$(printf '%s' "$params" | sed -n 's/.*"text"[[:space:]]*:[[:space:]]*"\\([^"]*\\)".*/\\1/p')
                        url="$FAASFED_GATEWAY_URL/function/wordcount"
                        err=$(mktemp)
                        echo "fan-out: asking $url"
                        if words=$(timeout 20 wget -O - --post-data "$text" "$url" 2>"$err"); then
                          echo "{\\"words\\":$words,\\"via\\":\\"$FAASFED_GATEWAY_URL\\"}"
                        else
                          why=$(tr -d '"\\\\' < "$err" | tr '\\n' ' ')
                          echo "{\\"error\\":\\"POST $url failed: $why\\"}"
                        fi
                        """), "sh /function/fan-out.sh"))
                .block(Duration.ofMinutes(3));
        System.out.printf("images built in %d s%n", Duration.between(start, Instant.now()).toSeconds());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try {
            removeQuietly(ENTRY);
            docker.cleanUp();
            removeFaasfedLeftovers();
            ImageBuilder images = new ImageBuilder(engine, Progress.SILENT);
            for (String image : List.of(UPPERCASE, WORDCOUNT, FAN_OUT)) {
                images.remove(image).block(Duration.ofMinutes(1));
            }
        } finally {
            engine.close();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void fromABareSwarmToFunctionsOnThreePlatformsCallingEachOtherAndBackToNothing() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_HOST", docker.host());
        env.put("FAASFED_NETWORK", NETWORK);
        env.put("FAASFED_DOCKER_SOCKET", docker.host().replaceFirst("^unix://", ""));
        Path keyFile = work.resolve("faasfed-admin.key");

        // 1. One command from a bare swarm.
        Run bootstrap = cli(env, "bootstrap", "--local-images", "--compose-dir", REPO.resolve("compose").toString(),
                "--network", NETWORK, "--stack", STACK, "--admin-key-file", keyFile.toString(), "--timeout", "8m");
        capture("bootstrap.txt", bootstrap);
        assertThat(bootstrap.exitCode()).as(bootstrap.transcript() + "\n" + tasks()).isZero();
        String adminKey = Files.readString(keyFile).strip();
        assertThat(adminKey).startsWith("ffk_");

        // 2. The host reaches the stack through a loopback-bound entry on the network (no ingress mesh here).
        String base = "http://127.0.0.1:" + entry();
        await("the gateway through the entry").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> get(base + "/healthz", null).statusCode() == 200);

        // 3. One function on each platform, deployed through the gateway's OpenFaaS-compatible API.
        deploy(base, adminKey, "uppercase", UPPERCASE, "openfaas", Map.of());
        deploy(base, adminKey, "wordcount", WORDCOUNT, "fn", Map.of("faasfed.public", "true"));
        deploy(base, adminKey, "fan-out", FAN_OUT, "openwhisk", Map.of());

        HttpResponse<String> shout = await("uppercase answers").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2)).until(() -> post(base + "/function/uppercase", adminKey, "text/plain",
                        "hello federation"), r -> r.statusCode() == 200);
        assertThat(shout.body()).isEqualTo("HELLO FEDERATION");
        HttpResponse<String> count = post(base + "/function/wordcount", null, "text/plain", "one two three");
        assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
        assertThat(count.body().strip()).isEqualTo("3");

        // 4. OpenWhisk → gateway (by name on the network) → Fn, every hop a container on the overlay.
        HttpResponse<String> fanOut = post(base + "/function/fan-out", adminKey, "application/json",
                "{\"text\":\"count these four words\"}");
        assertThat(fanOut.statusCode()).as(fanOut.body()).isEqualTo(200);
        assertThat(fanOut.body()).contains("\"words\":4").contains("http://faasfed:8080");

        // 5. Each function is a container attached to the shared network.
        Map<String, InspectContainerResponse> functionContainers = new HashMap<>();
        for (String platform : List.of("openfaas", "openwhisk", "fn")) {
            List<com.github.dockerjava.api.model.Container> owned = docker.client().listContainersCmd()
                    .withLabelFilter(Map.of("io.faasfed.emulator", platform)).exec();
            assertThat(owned).as(platform + " function containers").isNotEmpty();
            InspectContainerResponse inspect = docker.client().inspectContainerCmd(owned.get(0).getId()).exec();
            assertThat(inspect.getNetworkSettings().getNetworks()).as(platform + " " + inspect.getName())
                    .containsKey(NETWORK);
            functionContainers.put(platform, inspect);
            System.out.printf("%s function container %s on %s at %s%n", platform, inspect.getName(), NETWORK,
                    inspect.getNetworkSettings().getNetworks().get(NETWORK).getIpAddress());
        }
        InspectContainerResponse action = functionContainers.get("openwhisk");
        assertThat(action.getConfig().getEnv()).contains("FAASFED_GATEWAY_URL=http://faasfed:8080",
                "__OW_API_HOST=http://controller:8888");

        // 6. Kill one gateway replica while the OpenWhisk function container keeps calling the Fn function.
        KillReport report = killOneReplicaUnderCalls(action.getId(), 30, 8);
        System.out.printf("calls from %s to /function/wordcount while gateway replica %s was killed after call %d: "
                + "%d succeeded, %d failed (after the kill: %d of %d succeeded)%n", action.getName(), report.killed(),
                report.killedAfter(), report.ok(), report.failed(), report.okAfterKill(), report.afterKill());
        Files.writeString(CAPTURED.resolve("replica-kill.txt"), String.join("\n", report.lines()) + "\n");
        assertThat(report.ok() + report.failed()).isEqualTo(30);
        assertThat(report.afterKill()).isPositive();
        assertThat(report.okAfterKill()).as(String.join("\n", report.lines())).isPositive();
        assertThat(report.lastFiveOk()).as(String.join("\n", report.lines())).isTrue();

        // 7. Back to nothing.
        removeQuietly(ENTRY);
        Run status = cli(env, "stack", "status", "--stack", STACK);
        capture("stack-status.txt", status);
        Run rm = cli(env, "stack", "rm", "--stack", STACK);
        capture("stack-rm.txt", rm);
        assertThat(rm.exitCode()).as(rm.transcript()).isZero();
        await("the stack's tasks and function containers gone").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> docker.client().listContainersCmd().withShowAll(true).exec().isEmpty());
        Run destroy = cli(env, "network", "destroy", "--network", NETWORK);
        capture("network-destroy.txt", destroy);
        assertThat(destroy.exitCode()).as(destroy.transcript()).isZero();
        assertThat(labelled()).as("what is still labelled " + Labels.MANAGED_BY).isEmpty();
    }

    // ---- the steps ----

    private static void deploy(String base, String key, String name, String image, String platform,
            Map<String, String> labels) throws Exception {
        StringBuilder json = new StringBuilder("{\"service\":\"").append(name).append("\",\"image\":\"").append(image)
                .append("\",\"labels\":{\"faasfed.platform\":\"").append(platform).append('"');
        labels.forEach((k, v) -> json.append(",\"").append(k).append("\":\"").append(v).append('"'));
        json.append("}}");
        HttpResponse<String> answer = await("deploy " + name + " on " + platform).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> post(base + "/system/functions", key, "application/json", json.toString()),
                        r -> r.statusCode() / 100 == 2 || r.statusCode() == 409 || r.statusCode() / 100 == 4);
        assertThat(answer.statusCode()).as("deploy " + name + ": " + answer.body()).isIn(200, 201, 202);
    }

    /** A busybox container on the network relaying 127.0.0.1:PORT to faasfed:8080 (one nc per connection). */
    private static int entry() {
        ExposedPort port = ExposedPort.tcp(8080);
        Ports bindings = new Ports();
        bindings.bind(port, Ports.Binding.bindIpAndPort("127.0.0.1", 0));
        String id = docker.client().createContainerCmd(LocalImages.BUSYBOX).withName(ENTRY)
                .withCmd("nc", "-ll", "-p", "8080", "-e", "nc", "faasfed", "8080")
                .withExposedPorts(port)
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(NETWORK).withPortBindings(bindings))
                .exec().getId();
        docker.client().startContainerCmd(id).exec();
        Ports.Binding[] bound = docker.client().inspectContainerCmd(id).exec().getNetworkSettings().getPorts()
                .getBindings().get(port);
        return Integer.parseInt(bound[0].getHostPortSpec());
    }

    private KillReport killOneReplicaUnderCalls(String container, int calls, int killAfter) throws Exception {
        String loop = "i=0; while [ $i -lt " + calls + " ]; do i=$((i+1)); "
                + "if out=$(timeout 10 wget -q -O - --post-data 'a b c' \"$FAASFED_GATEWAY_URL/function/wordcount\" 2>&1); "
                + "then echo \"OK $i $out\"; else echo \"FAIL $i $out\" | tr '\\n' ' '; echo; fi; sleep 1; done; echo DONE";
        String exec = docker.client().execCreateCmd(container).withCmd("sh", "-c", loop).withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        List<String> lines = new CopyOnWriteArrayList<>();
        StringBuilder partial = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = docker.client().execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (partial) {
                    partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    int newline;
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        lines.add(partial.substring(0, newline));
                        partial.delete(0, newline + 1);
                    }
                }
            }
        });
        await("the first " + killAfter + " calls").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lines.stream().filter(l -> l.startsWith("OK ") || l.startsWith("FAIL ")).count() >= killAfter);
        int before = (int) lines.stream().filter(l -> l.startsWith("OK ") || l.startsWith("FAIL ")).count();
        Task victim = docker.client().listTasksCmd().withServiceFilter(STACK + "_faasfed").exec().stream()
                .filter(t -> t.getStatus().getState() == TaskState.RUNNING).findFirst().orElseThrow();
        String victimContainer = victim.getStatus().getContainerStatus().getContainerID();
        docker.client().killContainerCmd(victimContainer).exec();
        lines.add("-- killed gateway replica container " + victimContainer.substring(0, 12) + " (task " + victim.getId()
                + ") after call " + before);
        assertThat(callback.awaitCompletion(5, TimeUnit.MINUTES)).as("the call loop ended").isTrue();
        List<String> results = lines.stream().filter(l -> l.startsWith("OK ") || l.startsWith("FAIL ")).toList();
        int ok = (int) results.stream().filter(l -> l.startsWith("OK ")).count();
        List<String> after = results.subList(Math.min(before, results.size()), results.size());
        int okAfter = (int) after.stream().filter(l -> l.startsWith("OK ")).count();
        boolean lastFiveOk = results.size() >= 5 && results.subList(results.size() - 5, results.size()).stream()
                .allMatch(l -> l.startsWith("OK "));
        return new KillReport(victimContainer.substring(0, 12), before, ok, results.size() - ok, after.size(), okAfter,
                lastFiveOk, List.copyOf(lines));
    }

    private record KillReport(String killed, int killedAfter, int ok, int failed, int afterKill, int okAfterKill,
            boolean lastFiveOk, List<String> lines) {
    }

    // ---- helpers ----

    private record Run(String command, int exitCode, String transcript) {
    }

    /** Runs the CLI in-process as bin/faasfed would, stdout and stderr interleaved as a terminal shows them. */
    private static Run cli(Map<String, String> env, String... args) {
        StringWriter both = new StringWriter();
        PrintWriter writer = new PrintWriter(both, true);
        CliContext context = new CliContext(writer, writer, false, env);
        int code = FaasfedCli.commandLine(context).execute(args);
        writer.flush();
        String line = "faasfed " + String.join(" ", args).replace(REPO.toString() + "/", "").replace(REPO.toString(), ".")
                .replace(work.toString(), ".");
        System.out.println("$ " + line + "\n" + both + "[exit code " + code + "]");
        return new Run(line, code, both.toString());
    }

    private static void capture(String name, Run run) throws IOException {
        String text = run.transcript().replace(work.toString(), ".").replace(docker.host(), "unix:///var/run/docker.sock");
        Files.writeString(CAPTURED.resolve(name), "$ " + run.command() + "\n" + text
                + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + "[exit code " + run.exitCode() + "]\n");
    }

    private static HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String key, String type, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Services, containers, networks, volumes and secrets labelled by faasfed. */
    private static List<String> labelled() {
        DockerClient c = docker.client();
        List<String> out = new ArrayList<>();
        String label = Labels.MANAGED_BY + "=" + Labels.FAASFED;
        c.listServicesCmd().withLabelFilter(Map.of(Labels.MANAGED_BY, Labels.FAASFED)).exec()
                .forEach(s -> out.add("service " + s.getSpec().getName()));
        c.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.MANAGED_BY, Labels.FAASFED)).exec()
                .forEach(x -> out.add("container " + String.join(",", x.getNames())));
        c.listNetworksCmd().exec().stream().filter(n -> Labels.isManaged(n.getLabels()))
                .forEach(n -> out.add("network " + n.getName()));
        c.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes()
                .forEach(v -> out.add("volume " + v.getName()));
        c.listSecretsCmd().withLabelFilter(Map.of(Labels.MANAGED_BY, Labels.FAASFED)).exec()
                .forEach(s -> out.add("secret " + s.getSpec().getName()));
        return out;
    }

    /** What an earlier failed run may have left that cleanUp() does not remove: faasfed's secrets and volumes. */
    private static void removeFaasfedLeftovers() {
        DockerClient c = docker.client();
        c.listSecretsCmd().withLabelFilter(Map.of(Labels.MANAGED_BY, Labels.FAASFED)).exec()
                .forEach(s -> ignoreMissing(() -> c.removeSecretCmd(s.getId()).exec()));
        await("faasfed's volumes released").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> {
                    c.listVolumesCmd().withFilter("label", List.of(Labels.MANAGED_BY + "=" + Labels.FAASFED)).exec()
                            .getVolumes().forEach(v -> c.removeVolumeCmd(v.getName()).exec());
                    return true;
                });
    }

    private static void removeQuietly(String container) {
        ignoreMissing(() -> docker.client().removeContainerCmd(container).withForce(true).exec());
    }

    private static String tasks() {
        return docker.client().listTasksCmd().exec().stream()
                .map(t -> t.getServiceId() + " " + t.getStatus().getState() + " " + t.getStatus().getErr() + " "
                        + t.getStatus().getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static void ignoreMissing(Runnable action) {
        try {
            action.run();
        } catch (NotFoundException gone) {
            // already gone
        }
    }
}
