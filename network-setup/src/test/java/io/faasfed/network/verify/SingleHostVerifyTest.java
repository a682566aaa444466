package io.faasfed.network.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.faasfed.network.Engine;
import io.faasfed.network.Labels;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSetup;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Progress;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformLayout;
import io.faasfed.network.testing.PrivateDockerEngine;
import reactor.core.Disposable;

/**
 * verify on a plain engine (no swarm): the platforms as compose-style containers on a bridge network, then a hop
 * broken at a time: not attached, not running, attached without its alias, and a server that never answers.
 */
class SingleHostVerifyTest {

    private static final String NETWORK = "fft-verify-local";

    private static PrivateDockerEngine docker;
    private static Engine engine;

    @BeforeAll
    static void stage() {
        docker = PrivateDockerEngine.shared().singleHost();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
        new NetworkSetup(engine).apply(NetworkRequest.of(NetworkSpec.named(NETWORK)), Progress.SILENT).block(Duration.ofMinutes(1));
        Stage.container(docker, "fft-gateway-1", NETWORK, "gateway", Stage.serving("/healthz"), true);
        Stage.container(docker, "fft-faas-swarm-1", NETWORK, "faas-swarm", Stage.serving("/healthz"), true);
        Stage.container(docker, "fft-fnserver-1", NETWORK, "fnserver", Stage.serving("/version"), true);
        Stage.container(docker, "fft-faasfed-1", NETWORK, "faasfed", Stage.serving("/healthz"), true);
        // the broken ones, found only through a layout that names them
        Stage.container(docker, "fft-lonely", null, null, Stage.serving("/healthz"), true);
        Stage.container(docker, "fft-stopped", NETWORK, "stopped", Stage.serving("/version"), false);
        Stage.container(docker, "fft-noalias", NETWORK, null, Stage.serving("/healthz"), true);
        // accepts one connection and never answers on it (each test that needs one has its own)
        Stage.container(docker, "fft-hang", NETWORK, "hang", List.of("sh", "-c", "sleep 600 | nc -l -p 8080"), true);
        Stage.container(docker, "fft-hang-2", NETWORK, "hang-2", List.of("sh", "-c", "sleep 600 | nc -l -p 8080"), true);
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
            docker.cleanUp();
        }
    }

    @Test
    void containersOnABridgePassEveryHop() {
        VerifyReport report = verify(Stage.request(NETWORK, PlatformLayout.defaults(), Set.of()));

        assertThat(report.passed()).as(Stage.table(report)).isTrue();
        assertThat(report.mode()).isEqualTo(Mode.SINGLE_HOST);
        assertThat(report.checks()).extracting(c -> c.hop() + " " + c.target() + " " + c.status()).contains(
                "driver fft-verify-local PASS",
                "attachable fft-verify-local PASS",
                "running fft-gateway-1 PASS",
                "attached fft-faas-swarm-1 PASS",
                "found openwhisk SKIPPED",
                "attached fft-fnserver-1 PASS",
                "dns gateway PASS",
                "http http://gateway:8080/healthz PASS",
                "http http://faas-swarm:8080/healthz PASS",
                "http http://fnserver:8080/version PASS",
                "http http://faasfed:8080/healthz PASS");
        assertThat(report.checks().get(0).detail()).contains("single-host mode, as this engine is in no swarm");
        assertThat(report.checks()).filteredOn(c -> c.hop().equals("driver")).singleElement().extracting(Check::detail)
                .isEqualTo("bridge, as single-host mode needs");
        Stage.assertNoProbeLeft(docker.client());
    }

    @Test
    void aContainerOffTheNetworkAndAStoppedOneFailTheirHopsAndTheirProbeHopsAreSkipped() {
        PlatformLayout defaults = PlatformLayout.defaults();
        PlatformLayout layout = defaults.with(defaults.component("gateway").named("fft-lonely"))
                .with(defaults.component("fnserver").named("fft-stopped").reachableAs("stopped"));
        VerifyReport report = verify(Stage.request(NETWORK, layout, Set.of(Platform.OPENFAAS, Platform.FN)));

        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop() + " " + failure.target()).isEqualTo("attached fft-lonely");
        assertThat(failure.detail()).isEqualTo("Container fft-lonely is not attached to fft-verify-local. 'faasfed configure "
                + "openfaas --apply --network fft-verify-local' attaches it, or by hand: 'docker network connect --alias gateway "
                + "fft-verify-local fft-lonely'.");
        assertThat(report.checks()).extracting(c -> c.hop() + " " + c.target() + " " + c.status() + " " + c.detail()).contains(
                "running fft-stopped FAIL Container fft-stopped is not running. Start it ('docker start fft-stopped'); "
                        + "'docker logs fft-stopped' says why it stopped.",
                "attached fft-stopped PASS on fft-verify-local",
                "dns gateway SKIPPED skipped: fft-lonely is not attached to fft-verify-local",
                "http http://gateway:8080/healthz SKIPPED skipped: fft-lonely is not attached to fft-verify-local",
                "dns stopped SKIPPED skipped: fft-stopped is not running",
                "http http://faas-swarm:8080/healthz PASS HTTP 200 OK: ok");
        assertThat(report.checks()).filteredOn(c -> c.status() == Check.Status.FAIL).hasSize(2);
    }

    @Test
    void aContainerAttachedWithoutItsAliasFailsItsDnsHopAndItsHttpHopIsSkipped() {
        PlatformLayout defaults = PlatformLayout.defaults();
        PlatformLayout layout = defaults.with(defaults.component("gateway").named("fft-noalias").reachableAs("openfaas-gw"));
        VerifyReport report = verify(Stage.request(NETWORK, layout, Set.of(Platform.OPENFAAS)));

        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop() + " " + failure.target()).isEqualTo("dns openfaas-gw");
        assertThat(failure.detail()).startsWith("Does not resolve on fft-verify-local (")
                .contains("can't find openfaas-gw")
                .endsWith("Give container fft-noalias the alias openfaas-gw on fft-verify-local: 'docker network disconnect "
                        + "fft-verify-local fft-noalias && docker network connect --alias openfaas-gw fft-verify-local fft-noalias'.");
        assertThat(report.checks()).extracting(c -> c.hop() + " " + c.target() + " " + c.status() + " " + c.detail())
                .contains("http http://openfaas-gw:8080/healthz SKIPPED skipped: openfaas-gw does not resolve");
        assertThat(report.checks()).filteredOn(c -> c.status() == Check.Status.FAIL).hasSize(1);
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAtTheProbesLimitAndTheProbeIsRemoved() {
        PlatformLayout defaults = PlatformLayout.defaults();
        PlatformLayout layout = defaults.with(defaults.component("fnserver").named("fft-hang").reachableAs("hang"))
                .with(defaults.faasfedGateway().named("fft-not-running-here"));
        VerifyRequest request = new VerifyRequest(NETWORK, ModeChoice.AUTO, layout, Set.of(Platform.FN), false,
                PrivateDockerEngine.BUSYBOX_IMAGE, Duration.ofSeconds(2));
        // 2 hops of 2 s (+2 s each) and 3 s to start: the probe is stopped after 11 s
        NetworkVerifier verifier = new NetworkVerifier(engine, Duration.ofSeconds(3));
        assertThat(verifier.probeLimit(2, request.hopTimeout())).isEqualTo(Duration.ofSeconds(11));
        VerifyReport report = verifier.verify(request, Progress.SILENT).block(Duration.ofMinutes(2));
        System.out.println(Stage.table(report));

        Check failure = report.firstFailure().orElseThrow();
        assertThat(failure.hop() + " " + failure.target()).isEqualTo("http http://hang:8080/version");
        // this engine's test image is Debian's busybox, whose wget cannot take -T: the probe's limit stops it
        assertThat(failure.detail()).startsWith("No answer: the probe was stopped after 11 s, during this hop. The probe image's "
                + "wget cannot bound a call (-T)");
        assertThat(report.checks()).extracting(c -> c.hop() + " " + c.status()).contains("dns PASS");
        assertThat(report.checks()).filteredOn(c -> c.hop().equals("probe")).singleElement().extracting(Check::detail)
                .asString().endsWith("stopped at its limit of 11 s");
        Stage.assertNoProbeLeft(docker.client());
    }

    @Test
    void aVerifyCancelledWhileItsProbeRunsRemovesTheProbe() {
        PlatformLayout defaults = PlatformLayout.defaults();
        PlatformLayout layout = defaults.with(defaults.component("fnserver").named("fft-hang-2").reachableAs("hang-2"))
                .with(defaults.faasfedGateway().named("fft-not-running-here"));
        VerifyRequest request = new VerifyRequest(NETWORK, ModeChoice.AUTO, layout, Set.of(Platform.FN), false,
                PrivateDockerEngine.BUSYBOX_IMAGE, Duration.ofSeconds(30));
        var probes = docker.client().listContainersCmd().withLabelFilter(Map.of(Labels.ROLE, "probe"));

        Disposable running = new NetworkVerifier(engine).verify(request, Progress.SILENT).subscribe();
        await("the probe runs").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !probes.withShowAll(false).exec().isEmpty());
        running.dispose();

        await("the probe is removed").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> probes.withShowAll(true).exec().isEmpty());
    }

    @Test
    void aRequiredGatewayThatIsNotThereFailsItsFoundRowNamingTheFlag() {
        PlatformLayout defaults = PlatformLayout.defaults();
        VerifyReport report = verify(new VerifyRequest("fft-absent", ModeChoice.AUTO,
                defaults.with(defaults.faasfedGateway().named("fft-nowhere")), Set.of(Platform.OPENFAAS), true,
                PrivateDockerEngine.BUSYBOX_IMAGE, Duration.ofSeconds(5)));

        assertThat(report.checks()).filteredOn(c -> c.target().equals("faasfed gateway")).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Check.Status.FAIL);
            assertThat(c.detail()).isEqualTo("No container is called fft-nowhere, <stack>_fft-nowhere or "
                    + "<project>-fft-nowhere-<n>. Start it, or give its name with --gateway-name NAME.");
        });
        assertThat(report.checks()).filteredOn(c -> c.hop().equals("dns") && c.target().equals("faasfed")).singleElement()
                .extracting(Check::detail).isEqualTo("skipped: faasfed gateway was not found");
    }

    @Test
    void swarmAskedOfAnEngineInNoSwarmFailsTheEngineRowWithTheHint() {
        VerifyRequest defaults = Stage.request(NETWORK, PlatformLayout.defaults(), Set.of());
        VerifyReport report = verify(new VerifyRequest(NETWORK, ModeChoice.SWARM, defaults.layout(), Set.of(), false,
                defaults.probeImage(), defaults.hopTimeout()));

        assertThat(report.checks()).singleElement().satisfies(c -> {
            assertThat(c.hop()).isEqualTo("engine");
            assertThat(c.status()).isEqualTo(Check.Status.FAIL);
            assertThat(c.detail()).startsWith("This Docker engine is not a Swarm manager (it is in no swarm). Run 'docker swarm init");
        });
        assertThat(report.mode()).isEqualTo(Mode.SWARM);
    }

    private static VerifyReport verify(VerifyRequest request) {
        VerifyReport report = new NetworkVerifier(engine).verify(request, Progress.SILENT).block(Duration.ofMinutes(3));
        System.out.println(Stage.table(report));
        return report;
    }
}
