package io.faasfed.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faasfed.durability.GatewayClient.Submission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's resume proof, with real processes: a composition of three top-level tasks ({@code first} →
 * {@code second} → {@code third}, OpenFaaS functions of the emulator) runs {@value #RUNS} times through
 * {@code /async-function} on gateway-a, whose {@code second} step blocks until the test releases it. Once every run
 * has completed {@code first} (the execution log shows {@code second} started, and the run's trace shows
 * {@code first} succeeded), gateway-b joins the same Redis and gateway-a is killed with SIGKILL; then the test
 * releases {@code second}. gateway-b takes the jobs over after the claim threshold and resumes each run from its
 * checkpoint: every run succeeds with the right output, {@code first} and {@code third} ran exactly once per run,
 * and {@code second} (in flight when gateway-a died, and without a retry policy) at most twice.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CompositionRunsSurviveAGatewayKillTest {

    private static final int RUNS = 12;
    private static final String COMPOSITION = "three-steps";
    private static final List<String> STEPS = List.of("first", "second", "third");
    /** How long a held {@code second} may wait (the emulator's upstream timeout and the state's own). */
    private static final Duration HELD_AT_MOST = Duration.ofMinutes(4);
    private static final Duration REACH_SECOND_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern RUN_TAG = Pattern.compile("\"run\":\"(r\\d+)\"");

    private static final String DEFINITION = """
            {"name": "%s", "description": "three top-level tasks; the second is held by the test",
             "startAt": "first",
             "states": {
               "first": {"type": "task", "function": "first", "next": "second"},
               "second": {"type": "task", "function": "second", "timeout": "%ds", "next": "third"},
               "third": {"type": "task", "function": "third", "end": true}
             }}
            """.formatted(COMPOSITION, HELD_AT_MOST.toSeconds());

    @Test
    void everyRunResumesOnTheSurvivorAndNoCompletedStepRunsTwice() throws Exception {
        try (DurabilityRig rig = new DurabilityRig("composition-killed", Map.of("faasfed.async.claim-idle", "10s"),
                HELD_AT_MOST)) {
            rig.prove(CompositionRunsSurviveAGatewayKillTest::prove);
        }
    }

    private static void prove(DurabilityRig rig) throws Exception {
        Instant started = Instant.now();
        Path gate = rig.folder.resolve("release-second");
        Files.deleteIfExists(gate);
        GatewayProcess a = rig.startGateway("gateway-a");
        for (String step : STEPS) {
            rig.deploy(a, step, rig.executions.stepProcess(step, "second".equals(step) ? gate : null), List.of(a));
        }
        rig.client.saveComposition(a.baseUrl(), COMPOSITION, DEFINITION);
        rig.awaitKnown(a, COMPOSITION);

        // The runs, each tagged in its input so that its steps' executions can be told apart.
        Map<String, String> callIdByRun = new LinkedHashMap<>();
        Map<String, Integer> refusals = new TreeMap<>();
        String batch = UUID.randomUUID().toString();
        for (int i = 0; i < RUNS; i++) {
            String run = String.format("r%02d", i);
            Submission answer = rig.client.submit(a.baseUrl(), COMPOSITION, "{\"run\":\"" + run + "\"}",
                    rig.callbacks.url(), batch + "-" + run);
            if (answer.acknowledged()) {
                callIdByRun.put(run, answer.callId());
            } else {
                refusals.merge(answer.outcome() + " " + answer.body(), 1, Integer::sum);
            }
        }
        assertThat(callIdByRun).as("runs acknowledged by gateway-a; refusals: " + refusals).hasSize(RUNS);
        List<String> callIds = List.copyOf(callIdByRun.values());

        // Every run has completed 'first' on gateway-a and is held in 'second'.
        await("every run's 'second' started on gateway-a").atMost(REACH_SECOND_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> count(rig.executions.read()).executedBy("second").size() == RUNS || !a.alive());
        assertThat(a.alive()).as("gateway-a alive while the runs reach 'second'").isTrue();
        await("every run's trace on gateway-a showing 'first' succeeded").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> firstSucceededInTrace(rig, a, callIds) == RUNS);
        Instant held = Instant.now();

        GatewayProcess b = rig.startGateway("gateway-b");
        for (String function : List.of("first", "second", "third", COMPOSITION)) {
            rig.awaitKnown(b, function);
        }
        StepCounts beforeKill = count(rig.executions.read());
        long pid = a.pid();
        int exitStatus = a.kill();
        boolean stillThere = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        Files.createFile(gate);
        Instant killed = Instant.now();

        DurabilityRig.Settled settled = rig.awaitSettled(b, callIds, SETTLE_TIMEOUT);
        Instant settledAt = Instant.now();
        StepCounts after = count(rig.executions.read());

        Map<String, Integer> states = new TreeMap<>();
        Map<String, Integer> traced = new TreeMap<>();
        List<String> lost = new ArrayList<>();
        List<String> wrongOutput = new ArrayList<>();
        int resumed = 0;
        int calledBack = 0;
        int takenOver = 0;
        String marker = "-" + pid + "-";
        for (Map.Entry<String, String> entry : callIdByRun.entrySet()) {
            String run = entry.getKey();
            String id = entry.getValue();
            String state = settled.states().getOrDefault(id, "never read");
            states.merge(state, 1, Integer::sum);
            JsonNode record = settled.records().get(id);
            if (!"succeeded".equals(state) || record == null) {
                lost.add(run + " " + id + " (state " + state + ", record " + record + ")");
                continue;
            }
            if (rig.callbacks.deliveries(id) > 0) {
                calledBack++;
            }
            if (record.path("run").path("resumes").asInt() >= 1) {
                resumed++;
            }
            List<String> consumers = new ArrayList<>();
            record.path("attempts").forEach(attempt -> consumers.add(attempt.path("consumer").asString()));
            if (!consumers.isEmpty() && consumers.get(0).contains(marker)
                    && !consumers.get(consumers.size() - 1).contains(marker)) {
                takenOver++;
            }
            record.path("run").path("steps").forEach(step -> traced.merge(step.path("path").asString() + "@"
                    + step.path("platform").asString() + ":" + step.path("status").asString(), 1, Integer::sum));
            JsonNode expected = GatewayClient.json("{\"step\":\"third\",\"in\":{\"step\":\"second\",\"in\":"
                    + "{\"step\":\"first\",\"in\":{\"run\":\"" + run + "\"}}}}");
            String body = record.path("result").path("body").asString();
            JsonNode output = body == null || body.isEmpty() ? null : GatewayClient.json(body);
            if (!expected.equals(output)) {
                wrongOutput.add(run + ": " + body);
            }
        }

        Report report = new Report("a composition's replica killed with SIGKILL during its second step")
                .put("composition", COMPOSITION + ": first -> second -> third (OpenFaaS emulator, no retriers)")
                .put("runs submitted (acknowledged by gateway-a)", callIdByRun.size())
                .put("gateway-a killed with every run in 'second'", "exit status " + exitStatus
                        + (exitStatus == GatewayProcess.SIGKILL_STATUS ? " = SIGKILL" : "") + ", pid " + pid
                        + (stillThere ? " STILL ALIVE" : " gone"))
                .put("  executions before the kill", beforeKill.totals())
                .put("succeeded (on gateway-b)", states.getOrDefault("succeeded", 0))
                .put("  states", states)
                .put("lost (not succeeded)", lost.size())
                .put("resumed (run.resumes >= 1)", resumed)
                .put("taken over (first attempt gateway-a's, last another's)", takenOver)
                .put("callbacks delivered", calledBack)
                .put("wrong final outputs", wrongOutput.size())
                .put("executions per step function (all runs)", after.totals())
                .put("  runs per number of executions, by step", after.histogram())
                .put("  executions without X-Parent-Call-Id", after.withoutParent)
                .put("  executions under another run's call id", after.foreign(callIdByRun))
                .put("steps in the runs' traces (path@platform:status)", traced)
                .put("start-up until every run was held", Duration.between(started, held).toSeconds() + " s")
                .put("gateway-b start-up until the kill", Duration.between(held, killed).toSeconds() + " s")
                .put("kill until every run settled", Duration.between(killed, settledAt).toSeconds() + " s"
                        + (settled.timedOut() ? " (TIMED OUT)" : ""))
                .errors(rig.gatewayErrors());
        report.print(rig.folder);

        assertThat(exitStatus).as("gateway-a's exit status (137 = killed by SIGKILL)")
                .isEqualTo(GatewayProcess.SIGKILL_STATUS);
        assertThat(stillThere).as("gateway-a's pid still alive after SIGKILL").isFalse();
        assertThat(beforeKill.executedBy("first")).as("runs whose 'first' ran before the kill").hasSize(RUNS);
        assertThat(beforeKill.executedBy("third")).as("runs whose 'third' ran before the kill (none may: "
                + "'second' was held)").isEmpty();
        assertThat(lost).as("runs lost (not succeeded)").isEmpty();
        assertThat(wrongOutput).as("runs whose final output is not first/second/third over their input").isEmpty();
        assertThat(calledBack).as("runs called back").isEqualTo(RUNS);
        assertThat(resumed).as("runs resumed from a checkpoint (run.resumes >= 1)").isEqualTo(RUNS);
        for (String run : callIdByRun.keySet()) {
            assertThat(after.times(run, "first")).as(run + ": executions of 'first' (completed before the kill: "
                    + "exactly once)").isEqualTo(1);
            assertThat(after.times(run, "second")).as(run + ": executions of 'second' (in flight at the kill: at "
                    + "most twice)").isBetween(1, 2);
            assertThat(after.times(run, "third")).as(run + ": executions of 'third' (exactly once)").isEqualTo(1);
        }
        assertThat(rig.gatewayErrors()).as("the gateways' ERROR lines about the async worker or a composition run")
                .noneMatch(line -> line.contains("async worker") || line.contains("composition")
                        || line.contains(COMPOSITION));
    }

    /** How many of {@code callIds} show a succeeded {@code first} in their trace on {@code gateway}. */
    private static long firstSucceededInTrace(DurabilityRig rig, GatewayProcess gateway, List<String> callIds)
            throws Exception {
        long count = 0;
        for (String id : callIds) {
            JsonNode record = rig.client.call(gateway.baseUrl(), id);
            if (record == null) {
                continue;
            }
            for (JsonNode step : record.path("run").path("steps")) {
                if ("first".equals(step.path("path").asString())
                        && "succeeded".equals(step.path("status").asString())) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    private static StepCounts count(List<ExecutionLog.Execution> log) {
        Map<String, Map<String, Integer>> byRun = new TreeMap<>();
        Map<String, Map<String, Integer>> parents = new TreeMap<>();
        int withoutParent = 0;
        for (ExecutionLog.Execution execution : log) {
            String body = execution.body();
            int space = body.indexOf(' ');
            String step = space < 0 ? body : body.substring(0, space);
            Matcher tag = RUN_TAG.matcher(body);
            String run = tag.find() ? tag.group(1) : "untagged";
            byRun.computeIfAbsent(run, r -> new TreeMap<>()).merge(step, 1, Integer::sum);
            parents.computeIfAbsent(run, r -> new TreeMap<>()).merge(execution.callId(), 1, Integer::sum);
            if ("-".equals(execution.callId())) {
                withoutParent++;
            }
        }
        return new StepCounts(byRun, parents, withoutParent);
    }

    /**
     * The step functions' executions, from the execution log.
     *
     * @param byRun         per run tag, per step, how many times it ran
     * @param parents       per run tag, per {@code X-Parent-Call-Id} seen, how many executions
     * @param withoutParent executions whose function saw no {@code X-Parent-Call-Id}
     */
    private record StepCounts(Map<String, Map<String, Integer>> byRun, Map<String, Map<String, Integer>> parents,
                              int withoutParent) {

        int times(String run, String step) {
            return byRun.getOrDefault(run, Map.of()).getOrDefault(step, 0);
        }

        List<String> executedBy(String step) {
            return byRun.keySet().stream().filter(run -> times(run, step) > 0).toList();
        }

        Map<String, Integer> totals() {
            Map<String, Integer> totals = new LinkedHashMap<>();
            STEPS.forEach(step -> totals.put(step, byRun.values().stream()
                    .mapToInt(steps -> steps.getOrDefault(step, 0)).sum()));
            return totals;
        }

        /** Per step: {@code executions -> runs}, e.g. {@code second={2=12}}. */
        Map<String, Map<Integer, Integer>> histogram() {
            Map<String, Map<Integer, Integer>> histogram = new LinkedHashMap<>();
            for (String step : STEPS) {
                Map<Integer, Integer> runs = new TreeMap<>();
                byRun.keySet().forEach(run -> runs.merge(times(run, step), 1, Integer::sum));
                histogram.put(step, runs);
            }
            return histogram;
        }

        /** Executions whose {@code X-Parent-Call-Id} is not the call id the run was acknowledged with. */
        int foreign(Map<String, String> callIdByRun) {
            int foreign = 0;
            for (Map.Entry<String, Map<String, Integer>> run : parents.entrySet()) {
                String expected = callIdByRun.get(run.getKey());
                for (Map.Entry<String, Integer> parent : run.getValue().entrySet()) {
                    if (!"-".equals(parent.getKey()) && !parent.getKey().equals(expected)) {
                        foreign += parent.getValue();
                    }
                }
            }
            return foreign;
        }
    }
}
