package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code configure} prints what the library renders, without an engine; {@code --plan} and {@code --apply} ask the
 * engine. (These need PlatformConfigurator's implementation, which comes from the platform-configuration work.)
 */
class ConfigureCommandTest {

    private static final Map<String, String> NO_ENGINE = Map.of("DOCKER_HOST", "unix:///tmp/faasfed-no-engine-here.sock");

    @Test
    void printingNeedsNoEngineAndNamesTheSettingOfEachPlatform() {
        Cli.Result fn = Cli.run(NO_ENGINE, "configure", "fn", "--format", "env", "--network", "fft-shared");
        assertThat(fn.exitCode()).as(fn.err()).isZero();
        assertThat(fn.out()).contains("FN_DOCKER_NETWORKS=fft-shared");

        Cli.Result openwhisk = Cli.run(NO_ENGINE, "configure", "openwhisk", "--format", "env");
        assertThat(openwhisk.exitCode()).as(openwhisk.err()).isZero();
        assertThat(openwhisk.out()).contains("CONFIG_whisk_containerFactory_containerArgs_network=faasnet");
        Captured.write("configure-openwhisk-env", openwhisk);

        Cli.Result openfaas = Cli.run(NO_ENGINE, "configure", "openfaas");
        assertThat(openfaas.exitCode()).as(openfaas.err()).isZero();
        assertThat(openfaas.out()).contains("faasnet");
        Captured.write("configure-openfaas-text", openfaas);
    }

    @Test
    void printedConfigurationAsJson() throws Exception {
        Cli.Result run = Cli.run(NO_ENGINE, "configure", "fn", "--format", "compose", "--mode", "single-host", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.fieldNames()).toIterable().containsExactly("command", "platform", "mode", "network", "format", "config");
        assertThat(json.get("command").asText()).isEqualTo("configure fn");
        assertThat(json.get("mode").asText()).isEqualTo("single-host");
        assertThat(json.get("format").asText()).isEqualTo("compose");
        assertThat(json.get("config").asText()).contains("FN_DOCKER_NETWORKS");
    }

    @Test
    void planAsksTheEngine() {
        Cli.Result run = Cli.run(NO_ENGINE, "configure", "fn", "--plan");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("No Docker engine answers at unix:///tmp/faasfed-no-engine-here.sock");
    }
}
