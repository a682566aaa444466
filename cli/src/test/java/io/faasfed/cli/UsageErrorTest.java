package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Usage errors end with exit code 2 before anything is sent to an engine (none is reachable at this host). */
class UsageErrorTest {

    private static final Map<String, String> NO_ENGINE = Map.of("DOCKER_HOST", "unix:///tmp/faasfed-no-engine-here.sock");

    @Test
    void unknownOptionIsExitCodeTwoWithWhereHelpIs() {
        Cli.Result run = Cli.run(NO_ENGINE, "network", "plan", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: Unknown option: '--bogus'", "hint: Run 'faasfed network plan --help'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void misspeltCommandGetsASuggestion() {
        Cli.Result run = Cli.run(NO_ENGINE, "network", "aply");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'aply'", "Did you mean", "network apply");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertThat(Cli.run(NO_ENGINE).exitCode()).isEqualTo(2);
        Cli.Result network = Cli.run(NO_ENGINE, "network");
        assertThat(network.exitCode()).isEqualTo(2);
        assertThat(network.err()).contains("Missing a command: plan, apply, verify or destroy");
        assertThat(Cli.run(NO_ENGINE, "configure").err()).contains("openfaas, openwhisk or fn");
    }

    @Test
    void badValuesSayWhatIsAccepted() {
        assertThat(Cli.run(NO_ENGINE, "network", "plan", "--mode", "cluster"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("'cluster' is not a mode (expected: auto, swarm or single-host)"));
        assertThat(Cli.run(NO_ENGINE, "network", "apply", "--subnet", "10.89.0.1/24"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("host bits are set", "10.89.0.0/24"));
        assertThat(Cli.run(NO_ENGINE, "network", "verify", "--platform", "lambda"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("openfaas, openwhisk or fn"));
        assertThat(Cli.run(NO_ENGINE, "network", "verify", "--timeout", "0s"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("more than zero"));
        assertThat(Cli.run(NO_ENGINE, "configure", "fn", "--format", "yaml"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("text, env or compose"));
    }

    @Test
    void optionsThatMeanNothingTogetherAreUsageErrors() {
        Cli.Result advertise = Cli.run(NO_ENGINE, "network", "apply", "--advertise-addr", "10.0.0.5");
        assertThat(advertise.exitCode()).isEqualTo(2);
        assertThat(advertise.err()).contains("--advertise-addr is only used with --init-swarm");

        Cli.Result planAndApply = Cli.run(NO_ENGINE, "configure", "openfaas", "--plan", "--apply");
        assertThat(planAndApply.exitCode()).isEqualTo(2);
        assertThat(planAndApply.err()).contains("mutually exclusive");

        Cli.Result formatWithApply = Cli.run(NO_ENGINE, "configure", "fn", "--apply", "--format", "env");
        assertThat(formatWithApply.exitCode()).isEqualTo(2);
        assertThat(formatWithApply.err()).contains("--format is for printing");
    }

    @Test
    void invalidInputTheLibraryFindsIsExitCodeTwoWithItsHint() {
        Cli.Result gatewayAlone = Cli.run(NO_ENGINE, "network", "plan", "--gateway", "10.89.0.1");
        assertThat(gatewayAlone.exitCode()).isEqualTo(2);
        assertThat(gatewayAlone.err()).contains("error: A gateway (10.89.0.1) was given without a subnet.",
                "hint: Add --subnet");

        Cli.Result badName = Cli.run(NO_ENGINE, "network", "destroy", "--network", "bad/name");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("is not one Docker accepts");

        Cli.Result badHost = Cli.run(NO_ENGINE, "--host", "docker.example:2375", "network", "plan");
        assertThat(badHost.exitCode()).isEqualTo(2);
        assertThat(badHost.err()).contains("is not an address Docker understands", "tcp://HOST:PORT");
    }

    @Test
    void usageErrorsAreJsonToWithJson() throws Exception {
        Cli.Result run = Cli.run(NO_ENGINE, "network", "plan", "--json", "--mode", "cluster");

        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode error = new ObjectMapper().readTree(run.out()).get("error");
        assertThat(error.get("problem").asText()).isEqualTo("USAGE");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("message").asText()).contains("'cluster' is not a mode");
        assertThat(error.get("hint").asText()).contains("--help");
    }
}
