package io.faasfed.gateway.async;

import static io.faasfed.gateway.async.ScriptedPlatform.echo;
import static io.faasfed.gateway.async.ScriptedPlatform.functionFailed;
import static io.faasfed.gateway.async.ScriptedPlatform.ok;
import static io.faasfed.gateway.async.ScriptedPlatform.status;
import static io.faasfed.gateway.async.ScriptedPlatform.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.async.callback.CallbackGuard;
import io.faasfed.gateway.async.callback.CallbackPolicy;
import io.faasfed.gateway.async.callback.CallbackSender;
import io.faasfed.gateway.async.callback.HostResolver;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.support.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The worker against the in-memory store and scripted platforms: outcomes, retries with back-off, dead letters and
 * replay, callbacks and their retries, the native asynchronous path with its resume, and take-over of a job another
 * replica left.
 */
class AsyncWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ScriptedPlatform openfaas = new ScriptedPlatform("openfaas", false);
    private final ScriptedPlatform openwhisk = new ScriptedPlatform("openwhisk", true);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private InMemoryAsyncStore store;
    private CallbackReceiver receiver;
    private SimpleMeterRegistry meters;
    private AsyncProperties properties;

    @BeforeEach
    void setUp() {
        store = new InMemoryAsyncStore(Clock.systemUTC());
        receiver = new CallbackReceiver();
        closing.add(receiver);
        meters = new SimpleMeterRegistry();
        properties = new AsyncProperties();
        properties.getBackoff().setInitial(Duration.ofMillis(20));
        properties.getBackoff().setMax(Duration.ofMillis(100));
        properties.getCallback().getBackoff().setInitial(Duration.ofMillis(20));
        properties.getCallback().getBackoff().setMax(Duration.ofMillis(100));
        properties.setPromoteInterval(Duration.ofMillis(50));
        properties.setPollWait(Duration.ofMillis(200));
        properties.setClaimIdle(Duration.ofSeconds(3));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    private AsyncWorker worker(String consumer) {
        return worker(consumer, store);
    }

    private AsyncWorker worker(String consumer, AsyncStore store) {
        PlatformDirectory directory = new PlatformDirectory(List.of(new ConfiguredPlatform(openfaas, 10, "http://of"),
                new ConfiguredPlatform(openwhisk, 20, "http://ow")), PlatformId.of("openfaas"));
        CallbackGuard guard = new CallbackGuard(new CallbackPolicy(List.of(), List.of("127.0.0.1/32"), List.of(),
                Set.of("http", "https"), Duration.ofSeconds(5)), HostResolver.system());
        CallbackSender sender = new CallbackSender(guard, Duration.ofSeconds(5));
        closing.add(sender);
        AsyncWorker worker = new AsyncWorker(store, new CallExecutor(directory, properties.getRetryStatuses(), 64),
                sender, properties, new AsyncMetrics(meters), new Backoffs(properties.getBackoff(), () -> 0.5),
                new Backoffs(properties.getCallback().getBackoff(), () -> 0.5), Clock.systemUTC(), consumer);
        closing.add(0, worker);
        worker.start();
        return worker;
    }

    private String submit(String platform, String function, String body, String callback, int maxAttempts) {
        String id = io.faasfed.adapter.api.CallIds.next();
        AsyncRequest request = new AsyncRequest(id, "default", function, null, platform, null, null, "/sub",
                "a=1", Map.of("Content-Type", List.of("text/plain")), body.getBytes(StandardCharsets.UTF_8),
                callback, maxAttempts, Duration.ofSeconds(10), Instant.now());
        store.submit(request, CallRecord.queued(request), null, Duration.ofHours(1)).block(WAIT);
        return id;
    }

    private CallRecord awaitState(String id, CallState state) {
        return Eventually.await("call " + id + " " + state, WAIT, () -> store.record(id).block(WAIT),
                record -> record != null && record.state() == state);
    }

    @Test
    void aCallRunsOnceAsAPostWithItsPathQueryAndBodyAndItsResultIsKept() {
        openfaas.script("echo", echo());
        worker("a");
        String id = submit("openfaas", "echo", "hello async", null, 5);

        CallRecord done = awaitState(id, CallState.SUCCEEDED);
        assertThat(done.result().status()).isEqualTo(200);
        assertThat(done.result().body()).isEqualTo("hello async");
        assertThat(done.result().truncated()).isFalse();
        assertThat(done.attempts()).hasSize(1).first().satisfies(attempt -> {
            assertThat(attempt.consumer()).isEqualTo("a");
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(attempt.finishedAt()).isNotNull();
        });
        assertThat(done.finishedAt()).isNotNull();
        assertThat(openfaas.calls()).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.path()).isEqualTo("/sub");
            assertThat(call.query()).isEqualTo("a=1");
            assertThat(call.headers().first("X-Call-Id")).contains(id);
        });
    }

    @Test
    void aResultOverTheCapIsCutAndSaysSo() {
        openfaas.script("big", ok("x".repeat(200)));
        worker("a");
        String id = submit("openfaas", "big", "", null, 5);

        CallRecord done = awaitState(id, CallState.SUCCEEDED);
        assertThat(done.result().size()).isEqualTo(200);
        assertThat(done.result().body()).hasSize(64);
        assertThat(done.result().truncated()).isTrue();
    }

    @Test
    void aFunctionsClientErrorFailsAtOnceWithoutRetry() {
        openfaas.script("picky", status(400, "bad input"));
        worker("a");
        String id = submit("openfaas", "picky", "x", null, 5);

        CallRecord failed = awaitState(id, CallState.FAILED);
        assertThat(failed.attempts()).hasSize(1);
        assertThat(failed.result().status()).isEqualTo(400);
        assertThat(failed.result().body()).isEqualTo("bad input");
        assertThat(openfaas.calls("picky")).isEqualTo(1);
    }

    @Test
    void aFlakyFunctionIsRetriedWithBackoffUntilItSucceeds() {
        openfaas.script("flaky", unavailable(), functionFailed(503), status(429, "slow down"), ok("finally"));
        worker("a");
        String id = submit("openfaas", "flaky", "x", null, 5);

        CallRecord done = awaitState(id, CallState.SUCCEEDED);
        assertThat(done.attempts()).extracting(CallRecord.Attempt::category)
                .containsExactly("platform-unavailable", "function-failed", "function-failed", null);
        assertThat(done.attempts()).extracting(CallRecord.Attempt::status).containsExactly(503, 503, 429, 200);
        assertThat(done.result().body()).isEqualTo("finally");
        assertThat(meters.get("faasfed.async.retries").counter().count()).isEqualTo(3.0);
        for (int i = 1; i < done.attempts().size(); i++) {
            assertThat(done.attempts().get(i).startedAt()).as("attempt %d waits for its back-off", i + 1)
                    .isAfterOrEqualTo(done.attempts().get(i - 1).finishedAt().plusMillis(10));
        }
    }

    @Test
    void attemptsSpentMakeADeadLetterThatReplaySucceedsWith() {
        openfaas.script("broken", functionFailed(500), functionFailed(500), functionFailed(502), ok("repaired"));
        worker("a");
        String id = submit("openfaas", "broken", "x", receiver.url("/cb"), 3);

        CallRecord dead = awaitState(id, CallState.DEAD);
        assertThat(dead.attempts()).hasSize(3);
        assertThat(store.deadLetters("default", 10, null).collectList().block(WAIT))
                .extracting(CallRecord::id).containsExactly(id);
        Eventually.await("the dead call's callback", WAIT, () -> receiver.forCall(id).size() == 1);
        assertThat(receiver.forCall(id).get(0).header("X-Function-Status")).isEqualTo("502");
        assertThat(receiver.forCall(id).get(0).header("X-Faasfed-Call-State")).isEqualTo("dead");

        assertThat(store.replay(id, dead.replayed()).block(WAIT)).isTrue();
        CallRecord replayed = awaitState(id, CallState.SUCCEEDED);
        assertThat(replayed.replays()).isEqualTo(1);
        assertThat(replayed.attempts()).hasSize(4);
        assertThat(replayed.result().body()).isEqualTo("repaired");
        assertThat(store.deadLetters("default", 10, null).collectList().block(WAIT)).isEmpty();
        Eventually.await("the replayed call's callback", WAIT, () -> receiver.forCall(id).size() == 2);
        assertThat(receiver.forCall(id).get(1).header("X-Function-Status")).isEqualTo("200");
    }

    @Test
    void theCallbackCarriesOpenFaasHeadersTheFunctionsHeadersAndItsBody() {
        openfaas.script("echo", echo());
        worker("a");
        String id = submit("openfaas", "echo", "call me back", receiver.url("/done?x=1"), 5);

        awaitState(id, CallState.SUCCEEDED);
        CallbackReceiver.Received callback = Eventually.await("a callback", WAIT,
                () -> receiver.forCall(id).isEmpty() ? null : receiver.forCall(id).get(0), found -> found != null);
        assertThat(callback.path()).isEqualTo("/done?x=1");
        assertThat(callback.body()).isEqualTo("call me back");
        assertThat(callback.header("X-Function-Status")).isEqualTo("200");
        assertThat(callback.header("X-Function-Name")).isEqualTo("echo");
        assertThat(callback.header("X-Faasfed-Platform")).isEqualTo("openfaas");
        assertThat(callback.header("X-Duration-Seconds")).matches("\\d+\\.\\d{6}");
        assertThat(callback.header("Content-Type")).isEqualTo("text/plain");
        CallRecord record = Eventually.await("the callback recorded", WAIT, () -> store.record(id).block(WAIT),
                found -> found.callback().state() == CallRecord.Callback.DeliveryState.DELIVERED);
        assertThat(record.callback().attempts()).singleElement()
                .satisfies(delivery -> assertThat(delivery.status()).isEqualTo(200));
    }

    @Test
    void aFailingCallbackIsRetriedThenRecordedAsFailed() {
        receiver.answering(500, 503, 200);
        openfaas.script("echo", echo());
        worker("a");
        String id = submit("openfaas", "echo", "x", receiver.url("/cb"), 5);

        CallRecord record = Eventually.await("delivered on the third try", WAIT, () -> store.record(id).block(WAIT),
                found -> found.callback().state() == CallRecord.Callback.DeliveryState.DELIVERED);
        assertThat(record.callback().attempts()).extracting(CallRecord.Delivery::status).containsExactly(500, 503, 200);
        assertThat(receiver.forCall(id)).hasSize(3);

        properties.getCallback().setMaxAttempts(2);
        receiver.answering(500);
        String second = submit("openfaas", "echo", "y", receiver.url("/cb"), 5);
        CallRecord given = Eventually.await("given up after 2", WAIT, () -> store.record(second).block(WAIT),
                found -> found.callback().state() == CallRecord.Callback.DeliveryState.FAILED);
        assertThat(given.callback().attempts()).hasSize(2);
        assertThat(given.state()).isEqualTo(CallState.SUCCEEDED);
    }

    @Test
    void aCallbackUrlThatNowResolvesIntoARefusedRangeIsNotDeliveredNorRetried() {
        openfaas.script("echo", echo());
        worker("a");
        String id = submit("openfaas", "echo", "x", "http://169.254.169.254/latest/meta-data/", 5);

        CallRecord record = Eventually.await("refused at delivery", WAIT, () -> store.record(id).block(WAIT),
                found -> found.callback().state() == CallRecord.Callback.DeliveryState.FAILED);
        assertThat(record.callback().attempts()).hasSize(1);
        assertThat(record.callback().attempts().get(0).error()).contains("link-local");
    }

    @Test
    void aPlatformThatQueuesCallsItselfIsPolledForTheResult() {
        openwhisk.script("action", echo()).pollsBeforeResult(3);
        worker("a");
        String id = submit("openwhisk", "action", "{\"n\":1}", null, 5);

        CallRecord done = awaitState(id, CallState.SUCCEEDED);
        assertThat(openwhisk.asyncInvokes()).isEqualTo(1);
        assertThat(done.attempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.platformCallId()).startsWith("act-"));
        assertThat(done.result().body()).isEqualTo("{\"n\":1}");
    }

    @Test
    void aReplicaTakingOverAPolledCallResumesItsActivationInsteadOfRunningItAgain() {
        openwhisk.script("action", ok("from the first activation"));
        String id = submit("openwhisk", "action", "x", null, 5);
        // replica "dead" took the job, started the platform's call and died before it finished
        List<Job> taken = store.take("dead", 1, Duration.ofSeconds(3), Duration.ofMillis(200)).block(WAIT);
        assertThat(taken).hasSize(1);
        String activation = openwhisk.startActivation("action", "x");
        CallRecord record = store.record(id).block(WAIT);
        store.save(record.withAttemptStarted(CallRecord.Attempt.started(1, 0, "dead", "openwhisk", Instant.now())
                .withPlatformCallId(activation))).block(WAIT);
        properties.setClaimIdle(Duration.ofSeconds(1));
        properties.setPollWait(Duration.ofMillis(200));

        worker("b");
        CallRecord done = awaitState(id, CallState.SUCCEEDED);
        assertThat(openwhisk.asyncInvokes()).as("no second activation").isZero();
        assertThat(done.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.platformCallId()).isEqualTo(activation);
            assertThat(attempt.finishedAt()).isNotNull();
        });
        assertThat(done.result().body()).isEqualTo("from the first activation");
    }

    @Test
    void aJobLeftByADeadReplicaIsTakenOverAndItsAttemptMarkedAbandoned() {
        openfaas.script("echo", echo());
        String id = submit("openfaas", "echo", "orphan", null, 5);
        assertThat(store.take("dead", 1, Duration.ofSeconds(1), Duration.ofMillis(200)).block(WAIT)).hasSize(1);
        CallRecord record = store.record(id).block(WAIT);
        store.save(record.withAttemptStarted(CallRecord.Attempt.started(1, 0, "dead", "openfaas", Instant.now())))
                .block(WAIT);
        properties.setClaimIdle(Duration.ofSeconds(1));

        worker("b");
        CallRecord done = awaitState(id, CallState.SUCCEEDED);
        assertThat(done.attempts()).hasSize(2);
        assertThat(done.attempts().get(0).category()).isEqualTo("abandoned");
        assertThat(done.attempts().get(0).error()).contains("'dead'").contains("'b'");
        assertThat(done.attempts().get(1).consumer()).isEqualTo("b");
    }

    @Test
    void concurrencyPerPlatformIsBounded() {
        properties.setPlatformConcurrency(Map.of("openfaas", 2));
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        openfaas.script("slow", call -> reactor.core.publisher.Mono.defer(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            // the count goes down before the answer is emitted: what runs downstream of it may start the next call
            return reactor.core.publisher.Mono.delay(Duration.ofMillis(100))
                    .then(reactor.core.publisher.Mono.fromRunnable(running::decrementAndGet))
                    .then(ok("done").apply(call));
        }));
        worker("a");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(submit("openfaas", "slow", "x", null, 5));
        }
        ids.forEach(id -> awaitState(id, CallState.SUCCEEDED));
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aCallForAnUnconfiguredPlatformIsRetriedThenDead() {
        worker("a");
        String id = submit("gone", "x", "x", null, 2);

        CallRecord dead = awaitState(id, CallState.DEAD);
        assertThat(dead.attempts()).extracting(CallRecord.Attempt::category)
                .containsOnly("platform-unavailable");
        assertThat(dead.attempts().get(0).error()).contains("'gone' is not configured");
    }

    @Test
    void aStoreSlowerThanTheTimersDoesNotStopThem() {
        // promoteDue takes six times its interval: ticks that come meanwhile are dropped, the loop goes on
        java.util.concurrent.atomic.AtomicInteger promotions = new java.util.concurrent.atomic.AtomicInteger();
        AsyncStore slow = (AsyncStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncStore.class}, (proxy, method, args) -> {
                    Object answer;
                    try {
                        answer = method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("promoteDue")) {
                        promotions.incrementAndGet();
                        return reactor.core.publisher.Mono.delay(Duration.ofMillis(300)).then((Mono<?>) answer);
                    }
                    return answer;
                });
        worker("a", slow);

        Eventually.await("ten promotions, one after the other", WAIT, () -> promotions.get() >= 10);
        openfaas.script("flaky", unavailable(), ok("later"));
        String id = submit("openfaas", "flaky", "x", null, 5);
        assertThat(awaitState(id, CallState.SUCCEEDED).attempts()).hasSize(2);
    }

    @Test
    void aStoppingWorkerTakesNoNewJobsAndFinishesTheOnesItHolds() {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        openfaas.script("slow", call -> Mono.fromRunnable(started::countDown)
                .then(Mono.delay(Duration.ofSeconds(2))).then(ok("finished while stopping").apply(call)));
        openfaas.script("later", ok("never here"));
        AsyncWorker worker = worker("a");
        String slow = submit("openfaas", "slow", "x", null, 5);
        Eventually.await("the slow call started", WAIT, () -> started.getCount() == 0);

        worker.close();
        assertThat(store.record(slow).block(WAIT).state()).as("the held call finished before close returned")
                .isEqualTo(CallState.SUCCEEDED);
        String later = submit("openfaas", "later", "x", null, 5);
        assertThat(store.take("probe", 10, Duration.ofHours(1), Duration.ofMillis(100)).block(WAIT))
                .as("the stopped worker took no new job").extracting(Job::callId).containsExactly(later);
        assertThat(openfaas.calls("later")).isZero();
    }

    @Test
    void metricsCountSubmitsOutcomesAndLatency() {
        openfaas.script("echo", echo());
        worker("a");
        String id = submit("openfaas", "echo", "x", null, 5);
        awaitState(id, CallState.SUCCEEDED);

        Eventually.await("the latency timer", WAIT, () -> meters.find("faasfed.async.latency")
                .tag("state", "succeeded").timer() != null);
        assertThat(meters.get("faasfed.async.attempts").tag("outcome", "succeeded").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("faasfed.async.finished").tag("state", "succeeded").counter().count()).isEqualTo(1.0);
    }
}
