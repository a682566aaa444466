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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15's first proof, with real processes: two gateway JVMs on one {@code redis-server}, 1,000 asynchronous calls
 * to a function that records each execution, and one gateway killed with SIGKILL once about 400 calls are
 * acknowledged. Every call reaches {@code succeeded} and is called back at least once; duplicate executions are
 * counted and printed (at-least-once allows them), lost calls fail the test.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AsyncCallsSurviveAGatewayKillTest {

    private static final int CALLS = 1000;
    private static final int KILL_AFTER_ACKNOWLEDGED = 400;
    private static final int HELD_UNTIL_KILL = 600;
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void everyAcknowledgedCallSucceedsAndIsCalledBackWhenAGatewayIsKilledMidway() throws Exception {
        try (DurabilityRig rig = new DurabilityRig("gateway-killed", Map.of("faasfed.async.claim-idle", "10s"))) {
            rig.prove(AsyncCallsSurviveAGatewayKillTest::prove);
        }
    }

    private static void prove(DurabilityRig rig) throws Exception {
        Instant started = Instant.now();
        CompletableFuture<GatewayProcess> startingB = CompletableFuture.supplyAsync(() -> rig.startGateway("gateway-b"));
        GatewayProcess a = rig.startGateway("gateway-a");
        GatewayProcess b = startingB.join();
        rig.deployRecorder(a, 0, List.of(a, b));
        Instant ready = Instant.now();

        String run = UUID.randomUUID().toString();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger resubmitted = new AtomicInteger();
        Map<String, AtomicInteger> firstAnswers = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> acknowledgedBy = new ConcurrentHashMap<>();
        // From the moment gateway-b is being killed, submitters send everything to gateway-a.
        AtomicBoolean killing = new AtomicBoolean();
        // Calls from HELD_UNTIL_KILL on wait for the kill, so that it falls midway however fast the machine is.
        CountDownLatch killStarted = new CountDownLatch(1);
        List<Future<Submission>> submissions = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            int call = i;
            submissions.add(rig.pool.submit(() -> {
                if (call >= HELD_UNTIL_KILL && !killStarted.await(3, TimeUnit.MINUTES)) {
                    throw new AssertionError("gateway-b was not killed within 3 minutes");
                }
                String body = String.format("call-%04d", call);
                String key = run + "-" + call;
                GatewayProcess target = killing.get() || call % 2 == 0 ? a : b;
                Submission answer = rig.client.submit(target.baseUrl(), DurabilityRig.FUNCTION, body,
                        rig.callbacks.url(), key);
                firstAnswers.computeIfAbsent(target.name() + " " + answer.outcome(), k -> new AtomicInteger())
                        .incrementAndGet();
                if (!answer.acknowledged() && target == b && killing.get()) {
                    // The killed gateway took the request but never answered: the caller retries on the survivor
                    // with the same idempotency key, as a client of a load balancer would.
                    resubmitted.incrementAndGet();
                    target = a;
                    answer = rig.client.submit(a.baseUrl(), DurabilityRig.FUNCTION, body, rig.callbacks.url(), key);
                }
                if (answer.acknowledged()) {
                    acknowledged.incrementAndGet();
                    acknowledgedBy.computeIfAbsent(target.name(), k -> new AtomicInteger()).incrementAndGet();
                }
                return answer;
            }));
        }

        await("the first " + KILL_AFTER_ACKNOWLEDGED + " acknowledgements").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).until(() -> acknowledged.get() >= KILL_AFTER_ACKNOWLEDGED
                        || submissions.stream().allMatch(Future::isDone));
        assertThat(acknowledged.get()).as("acknowledged calls before the kill; first answers by gateway and status: "
                + new TreeMap<>(firstAnswers)).isGreaterThanOrEqualTo(KILL_AFTER_ACKNOWLEDGED);
        long pid = b.pid();
        killing.set(true);
        killStarted.countDown();
        int acknowledgedAtKill = acknowledged.get();
        int exitStatus = b.kill();
        boolean stillThere = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);

        List<Submission> answers = new ArrayList<>();
        for (Future<Submission> submission : submissions) {
            answers.add(submission.get(2, TimeUnit.MINUTES));
        }
        Instant submittedAt = Instant.now();
        List<String> callIds = answers.stream().filter(Submission::acknowledged).map(Submission::callId).toList();
        Map<String, Long> refusals = answers.stream().filter(answer -> !answer.acknowledged())
                .collect(Collectors.groupingBy(Submission::outcome, TreeMap::new, Collectors.counting()));

        DurabilityRig.Settled settled = rig.awaitSettled(a, callIds, SETTLE_TIMEOUT);
        Tally tally = Tally.of(callIds, settled, rig);
        Instant settledAt = Instant.now();
        String rejoined = rejoin(rig, callIds);

        Report report = new Report("two gateways, one killed with SIGKILL midway")
                .put("submitted", CALLS)
                .put("acknowledged (202)", callIds.size())
                .put("  first answers, by gateway and status", new TreeMap<>(firstAnswers))
                .put("  acknowledged by", new TreeMap<>(acknowledgedBy))
                .put("  resubmitted to the survivor after the kill", resubmitted.get() + " (answered as idempotent "
                        + "replays of a call gateway-b had stored: "
                        + answers.stream().filter(Submission::replay).count() + ")")
                .put("  not acknowledged (final answers)", refusals)
                .put("gateway-b killed after acknowledgements", acknowledgedAtKill + " (exit status " + exitStatus
                        + (exitStatus == GatewayProcess.SIGKILL_STATUS ? " = SIGKILL" : "") + ", pid " + pid
                        + (stillThere ? " STILL ALIVE" : " gone") + ")");
        tally.addTo(report);
        report.put("calls with more than one attempt", tally.retried())
                .put("  started by gateway-b, finished by another", takenOver(settled, pid))
                .put("start-up took (2 gateways, deploy)", Duration.between(started, ready).toSeconds() + " s")
                .put("submitting took", Duration.between(ready, submittedAt).toSeconds() + " s")
                .put("settling took", Duration.between(submittedAt, settledAt).toSeconds() + " s"
                        + (settled.timedOut() ? " (TIMED OUT)" : ""))
                .put("gateway-b started again", rejoined)
                .errors(rig.gatewayErrors());
        report.print(rig.folder);

        assertThat(exitStatus).as("gateway-b's exit status (137 = killed by SIGKILL)")
                .isEqualTo(GatewayProcess.SIGKILL_STATUS);
        assertThat(stillThere).as("gateway-b's pid still alive after SIGKILL").isFalse();
        assertThat(acknowledgedAtKill).as("acknowledgements when gateway-b was killed (midway)")
                .isBetween(KILL_AFTER_ACKNOWLEDGED, HELD_UNTIL_KILL);
        tally.assertNothingLost(CALLS);
        assertThat(rejoined).as("gateway-b started again after the run").startsWith("rejoined");
        assertThat(rig.gatewayErrors()).as("the async worker's own ERROR lines (a timer that stopped, a loop that "
                + "ended)").noneMatch(line -> line.contains("async worker"));
    }

    /**
     * How many calls have an attempt by the killed gateway's consumer (its name holds the pid:
     * {@code host-pid-random}) and an attempt by another consumer that finished: the calls taken over after the kill.
     */
    private static long takenOver(DurabilityRig.Settled settled, long killedPid) {
        String marker = "-" + killedPid + "-";
        return settled.records().values().stream().filter(record -> {
            boolean byKilled = false;
            boolean finishedElsewhere = false;
            for (JsonNode attempt : record.path("attempts")) {
                String consumer = attempt.path("consumer").asString();
                if (consumer.contains(marker)) {
                    byKilled = true;
                } else if (!attempt.path("finishedAt").isMissingNode() && !attempt.path("finishedAt").isNull()) {
                    finishedElsewhere = true;
                }
            }
            return byKilled && finishedElsewhere;
        }).count();
    }

    /**
     * Starts the killed gateway again on the same Redis, waits until it knows the function, and checks it serves: it
     * reads the record of a call of the run, and a new call submitted through it succeeds (counted here, not in the
     * run's tally).
     */
    private static String rejoin(DurabilityRig rig, List<String> callIds) throws Exception {
        GatewayProcess again = rig.startGateway("gateway-b-again");
        // Healthy is not yet serving: the registry's first read of Redis may still be pending (or, on a loaded
        // machine, have timed out, so that a submit answers 503 until the next re-read), as for any gateway started.
        rig.awaitKnown(again, DurabilityRig.FUNCTION);
        String earlier = callIds.isEmpty() ? null : callIds.get(callIds.size() - 1);
        JsonNode earlierRecord = earlier == null ? null : rig.client.call(again.baseUrl(), earlier);
        String earlierState = earlierRecord == null ? "unknown" : earlierRecord.path("state").asString();
        Submission late = rig.client.submit(again.baseUrl(), DurabilityRig.FUNCTION, "after-restart",
                rig.callbacks.url(), null);
        if (!late.acknowledged()) {
            return "not acknowledging: " + late.outcome() + " " + late.body();
        }
        DurabilityRig.Settled settled = rig.awaitSettled(again, List.of(late.callId()), Duration.ofMinutes(2));
        String lateState = settled.states().get(late.callId());
        return ("succeeded".equals(earlierState) && "succeeded".equals(lateState) ? "rejoined" : "NOT rejoined")
                + ": reads a call of the run as " + earlierState + ", a new call through it " + lateState;
    }
}
