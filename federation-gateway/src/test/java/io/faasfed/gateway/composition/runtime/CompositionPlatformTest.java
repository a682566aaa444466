package io.faasfed.gateway.composition.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.composition.engine.StepCall;
import io.faasfed.gateway.composition.engine.StepResult;
import io.faasfed.gateway.composition.engine.StepTrace;
import io.faasfed.gateway.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The compositions platform on its own, over the in-memory store and a step invoker that records calls: a run
 * answers its output, records its steps, checkpoints each top-level state, and a run interrupted half way (its
 * subscriber gone, as when a replica dies) continues from its checkpoint under the same id without calling the
 * completed states' functions again; an ended run answers the same again and calls nothing.
 */
class CompositionPlatformTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String THREE_STATES = """
            {"name": "three", "startAt": "first", "states": {
              "first": {"type": "task", "function": "f1", "resultPath": "$.first", "next": "second"},
              "second": {"type": "task", "function": "f2", "resultPath": "$.second", "next": "third"},
              "third": {"type": "task", "function": "f3", "resultPath": "$.third", "end": true}}}
            """;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryCompositionStore store = new InMemoryCompositionStore(clock, 100);
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Sinks.One<StepResult>> held = new ConcurrentHashMap<>();
    private final AtomicInteger depthSeen = new AtomicInteger(-1);
    private CompositionPlatform platform;

    @BeforeEach
    void platform() {
        CompositionProperties properties = new CompositionProperties();
        platform = new CompositionPlatform(PlatformId.of("compositions"), store, "operator",
                tenant -> (runId, depth, caller, span) -> call -> invoke(tenant, depth, call), properties, JSON, clock,
                io.faasfed.gateway.tracing.CallTracing.noop());
        store.save("operator", "three", THREE_STATES, "application/json", "k", clock.instant(), false).block();
    }

    private Mono<StepResult> invoke(String tenant, int depth, StepCall call) {
        calls.add(tenant + ":" + call.function());
        depthSeen.set(depth);
        Sinks.One<StepResult> hold = held.get(call.function());
        if (hold != null) {
            return hold.asMono();
        }
        return Mono.just(new StepResult(JsonNodeFactory.instance.stringNode(call.function() + " done"),
                "p-" + call.function(), 200, 2, 9));
    }

    private Invocation call(String name, String callId, String body) {
        return Invocation.builder(name).callId(callId).body(body).headers(Headers.empty()).build();
    }

    private static String body(Invocation.Result result) {
        return result.body().map(buffer -> StandardCharsets.UTF_8.decode(buffer).toString())
                .reduce(String::concat).defaultIfEmpty("").block();
    }

    @Test
    void aRunAnswersItsOutputAndRecordsItsStepsAndCheckpoints() {
        Invocation.Result result = platform.invoke(call("three", "run-1", "{\"n\":1}")).block();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.headers().first(CompositionPlatform.RUN_STATUS_HEADER)).contains("succeeded");
        assertThat(JSON.readTree(body(result))).isEqualTo(JSON.readTree("{\"n\":1,\"first\":\"f1 done\","
                + "\"second\":\"f2 done\",\"third\":\"f3 done\"}"));
        assertThat(calls).containsExactly("operator:f1", "operator:f2", "operator:f3");
        assertThat(store.steps("run-1").map(step -> step.path() + "@" + step.platform() + ":" + step.status())
                .collectList().block()).containsExactly("first@p-f1:succeeded", "second@p-f2:succeeded",
                "third@p-f3:succeeded");
        assertThat(store.checkpoint("run-1").block().nextState()).isEqualTo("third");
        RunInfo run = store.run("run-1").block();
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.resumes()).isZero();
        assertThat(depthSeen.get()).isZero();
    }

    @Test
    void anInterruptedRunContinuesFromItsCheckpointWithoutCallingCompletedStatesAgain() {
        held.put("f2", Sinks.one());
        Disposable first = platform.invoke(call("three", "run-2", "{}")).subscribe();
        assertThat(calls).containsExactly("operator:f1", "operator:f2");
        first.dispose(); // the replica running it is gone; killed, it recorded nothing more: its step stays running
        StepTrace left = store.steps("run-2").filter(step -> step.path().equals("second")).blockFirst();
        store.saveStep("run-2", 0, new StepTrace(left.path(), left.state(), left.type(), left.function(), null,
                StepTrace.RUNNING, 1, left.started(), null, left.inputBytes(), 0, null), Duration.ofHours(1)).block();
        assertThat(store.checkpoint("run-2").block().nextState()).isEqualTo("second");
        assertThat(store.run("run-2").block().status()).isEqualTo(RunInfo.RUNNING);

        held.clear();
        calls.clear();
        Invocation.Result resumed = platform.invoke(call("three", "run-2", "{}")).block();
        assertThat(resumed.status()).isEqualTo(200);
        String output = body(resumed);
        assertThat(JSON.readTree(output).path("first").asString()).isEqualTo("f1 done");
        assertThat(calls).containsExactly("operator:f2", "operator:f3");
        assertThat(store.run("run-2").block().resumes()).isEqualTo(1);
        assertThat(store.steps("run-2").map(step -> step.path() + ":" + step.status()).collectList().block())
                .containsExactly("first:succeeded", "second:cancelled", "second:succeeded", "third:succeeded");
        assertThat(store.steps("run-2").filter(step -> "cancelled".equals(step.status())).blockFirst().error())
                .startsWith("interrupted: ");

        calls.clear();
        Invocation.Result again = platform.invoke(call("three", "run-2", "{}")).block();
        assertThat(again.status()).isEqualTo(200);
        assertThat(body(again)).isEqualTo(output);
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailedRunAnswers500WithWhereItFailedAndNestingIsBounded() {
        store.save("operator", "failing", """
                {"name": "failing", "startAt": "boom", "states": {"boom": {"type": "fail", "error": "Nope",
                 "cause": "on purpose"}}}
                """, "application/json", "k", clock.instant(), false).block();
        Invocation.Result failed = platform.invoke(call("failing", "run-3", "")).block();
        assertThat(failed.status()).isEqualTo(500);
        assertThat(JSON.readTree(body(failed)).path("error").asString()).isEqualTo("boom: Nope: on purpose");
        assertThat(store.run("run-3").block().status()).isEqualTo("failed");

        Invocation deep = Invocation.builder("three").callId("run-4")
                .headers(Headers.of(CompositionPlatform.DEPTH_HEADER, "8")).build();
        assertThatThrownBy(() -> platform.invoke(deep).block()).isInstanceOf(FaasException.RequestRejected.class)
                .hasMessageContaining("faasfed.compositions.max-depth=8");
        Invocation nested = Invocation.builder("three").callId("run-5")
                .headers(Headers.of(CompositionPlatform.DEPTH_HEADER, "3")).build();
        platform.invoke(nested).block();
        assertThat(depthSeen.get()).isEqualTo(3);
        assertThat(calls).isNotEmpty();
    }

    @Test
    void aRunIsBoundedByItsCallersTimeoutAndAnswers504() {
        held.put("f2", Sinks.one());
        Invocation bounded = Invocation.builder("three").callId("run-7").timeout(Duration.ofSeconds(5)).build();
        Invocation.Result late = platform.invoke(bounded).block(Duration.ofSeconds(30));
        assertThat(late.status()).isEqualTo(504);
        assertThat(JSON.readTree(body(late)).path("error").asString()).isEqualTo("three: run-timeout: the run did not "
                + "finish within 5s");
        assertThat(store.run("run-7").block().status()).isEqualTo("failed");
        assertThat(store.steps("run-7").map(step -> step.path() + ":" + step.status()).collectList().block())
                .containsExactly("first:succeeded", "second:failed");
    }

    @Test
    void compositionsListAsLabelledFunctionsInTheirTenantsScopeAndAreNotDeployedOrScaled() {
        store.save("team-a", "mine", "{\"name\": \"mine\", \"startAt\": \"only\", \"states\": {\"only\": "
                + "{\"type\": \"task\", \"function\": \"f1\", \"end\": true}}}", "application/json", "k",
                clock.instant(), false).block();
        List<FunctionInfo> listed = platform.list().collectList().block();
        assertThat(listed).extracting(info -> info.scope() + "/" + info.name() + "/" + info.labels().get("faasfed.kind")
                + "/" + info.labels().get(CompositionPlatform.REVISION_LABEL))
                .containsExactlyInAnyOrder("null/three/composition/1", "team-a/mine/composition/1");
        assertThat(platform.get(new io.faasfed.adapter.api.FunctionRef("mine", "team-a", null)).block().name())
                .isEqualTo("mine");
        assertThatThrownBy(() -> platform.get(new io.faasfed.adapter.api.FunctionRef("mine", null, null)).block())
                .isInstanceOf(FaasException.FunctionNotFound.class);
        assertThatThrownBy(() -> platform.deploy(io.faasfed.adapter.api.FunctionSpec.builder("x").image("i").build())
                .block()).isInstanceOf(FaasException.InvalidSpec.class)
                .hasMessageContaining("/federation/v1/compositions");
        assertThatThrownBy(() -> platform.scale(new io.faasfed.adapter.api.FunctionRef("three", null, null), 2)
                .block()).isInstanceOf(FaasException.UnsupportedCapability.class);
        Invocation.Result result = platform.invoke(Invocation.builder("mine").scope("team-a").callId("run-6")
                .body("plain text").build()).block();
        assertThat(result.status()).isEqualTo(200);
        assertThat(JSON.readTree(body(result)).asString()).isEqualTo("f1 done");
        assertThat(calls).containsExactly("team-a:f1");
        assertThat(store.steps("run-6").map(StepTrace::status).collectList().block()).containsExactly("succeeded");
    }
}
