package io.faasfed.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessFunctionRunnerTest {

    private final ProcessFunctionRunner runner = new ProcessFunctionRunner(4096);

    @AfterEach
    void close() {
        runner.close();
    }

    private static ProcessCall shell(String commandLine, Map<String, String> env, String stdin, Duration timeout) {
        return new ProcessCall(SandboxCatalog.shell(commandLine), env, stdin.getBytes(StandardCharsets.UTF_8), timeout,
                false);
    }

    static boolean anyProcessRuns(String commandLine) {
        return ProcessHandle.allProcesses()
                .anyMatch(process -> process.info().commandLine().orElse("").contains(commandLine));
    }

    @Test
    void bodyGoesToStdinAndStdoutComesBack() {
        ProcessOutcome outcome = runner.run(shell("tr a-z A-Z", Map.of(), "watchdog", Duration.ofSeconds(10)))
                .block(Duration.ofSeconds(15));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.stdoutText()).isEqualTo("WATCHDOG");
        assertThat(outcome.durationSeconds()).matches("\\d+\\.\\d{6}");
    }

    @Test
    void envVariablesReachTheProcessAndStderrStaysApart() {
        ProcessOutcome outcome = runner.run(shell("printf %s \"$Http_Method\"; echo oops >&2",
                Map.of("Http_Method", "PUT"), "", Duration.ofSeconds(10))).block(Duration.ofSeconds(15));

        assertThat(outcome.stdoutText()).isEqualTo("PUT");
        assertThat(outcome.stderrText()).isEqualTo("oops\n");
    }

    @Test
    void theProcessGetsTheBaseAndItsOwnVariablesNotTheEmulatorsEnvironment() {
        // The JVM running this test has plenty of its own (HOME, USER, JAVA_HOME, MAVEN_*...): none may reach a function.
        assertThat(System.getenv().keySet()).isNotEmpty();
        ProcessOutcome outcome = runner.run(new ProcessCall(List.of("env"), Map.of("DB_PASSWORD", "hunter2",
                "Http_Method", "POST"), new byte[0], Duration.ofSeconds(10), false)).block(Duration.ofSeconds(15));

        assertThat(outcome.succeeded()).isTrue();
        Map<String, String> seen = new java.util.TreeMap<>();
        outcome.stdoutText().lines().map(line -> line.split("=", 2))
                .forEach(pair -> seen.put(pair[0], pair.length > 1 ? pair[1] : ""));
        java.util.Set<String> expected = new java.util.TreeSet<>(FunctionEnvironment.BASE_NAMES);
        expected.addAll(List.of("DB_PASSWORD", "Http_Method"));
        assertThat(seen.keySet()).isEqualTo(expected);
        assertThat(seen).containsEntry("DB_PASSWORD", "hunter2").containsEntry("LANG", "C.UTF-8");
        assertThat(seen.get("HOME")).isNotEqualTo(System.getenv("HOME"));
    }

    @Test
    void mergedStderrArrivesOnStdout() {
        ProcessOutcome outcome = runner.run(new ProcessCall(SandboxCatalog.shell("echo out; echo err >&2"), Map.of(),
                new byte[0], Duration.ofSeconds(10), true)).block(Duration.ofSeconds(15));

        assertThat(outcome.stdoutText()).contains("out").contains("err");
    }

    @Test
    void nonZeroExitIsReportedWithItsStatus() {
        ProcessOutcome outcome = runner.run(shell("exit 7", Map.of(), "", Duration.ofSeconds(10)))
                .block(Duration.ofSeconds(15));

        assertThat(outcome.status()).isEqualTo(ProcessOutcome.Status.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(7);
        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    void timeoutKillsTheProcessAndItsChildren() {
        ProcessOutcome outcome = runner.run(shell("sleep 41; echo late", Map.of(), "", Duration.ofMillis(300)))
                .block(Duration.ofSeconds(15));

        assertThat(outcome.status()).isEqualTo(ProcessOutcome.Status.TIMED_OUT);
        assertThat(outcome.duration()).isLessThan(Duration.ofSeconds(10));
        assertThat(anyProcessRuns("sleep 41")).isFalse();
    }

    @Test
    void outputOverTheCapKillsTheProcess() {
        ProcessOutcome outcome = runner.run(shell("yes", Map.of(), "", Duration.ofSeconds(10)))
                .block(Duration.ofSeconds(15));

        assertThat(outcome.status()).isEqualTo(ProcessOutcome.Status.OUTPUT_TOO_LARGE);
        assertThat(outcome.stdout()).hasSize(4096);
        assertThat(outcome.message()).contains("4096 bytes");
    }

    @Test
    void aProgramThatDoesNotExistFailsWithoutOutput() {
        ProcessOutcome outcome = runner.run(new ProcessCall(List.of("/nonexistent/faasfed-program"), Map.of(),
                new byte[0], Duration.ofSeconds(5), false)).block(Duration.ofSeconds(10));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.stdout()).isEmpty();
    }

    @Test
    void aClosedRunnerStartsNothing() {
        runner.close();

        ProcessOutcome outcome = runner.run(shell("echo hi", Map.of(), "", Duration.ofSeconds(5)))
                .block(Duration.ofSeconds(10));

        assertThat(outcome.status()).isEqualTo(ProcessOutcome.Status.NOT_STARTED);
    }

    @Test
    void closeKillsWhatStillRuns() throws Exception {
        CompletableFuture<ProcessOutcome> running = runner.run(shell("sleep 43", Map.of(), "", Duration.ofSeconds(60)))
                .toFuture();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runner.running() == 1);

        runner.close();

        assertThat(running.get(10, TimeUnit.SECONDS).succeeded()).isFalse();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(anyProcessRuns("sleep 43")).isFalse());
    }
}
