package io.faasfed.network.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.faasfed.network.Engine;
import io.faasfed.network.Mode;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSetup;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Progress;
import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformLayout;
import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * verify on a real single-node Swarm: OpenFaaS and the faasfed gateway as services of a stack called {@code fft}, Fn as
 * a plain container on the attachable overlay, OpenWhisk absent; then one hop broken at a time.
 */
class SwarmVerifyTest {

    private static final String NETWORK = "fft-verify";

    private static PrivateDockerEngine docker;
    private static Engine engine;

    @BeforeAll
    static void stage() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
        new NetworkSetup(engine).apply(NetworkRequest.of(NetworkSpec.named(NETWORK)), Progress.SILENT).block(Duration.ofMinutes(1));
        Stage.service(docker, "fft_gateway", NETWORK, "gateway", Stage.serving("/healthz"));
        Stage.service(docker, "fft_faas-swarm", NETWORK, "faas-swarm", Stage.serving("/healthz"));
        Stage.service(docker, "fft_faasfed", NETWORK, "faasfed", Stage.serving("/healthz"));
        Stage.service(docker, "fft-loose", null, null, Stage.serving("/ping"));
        Stage.container(docker, "fft-fnserver-1", NETWORK, "fnserver", Stage.serving("/version"), true);
        Stage.awaitRunning(docker.client(), "fft_gateway", "fft_faas-swarm", "fft_faasfed", "fft-loose");
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
            docker.cleanUp();
        }
    }

    @Test
    void everyHopPassesAndAPlatformThatIsNotThereIsSkipped() {
        List<String> steps = new CopyOnWriteArrayList<>();
        VerifyReport report = verify(Stage.request(NETWORK, PlatformLayout.defaults(), Set.of()), recording(steps));

        assertThat(report.passed()).as(Stage.table(report)).isTrue();
        assertThat(report.mode()).isEqualTo(Mode.SWARM);
        assertThat(report.checks()).extracting(c -> c.hop() + " " + c.target() + " " + c.status()).containsExactly(
                "engine " + docker.host() + " PASS",
                "network fft-verify PASS",
                "driver fft-verify PASS",
                "attachable fft-verify PASS",
                "labels fft-verify PASS",
                "found openfaas gateway PASS",
                "running fft_gateway PASS",
                "attached fft_gateway PASS",
                "found openfaas faas-swarm PASS",
                "running fft_faas-swarm PASS",
                "attached fft_faas-swarm PASS",
                "found openwhisk SKIPPED",
                "found fn fnserver PASS",
                "running fft-fnserver-1 PASS",
                "attached fft-fnserver-1 PASS",
                "found faasfed gateway PASS",
                "running fft_faasfed PASS",
                "attached fft_faasfed PASS",
                "probe " + report.checks().get(18).target() + " PASS",
                "dns gateway PASS",
                "http http://gateway:8080/healthz PASS",
                "dns faas-swarm PASS",
                "http http://faas-swarm:8080/healthz PASS",
                "dns fnserver PASS",
                "http http://fnserver:8080/version PASS",
                "dns faasfed PASS",
                "http http://faasfed:8080/healthz PASS");
        assertThat(report.checks().get(0).detail()).contains("swarm mode, as this engine is a Swarm manager");
        assertThat(report.checks().get(2).detail()).isEqualTo("overlay, as swarm mode needs");
        assertThat(report.checks().get(4).detail()).startsWith("made by faasfed");
        assertThat(report.checks().get(11).detail()).isEqualTo("not found; pass --platform openwhisk to require it");
        assertThat(report.checks().get(5).detail()).isEqualTo("service fft_gateway");
        assertThat(report.checks().get(12).detail()).isEqualTo("container fft-fnserver-1");
        Check probe = report.checks().get(18);
        assertThat(probe.target()).matches("faasfed-probe-[0-9a-f]{8}");
        assertThat(probe.detail()).contains("joined fft-verify", "called 4 components by DNS name");
        assertThat(report.checks().get(19).detail()).matches("resolves to 10\\.\\d+\\.\\d+\\.\\d+");
        assertThat(report.checks().get(20).detail()).isEqualTo("HTTP 200 OK: ok");
        Stage.assertNoProbeLeft(docker.client());
        System.out.println(String.join("\n", steps));
        assertThat(steps).anyMatch(s -> s.startsWith("Probing 8 hops by DNS name (the probe may take 71 s at most) -> finished in "))
                .anyMatch(s -> s.matches("Removing probe container faasfed-probe-[0-9a-f]{8} -> removed"))
                .anyMatch(s -> s.equals("Looking for openwhisk (controller, invoker) -> not found: skipped"))
                .anyMatch(s -> s.equals("Looking for openfaas (gateway, faas-swarm) -> service fft_gateway, service "
                        + "fft_faas-swarm: running, on fft-verify"));
    }

    @Test
    void aHealthPathThatIsNotServedFailsTheHttpHopAndNamesIt() {
        Component gateway = PlatformLayout.defaults().component("gateway");
        PlatformLayout layout = PlatformLayout.defaults().with(new Component(gateway.platform(), gateway.role(), gateway.name(),
                gateway.dnsName(), gateway.port(), "/nope", gateway.env()));
        List<String> steps = new CopyOnWriteArrayList<>();
        VerifyReport report = verify(Stage.request(NETWORK, layout, Set.of(Platform.OPENFAAS)), recording(steps));

        assertThat(steps).anyMatch(s -> s.matches("Probing 6 hops .* !! 1 hop failed: http http://gateway:8080/nope: "
                + "HTTP 404 Not Found"));
        assertThat(report.passed()).isFalse();
        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop()).isEqualTo("http");
        assertThat(failure.target()).isEqualTo("http://gateway:8080/nope");
        assertThat(failure.detail()).startsWith("HTTP 404 Not Found. gateway answers, but not at /nope");
        assertThat(report.checks()).filteredOn(c -> c.status() == Check.Status.FAIL).hasSize(1);
        // platforms not asked for are not listed
        assertThat(report.checks()).noneMatch(c -> c.target().startsWith("fn") || c.target().startsWith("openwhisk"));
        Stage.assertNoProbeLeft(docker.client());
    }

    @Test
    void aServiceNotOnTheNetworkFailsItsAttachedHopAndItsProbeHopsAreSkipped() {
        PlatformLayout layout = PlatformLayout.defaults().with(PlatformLayout.defaults().component("controller").named("fft-loose"));
        VerifyReport report = verify(Stage.request(NETWORK, layout, Set.of(Platform.OPENWHISK)), Progress.SILENT);

        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop() + " " + failure.target()).isEqualTo("attached fft-loose");
        assertThat(failure.detail()).isEqualTo("Service fft-loose is not attached to fft-verify. 'faasfed configure openwhisk "
                + "--apply --network fft-verify' attaches it, or by hand: 'docker service update --network-add "
                + "name=fft-verify,alias=controller fft-loose'.");
        assertThat(report.checks()).extracting(c -> c.hop() + " " + c.target() + " " + c.status()).contains(
                "running fft-loose PASS",
                "found openwhisk invoker FAIL",
                "dns controller SKIPPED",
                "http http://controller:8888/ping SKIPPED",
                // the faasfed gateway still answers
                "http http://faasfed:8080/healthz PASS");
        assertThat(report.checks()).filteredOn(c -> c.hop().equals("dns") && c.target().equals("controller"))
                .singleElement().extracting(Check::detail).isEqualTo("skipped: fft-loose is not attached to fft-verify");
        assertThat(report.checks()).filteredOn(c -> c.target().equals("openwhisk invoker")).singleElement()
                .extracting(Check::detail).asString().startsWith("No service or container is called invoker, <stack>_invoker "
                        + "or <project>-invoker-<n>. Start it, or give its name with --openwhisk-invoker NAME.");
    }

    @Test
    void aMissingNetworkFailsItsRowAndSaysToApply() {
        VerifyReport report = verify(Stage.request("fft-absent", PlatformLayout.defaults(), Set.of()), Progress.SILENT);

        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop() + " " + failure.target()).isEqualTo("network fft-absent");
        assertThat(failure.detail()).isEqualTo("Not found on this engine. Run 'faasfed network apply --network fft-absent' to create it.");
        assertThat(report.checks()).filteredOn(c -> c.status() == Check.Status.FAIL).hasSize(1);
        assertThat(report.checks()).extracting(c -> c.hop() + " " + c.status())
                .contains("attached SKIPPED", "probe SKIPPED", "dns SKIPPED", "http SKIPPED");
    }

    @Test
    void anOverlayPlainContainersCannotJoinFailsAsNotAttachableAndNoProbeIsStarted() {
        docker.client().createNetworkCmd().withName("fft-closed").withDriver("overlay").withAttachable(false).exec();
        VerifyReport report = verify(Stage.request("fft-closed", PlatformLayout.defaults(), Set.of(Platform.OPENFAAS)),
                Progress.SILENT);

        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop()).isEqualTo("attachable");
        assertThat(failure.detail()).startsWith("Not attachable: services can join it, but plain containers")
                .contains("docker network rm fft-closed");
        assertThat(report.checks()).filteredOn(c -> c.hop().equals("labels")).singleElement().extracting(Check::detail)
                .asString().startsWith("not made by faasfed");
        assertThat(report.checks()).filteredOn(c -> c.hop().equals("probe")).singleElement().extracting(Check::status)
                .isEqualTo(Check.Status.SKIPPED);
        Stage.assertNoProbeLeft(docker.client());
    }

    @Test
    void aProbeImageThatIsNotHereAndCannotBePulledFailsTheProbeRowNamingTheFlag() {
        VerifyRequest defaults = Stage.request(NETWORK, PlatformLayout.defaults(), Set.of(Platform.OPENFAAS));
        VerifyRequest request = new VerifyRequest(NETWORK, defaults.mode(), defaults.layout(), defaults.platforms(), false,
                "127.0.0.1:9/nothing/probe:1", defaults.hopTimeout());
        VerifyReport report = verify(request, Progress.SILENT);

        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop()).isEqualTo("probe");
        assertThat(failure.detail()).startsWith("The probe image 127.0.0.1:9/nothing/probe:1 is not on this engine and could "
                + "not be pulled (").endsWith("Pass --probe-image with an image that has sh, nslookup and wget (busybox has all three).");
        assertThat(report.checks()).filteredOn(c -> c.hop().equals("dns")).allMatch(c -> c.status() == Check.Status.SKIPPED
                && c.detail().equals("skipped: the probe did not run"));
        Stage.assertNoProbeLeft(docker.client());
    }

    @Test
    void asSingleHostOnASwarmManagerTheOverlayIsTheWrongDriver() {
        VerifyRequest defaults = Stage.request(NETWORK, PlatformLayout.defaults(), Set.of(Platform.FN));
        VerifyRequest request = new VerifyRequest(NETWORK, io.faasfed.network.ModeChoice.SINGLE_HOST, defaults.layout(),
                defaults.platforms(), false, defaults.probeImage(), defaults.hopTimeout());
        VerifyReport report = verify(request, Progress.SILENT);

        assertThat(report.mode()).isEqualTo(Mode.SINGLE_HOST);
        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop()).isEqualTo("driver");
        assertThat(failure.detail()).isEqualTo("An overlay network, but single-host mode needs bridge. If it is meant for swarm "
                + "mode, verify with --mode swarm; otherwise remove it and run 'faasfed network apply --network fft-verify'.");
    }

    private static VerifyReport verify(VerifyRequest request, Progress progress) {
        VerifyReport report = new NetworkVerifier(engine).verify(request, progress).block(Duration.ofMinutes(3));
        System.out.println(Stage.table(report));
        return report;
    }

    private static Progress recording(List<String> steps) {
        return what -> new Progress.Step() {
            @Override
            public void ok(String result) {
                steps.add(what + " -> " + result);
            }

            @Override
            public void fail(String reason) {
                steps.add(what + " !! " + reason);
            }
        };
    }
}
