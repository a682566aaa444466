package io.faasfed.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faasfed.durability.GatewayClient.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15's second proof, with real processes: a gateway JVM on a {@code redis-server} of the test's own
 * ({@code appendonly yes}, {@code appendfsync always}) that is killed with SIGKILL while calls run and started again on
 * the same port and folder. Submits during the outage are refused with 503 (never 202), the gateway acknowledges
 * again once Redis is back, and no call acknowledged before the outage is lost.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AsyncCallsSurviveARedisRestartTest {

    private static final int CALLS_BEFORE = 200;
    private static final int CALLS_DURING = 50;
    private static final int SLEEP_SECONDS = 1;
    private static final int EXECUTIONS_BEFORE_OUTAGE = 20;
    private static final Duration OUTAGE_AT_LEAST = Duration.ofSeconds(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void submitsDuringTheOutageAre503AndNoAcknowledgedCallIsLost() throws Exception {
        try (DurabilityRig rig = new DurabilityRig("redis-restarted", Map.of("faasfed.async.claim-idle", "10s"))) {
            rig.prove(AsyncCallsSurviveARedisRestartTest::prove);
        }
    }

    private static void prove(DurabilityRig rig) throws Exception {
        GatewayProcess gateway = rig.startGateway("gateway");
        rig.deployRecorder(gateway, SLEEP_SECONDS, List.of(gateway));

        List<Submission> before = submitAll(rig, gateway, "before", CALLS_BEFORE);
        List<String> callIds = new ArrayList<>(before.stream().filter(Submission::acknowledged)
                .map(Submission::callId).toList());
        assertThat(callIds).as("calls acknowledged before the outage; refusals: " + outcomes(before))
                .hasSize(CALLS_BEFORE);

        await("the first " + EXECUTIONS_BEFORE_OUTAGE + " executions").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> rig.executions.read().size() >= EXECUTIONS_BEFORE_OUTAGE);
        int executedBeforeOutage = rig.executions.read().size();
        Instant outageStarted = Instant.now();
        int redisExit = rig.redis.stop(true);
        assertThat(rig.redis.answers()).as("Redis answering after SIGKILL").isFalse();

        List<Submission> during = submitAll(rig, gateway, "outage", CALLS_DURING);
        Duration untilRestart = OUTAGE_AT_LEAST.minus(Duration.between(outageStarted, Instant.now()));
        if (!untilRestart.isNegative()) {
            Thread.sleep(untilRestart.toMillis());
        }
        rig.redis.startAgain();
        Duration outage = Duration.between(outageStarted, Instant.now());

        // Probes until the gateway acknowledges again; each acknowledged probe is a call that must succeed too.
        AtomicInteger probes = new AtomicInteger();
        List<Submission> probeAnswers = new ArrayList<>();
        Instant restarted = Instant.now();
        await("the gateway acknowledging calls again after Redis restarted").atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    Submission probe = rig.client.submit(gateway.baseUrl(), DurabilityRig.FUNCTION,
                            "probe-" + probes.incrementAndGet(), rig.callbacks.url(), null);
                    probeAnswers.add(probe);
                    return probe.acknowledged();
                });
        Duration recovery = Duration.between(restarted, Instant.now());
        probeAnswers.stream().filter(Submission::acknowledged).map(Submission::callId).forEach(callIds::add);

        Instant settling = Instant.now();
        DurabilityRig.Settled settled = rig.awaitSettled(gateway, callIds, SETTLE_TIMEOUT);
        Tally tally = Tally.of(callIds, settled, rig);

        long refused503 = during.stream().filter(answer -> answer.status() == 503).count();
        long accepted = during.stream().filter(answer -> answer.status() == 202).count();
        long refusedExecuted = rig.executions.read().stream().filter(e -> e.body().startsWith("outage-")).count();
        Report report = new Report("Redis killed with SIGKILL and restarted mid-run")
                .put("redis-server", rig.redis.binary() + " (appendonly yes, appendfsync always)")
                .put("submitted", CALLS_BEFORE + CALLS_DURING + probes.get() + " (" + CALLS_BEFORE + " before, "
                        + CALLS_DURING + " during the outage, " + probes.get() + " probes after)")
                .put("acknowledged (202)", callIds.size() + " (" + CALLS_BEFORE + " before + "
                        + (callIds.size() - CALLS_BEFORE) + " probe)")
                .put("executions when Redis was killed", executedBeforeOutage + " (exit status " + redisExit + "; "
                        + (CALLS_BEFORE - executedBeforeOutage) + " acknowledged calls not run yet)")
                .put("refused during the outage (503)", refused503 + " of " + CALLS_DURING)
                .put("  answers during the outage", outcomes(during) + ", the slowest in "
                        + during.stream().mapToLong(Submission::millis).max().orElse(0) + " ms")
                .put("  202 during the outage", accepted)
                .put("  refused calls executed anyway", refusedExecuted)
                .put("outage lasted", outage.toMillis() + " ms")
                .put("acknowledging again after restart", recovery.toMillis() + " ms, probe answers "
                        + outcomes(probeAnswers));
        tally.addTo(report);
        report.put("calls with more than one attempt", tally.retried())
                .put("settling took", Duration.between(settling, Instant.now()).toSeconds() + " s"
                        + (settled.timedOut() ? " (TIMED OUT)" : ""))
                .errors(rig.gatewayErrors());
        report.print(rig.folder);

        assertThat(executedBeforeOutage).as("executions when Redis was killed (the outage must fall mid-run)")
                .isLessThan(CALLS_BEFORE);
        assertThat(accepted).as("202s while Redis was down").isZero();
        assertThat(refused503).as("503s while Redis was down; answers: " + outcomes(during)).isEqualTo(CALLS_DURING);
        assertThat(during).as("503 answers with a problem document (status 503 and a detail)").allSatisfy(answer -> {
            JsonNode problem = GatewayClient.json(answer.body());
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("detail").asString()).isNotBlank();
        });
        tally.assertNothingLost(callIds.size());
    }

    /** Submits {@code count} calls with bodies {@code <label>-NNN}, at most the rig's pool size at a time. */
    private static List<Submission> submitAll(DurabilityRig rig, GatewayProcess gateway, String label, int count)
            throws Exception {
        List<Future<Submission>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = String.format("%s-%03d", label, i);
            futures.add(rig.pool.submit(() -> rig.client.submit(gateway.baseUrl(), DurabilityRig.FUNCTION, body,
                    rig.callbacks.url(), body)));
        }
        List<Submission> answers = new ArrayList<>();
        for (Future<Submission> future : futures) {
            answers.add(future.get(2, TimeUnit.MINUTES));
        }
        return answers;
    }

    private static Map<String, Long> outcomes(List<Submission> answers) {
        return answers.stream().collect(Collectors.groupingBy(Submission::outcome, TreeMap::new,
                Collectors.counting()));
    }
}
