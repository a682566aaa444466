package io.faasfed.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.emulator.container.Addressing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the emulators image's entry point reads from its environment, as each real component reads it. */
class EmulatorMainTest {

    @Test
    void openFaasReadsItsBasicAuthSecretsAndLeavesTheNetworkToEachDeploy(@TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("basic-auth-user"), "admin\n");
        Files.writeString(secrets.resolve("basic-auth-password"), "s3cret\n");

        EmulatorOptions options = EmulatorMain.options("openfaas", Map.of("secret_mount_path", secrets + "/"));

        assertThat(options.credentials()).isEqualTo(new Credentials("admin", "s3cret"));
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.containers().network()).isNull();
        assertThat(options.containers().addressing()).isEqualTo(Addressing.NAME);
        assertThat(options.containers().docker().host()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void openWhiskReadsTheInvokersNetworkItsKeyAndTheApiHostActionsGet(@TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("key"), "k".repeat(64));

        EmulatorOptions options = EmulatorMain.options("openwhisk", Map.of(
                "PORT", "8888",
                "CONFIG_whisk_containerFactory_containerArgs_network", "faasnet",
                "FAASFED_EMULATOR_OPENWHISK_KEY_FILE", secrets.resolve("key").toString(),
                "WHISK_API_HOST_NAME", "controller",
                "WHISK_API_HOST_PORT", "8888"));

        assertThat(options.port()).isEqualTo(8888);
        assertThat(options.containers().network()).isEqualTo("faasnet");
        assertThat(options.credentials()).isEqualTo(new Credentials(EmulatorMain.OPENWHISK_GUEST_UUID, "k".repeat(64)));
        assertThat(options.apiHost()).isEqualTo("http://controller:8888");
    }

    @Test
    void fnTakesTheFirstOfItsDockerNetworks() {
        EmulatorOptions options = EmulatorMain.options("fn", Map.of("FN_DOCKER_NETWORKS", " faasnet other "));

        assertThat(options.containers().network()).isEqualTo("faasnet");
        assertThat(options.credentials()).isNull();
    }

    @Test
    void aMissingSettingStopsTheStartSayingWhich() {
        assertThatThrownBy(() -> EmulatorMain.options("fn", Map.of()))
                .hasMessageContaining("FN_DOCKER_NETWORKS");
        assertThatThrownBy(() -> EmulatorMain.options("openfaas", Map.of("secret_mount_path", "/nonexistent/")))
                .hasMessageContaining("/nonexistent/basic-auth-user");
        assertThatThrownBy(() -> EmulatorMain.options("fn", Map.of("FN_DOCKER_NETWORKS", "n", "PORT", "http")))
                .hasMessageContaining("PORT=http");
        assertThatThrownBy(() -> EmulatorMain.start(new String[] {"lambda"}, Map.of()))
                .hasMessageContaining("openfaas, openwhisk or fn");
    }

    @Test
    void processModeNeedsNoEngineNorNetwork() {
        EmulatorOptions options = EmulatorMain.options("fn", Map.of("FAASFED_EMULATOR_MODE", "process"));

        assertThat(options.containerMode()).isFalse();
    }
}
