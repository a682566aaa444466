package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.stack.StackDefinition;
import io.faasfed.network.stack.StackFiles;

/** What {@code bootstrap} decides before it talks to an engine: what it verifies, the key file, bad options. */
class BootstrapWithoutEngineTest {

    private static final Path COMPOSE = Path.of("..", "compose");

    @TempDir
    Path dir;

    @Test
    void withLocalYmlEveryPlatformIsVerifiedAndAnEmulatorStandsInForTheScaledDownParts() {
        StackDefinition definition = read("federation.yml", "openfaas.yml", "openwhisk.yml", "fn.yml", "local.yml");

        BootstrapTargets targets = BootstrapTargets.of(definition, "faasfed", "faasnet");

        assertThat(targets.platforms()).containsExactlyInAnyOrder(Platform.OPENFAAS, Platform.OPENWHISK, Platform.FN);
        assertThat(targets.gatewayUrl()).contains("http://faasfed:8080");
        assertThat(targets.layout().faasfedGateway().name()).isEqualTo("faasfed_faasfed");
        assertThat(targets.layout().component("gateway").name()).isEqualTo("faasfed_gateway");
        // faas-swarm and the invoker run no task with local.yml: the emulator answering as gateway / controller is checked
        assertThat(targets.layout().component("faas-swarm").name()).isEqualTo("faasfed_gateway");
        assertThat(targets.layout().component("faas-swarm").dnsName()).isEqualTo("gateway");
        assertThat(targets.layout().component("invoker").name()).isEqualTo("faasfed_controller");
        assertThat(targets.layout().component("fnserver").name()).isEqualTo("faasfed_fnserver");
    }

    @Test
    void onlyThePlatformsWhoseFilesAreDeployedAreRequired() {
        StackDefinition definition = read("federation.yml", "fn.yml");

        BootstrapTargets targets = BootstrapTargets.of(definition, "demo", "faasnet");

        assertThat(targets.platforms()).containsExactly(Platform.FN);
        assertThat(targets.layout().component("fnserver").name()).isEqualTo("demo_fnserver");
        assertThat(targets.gateway()).isPresent();
    }

    @Test
    void anAdminKeyFileIsWrittenForItsOwnerOnlyAndNeverOverwritten() throws Exception {
        AdminKeyFile file = new AdminKeyFile(dir.resolve("admin.key"));
        assertThat(file.existingKey()).isEmpty();
        String key = "ffk_abcdefghijkl_" + "s".repeat(43);

        file.write(key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(file.existingKey()).contains(key);
        assertThatThrownBy(() -> file.write(key)).isInstanceOf(SetupException.class).hasMessageContaining("not overwritten");
    }

    @Test
    void anAdminKeyFileHoldingSomethingElseIsRefused() throws Exception {
        Path other = Files.writeString(dir.resolve("notes.txt"), "my notes\n");

        assertThatThrownBy(() -> new AdminKeyFile(other).existingKey())
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.INVALID_INPUT);
                    assertThat(e.getMessage()).contains(other.toString(), "does not hold a faasfed key", "not overwritten");
                    assertThat(e.hint()).contains("--admin-key-file");
                });
        assertThat(Files.readString(other)).isEqualTo("my notes\n");
    }

    @Test
    void missingStackFilesNetworkMismatchAndSingleHostAreClearErrorsBeforeAnyEngineIsAsked() throws Exception {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"));

        Cli.Result noCompose = Cli.run(env, "bootstrap", "--compose-dir", dir.toString());
        assertThat(noCompose.exitCode()).isEqualTo(2);
        assertThat(noCompose.err()).contains("federation.yml does not exist", "hint: Run bootstrap from the faasfed folder");

        Path file = Files.writeString(dir.resolve("s.yml"), """
                services:
                  web:
                    image: local/faasfed-busybox:1
                    networks: [shared]
                networks:
                  shared:
                    external: true
                    name: elsewhere
                """);
        Cli.Result mismatch = Cli.run(env, "bootstrap", "-c", file.toString());
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("join the external network elsewhere, not faasnet",
                "hint: Pass --network elsewhere");

        Cli.Result singleHost = Cli.run(env, "bootstrap", "--mode", "single-host");
        assertThat(singleHost.exitCode()).isEqualTo(2);
        assertThat(singleHost.err()).contains("bootstrap deploys a Swarm stack");

        Cli.Result noEngine = Cli.run(env, "bootstrap", "-c", file.toString(), "--network", "elsewhere");
        assertThat(noEngine.exitCode()).isEqualTo(SetupProblem.DOCKER_UNREACHABLE.exitCode());
        assertThat(noEngine.err()).contains("No Docker engine answers").doesNotContain("Exception");
    }

    private static StackDefinition read(String... files) {
        return StackFiles.read(java.util.Arrays.stream(files).map(COMPOSE::resolve).toList(), Map.of());
    }
}
