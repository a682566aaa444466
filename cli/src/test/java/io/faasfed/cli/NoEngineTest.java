package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * No Docker socket, for real: the command tries to connect to a socket that does not exist and ends with exit code 3,
 * naming the host and how to point DOCKER_HOST (or --host) at an engine.
 */
class NoEngineTest {

    private static final String MISSING = "unix:///tmp/nonexistent-xyz.sock";

    @Test
    void noSocketAtHostIsExitCodeThreeAndTheHintNamesDockerHost() {
        Cli.Result run = Cli.run("--host", MISSING, "network", "plan");
        Captured.write("error-no-socket", run);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("error: No Docker engine answers at " + MISSING)
                .contains("hint: Start the Docker engine that listens on that socket, or point DOCKER_HOST (or --host) at the right one");
        assertThat(run.err()).contains("\u2026 Connecting to Docker at " + MISSING, "failed Connecting to Docker at " + MISSING);
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void dockerHostFromTheEnvironmentIsWhereItLooks() {
        Cli.Result run = Cli.run(Map.of("DOCKER_HOST", MISSING), "network", "destroy");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("No Docker engine answers at " + MISSING, "DOCKER_HOST");
    }

    @Test
    void hostOptionWinsOverDockerHost() {
        Cli.Result run = Cli.run(Map.of("DOCKER_HOST", "unix:///tmp/faasfed-other.sock"), "--host", MISSING, "network", "plan");

        assertThat(run.err()).contains(MISSING).doesNotContain("faasfed-other");
    }

    @Test
    void withJsonTheErrorIsOneDocumentOnStdout() throws Exception {
        Cli.Result run = Cli.run("--host", MISSING, "network", "plan", "--json");
        Captured.write("error-no-socket-json", run);

        assertThat(run.exitCode()).isEqualTo(3);
        JsonNode document = new ObjectMapper().readTree(run.out());
        assertThat(document.fieldNames()).toIterable().containsExactly("error");
        JsonNode error = document.get("error");
        assertThat(error.fieldNames()).toIterable().containsExactly("problem", "exitCode", "message", "hint");
        assertThat(error.get("problem").asText()).isEqualTo("DOCKER_UNREACHABLE");
        assertThat(error.get("exitCode").asInt()).isEqualTo(3);
        assertThat(error.get("message").asText()).contains(MISSING);
        assertThat(error.get("hint").asText()).contains("DOCKER_HOST");
    }

    @Test
    void noProgressShowsOnlyTheError() {
        Cli.Result run = Cli.run("--host", MISSING, "--no-progress", "network", "plan");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("error: No Docker engine answers").doesNotContain("Connecting");
    }

    @Test
    void onATerminalTheStepEndsWithACrossInsteadOfPlainLines() {
        Cli.Result run = Cli.run(Map.of("NO_COLOR", "1"), true, "--host", MISSING, "network", "plan");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("\r", "\u2718 Connecting to Docker at " + MISSING + " \u2014 No Docker engine answers")
                .doesNotContain("failed Connecting", "\u001b[31m");
    }

    @Test
    void onATerminalWithJsonProgressIsPlainLinesSoNothingIsRedrawn() {
        Cli.Result run = Cli.run(Map.of(), true, "--host", MISSING, "network", "plan", "--json");

        assertThat(run.err()).contains("failed Connecting to Docker").doesNotContain("\r");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result run = Cli.run("--host", MISSING, "network", "plan", "-v");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("error: No Docker engine answers", "io.faasfed.network.SetupException", "\tat ");
    }
}
