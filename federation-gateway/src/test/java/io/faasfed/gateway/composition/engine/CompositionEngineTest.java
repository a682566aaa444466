package io.faasfed.gateway.composition.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.faasfed.gateway.composition.CompositionDefinition;
import io.faasfed.gateway.composition.CompositionParser;
import io.faasfed.gateway.composition.CompositionParser.Format;
import io.faasfed.gateway.composition.ErrorCategory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CompositionEngineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final FakeInvoker fake = new FakeInvoker(time);
    private final Recorder listener = new Recorder();
    private CompositionEngine engine = new CompositionEngine(fake, time, () -> 0.5, 10_000);

    static CompositionDefinition yaml(String text) {
        return CompositionParser.parse(text, Format.YAML);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** {@code input} with {@code field: value} added (a copy). */
    static JsonNode with(JsonNode input, String field, String value) {
        ObjectNode copy = input.isObject() ? (ObjectNode) input.deepCopy() : JSON.createObjectNode();
        copy.put(field, value);
        return copy;
    }

    private RunResult run(CompositionDefinition definition, JsonNode input) {
        return run(definition, input, null);
    }

    private RunResult run(CompositionDefinition definition, JsonNode input, Checkpoint from) {
        CompletableFuture<RunResult> result = engine.run(definition, input, listener, from).toFuture();
        time.advanceTimeBy(Duration.ofDays(2));
        assertThat(result).isDone();
        return result.join();
    }

    private static List<StepTrace> traceOf(RunResult result, String path) {
        return result.trace().stream().filter(t -> t.path().equals(path)).toList();
    }

    /** Records what a listener hears. */
    static final class Recorder implements RunListener {
        final List<StepTrace> started = Collections.synchronizedList(new ArrayList<>());
        final List<StepTrace> finished = Collections.synchronizedList(new ArrayList<>());
        final List<Checkpoint> checkpoints = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stepStarted(StepTrace trace) {
            started.add(trace);
        }

        @Override
        public void stepFinished(StepTrace trace) {
            finished.add(trace);
        }

        @Override
        public void checkpoint(Checkpoint checkpoint) {
            checkpoints.add(checkpoint);
        }
    }

    private static final String THREE_PLATFORMS = """
            name: three
            startAt: a
            states:
              a: { type: task, function: fa, next: b }
              b: { type: task, function: fb, next: c }
              c: { type: task, function: fc, end: true }
            """;

    private void threePlatforms() {
        fake.on("fa", "openfaas", in -> with(in, "a", "openfaas"))
                .on("fb", "fn", in -> with(in, "b", "fn"))
                .on("fc", "openwhisk", in -> with(in, "c", "openwhisk"));
    }

    // ---- data flow

    @Test
    void threePlatformChainFeedsEachOutputIntoTheNextAndTracesEachPlatform() {
        threePlatforms();

        RunResult result = run(yaml(THREE_PLATFORMS), json("{\"order\":1}"));

        assertThat(result.status()).isEqualTo(RunResult.SUCCEEDED);
        assertThat(result.output())
                .isEqualTo(json("{\"order\":1,\"a\":\"openfaas\",\"b\":\"fn\",\"c\":\"openwhisk\"}"));
        assertThat(fake.calls).extracting(StepCall::input).containsExactly(json("{\"order\":1}"),
                json("{\"order\":1,\"a\":\"openfaas\"}"), json("{\"order\":1,\"a\":\"openfaas\",\"b\":\"fn\"}"));
        assertThat(result.trace()).extracting(StepTrace::path, StepTrace::platform, StepTrace::status)
                .containsExactly(tuple("a", "openfaas", "succeeded"),
                        tuple("b", "fn", "succeeded"),
                        tuple("c", "openwhisk", "succeeded"));
        assertThat(result.trace().get(0).inputBytes()).isEqualTo(10);
        assertThat(result.trace().get(0).outputBytes()).isEqualTo(20);
    }

    @Test
    void stepCallsCarryTheRunIdPathAttemptAndTimeout() {
        fake.on("f", "fn", in -> in);
        CompositionDefinition d = yaml("""
                name: ids
                timeout: 5m
                startAt: a
                states:
                  a: { type: task, function: f, timeout: 30s, next: b }
                  b: { type: task, function: f, end: true }
                """);

        CompletableFuture<RunResult> f = engine.run("run-7", d, json("{}"), listener, null).toFuture();
        time.advanceTimeBy(Duration.ofHours(1));

        assertThat(f.join().succeeded()).isTrue();
        assertThat(fake.calls).extracting(StepCall::runId, StepCall::statePath, StepCall::attempt, StepCall::timeout)
                .containsExactly(tuple("run-7", "a", 1, Duration.ofSeconds(30)),
                        tuple("run-7", "b", 1, Duration.ofMinutes(5)));
    }

    @Test
    void sequenceRunsItsStepsInOrderApplyingEachStepsSelectors() {
        fake.on("tax", "openfaas", in -> json("{\"parcel\":{\"w\":" + in.get("w").asInt() + "},\"tax\":3}"))
                .on("shipping", "fn", in -> json("{\"cost\":" + (in.get("w").asInt() * 2) + "}"));
        CompositionDefinition d = yaml("""
                name: seq
                startAt: s
                states:
                  s:
                    type: sequence
                    input: $.order
                    steps:
                      - { function: tax }
                      - { function: shipping, input: $.parcel, output: $.cost }
                    resultPath: $.shippingCost
                    end: true
                """);

        RunResult result = run(d, json("{\"order\":{\"w\":5}}"));

        assertThat(result.output()).isEqualTo(json("{\"order\":{\"w\":5},\"shippingCost\":10}"));
        assertThat(fake.calls).extracting(StepCall::statePath).containsExactly("s.steps[0]", "s.steps[1]");
        assertThat(fake.calls.get(1).input()).isEqualTo(json("{\"w\":5}"));
        assertThat(result.trace()).extracting(StepTrace::path, StepTrace::type)
                .containsExactly(tuple("s.steps[0]", "task"),
                        tuple("s.steps[1]", "task"),
                        tuple("s", "sequence"));
    }

    @Test
    void inputResultPathAndOutputSelectorsAreApplied() {
        fake.on("check", "openfaas", in -> json("{\"ok\":true,\"saw\":" + in + "}"));
        CompositionDefinition d = yaml("""
                name: sel
                startAt: v
                states:
                  v:
                    type: task
                    function: check
                    input: $.order
                    resultPath: $.validation
                    output: $.validation.saw
                    end: true
                """);

        RunResult result = run(d, json("{\"order\":{\"id\":9},\"other\":1}"));

        assertThat(fake.calls.get(0).input()).isEqualTo(json("{\"id\":9}"));
        assertThat(result.output()).isEqualTo(json("{\"id\":9}"));
    }

    @Test
    void aNullResultPathDiscardsTheResult() {
        fake.on("f", "fn", in -> json("{\"noise\":1}"));
        CompositionDefinition d = yaml("""
                name: discard
                startAt: a
                states:
                  a: { type: task, function: f, resultPath: null, end: true }
                """);

        assertThat(run(d, json("{\"keep\":1}")).output()).isEqualTo(json("{\"keep\":1}"));
    }

    // ---- parallel and map

    @Test
    void parallelWithOneBranchPerPlatformGivesTheArrayInBranchOrder() {
        fake.script("slow-openfaas", call -> fake.later(Duration.ofSeconds(3), "openfaas", json("\"faas\"")))
                .script("mid-fn", call -> fake.later(Duration.ofSeconds(2), "fn", json("\"fn\"")))
                .script("fast-openwhisk", call -> fake.later(Duration.ofSeconds(1), "openwhisk", json("\"ow\"")));
        CompositionDefinition d = yaml("""
                name: par
                startAt: enrich
                states:
                  enrich:
                    type: parallel
                    branches:
                      - { startAt: a, states: { a: { type: task, function: slow-openfaas, end: true } } }
                      - { startAt: a, states: { a: { type: task, function: mid-fn, end: true } } }
                      - { startAt: a, states: { a: { type: task, function: fast-openwhisk, end: true } } }
                    resultPath: $.enriched
                    end: true
                """);

        RunResult result = run(d, json("{\"x\":1}"));

        assertThat(result.output()).isEqualTo(json("{\"x\":1,\"enriched\":[\"faas\",\"fn\",\"ow\"]}"));
        assertThat(fake.maxInFlight.get()).isEqualTo(3);
        assertThat(result.trace()).extracting(StepTrace::path).containsExactly("enrich.branches[2].a",
                "enrich.branches[1].a", "enrich.branches[0].a", "enrich");
        assertThat(traceOf(result, "enrich.branches[1].a").get(0).platform()).isEqualTo("fn");
    }

    private static final String PARALLEL_WITH_FAILING_BRANCH = """
            name: par-fail
            startAt: enrich
            states:
              enrich:
                type: parallel
                branches:
                  - { startAt: a, states: { a: { type: task, function: slow, end: true } } }
                  - { startAt: b, states: { b: { type: task, function: broken, end: true } } }
                %s
                next: done
              fallback: { type: task, function: backup, next: done }
              done: { type: succeed }
            """;

    @Test
    void aFailingBranchFailsTheRunNamingItsPathAndCancelsTheOthers() {
        fake.script("slow", call -> fake.later(Duration.ofSeconds(5), "openfaas", json("1")))
                .script("broken", call -> Mono.error(new StepFailure(ErrorCategory.FUNCTION_FAILED, 500, "boom")));

        RunResult result = run(yaml(PARALLEL_WITH_FAILING_BRANCH.formatted(
                "catch: [ { errors: [timeout], next: fallback } ]")), json("{}"));

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.error()).isEqualTo("enrich.branches[1].b: function-failed: boom");
        assertThat(traceOf(result, "enrich.branches[0].a")).extracting(StepTrace::status).containsExactly("cancelled");
        assertThat(traceOf(result, "enrich")).extracting(StepTrace::status).containsExactly("failed");
    }

    @Test
    void aFailingBranchCanBeCaughtByTheParallelState() {
        fake.on("slow", "openfaas", in -> json("1")).on("backup", "openwhisk", in -> json("\"saved\""))
                .script("broken", call -> Mono.error(new StepFailure(ErrorCategory.FUNCTION_FAILED, 500, "boom")));

        RunResult result = run(yaml(PARALLEL_WITH_FAILING_BRANCH.formatted(
                "catch: [ { errors: [function-failed], next: fallback, resultPath: $.err } ]")), json("{}"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output()).isEqualTo(json("\"saved\""));
        assertThat(fake.calls.get(fake.calls.size() - 1).input())
                .isEqualTo(json("{\"err\":{\"error\":\"function-failed\",\"cause\":\"boom\"}}"));
        assertThat(traceOf(result, "enrich")).extracting(StepTrace::status).containsExactly("caught");
    }

    private static final String MAP = """
            name: each
            startAt: each
            states:
              each:
                type: map
                items: $.lines
                maxConcurrency: 3
                iterator:
                  startAt: price
                  states:
                    price: { type: task, function: price, end: true }
                end: true
            """;

    @Test
    void mapRunsAtMostMaxConcurrencyItemsAtOnceAndKeepsItemOrder() {
        fake.script("price", call -> fake.later(Duration.ofSeconds(10 - call.input().asInt()), "fn",
                json(String.valueOf(call.input().asInt() * 100))));

        RunResult result = run(yaml(MAP), json("{\"lines\":[1,2,3,4,5,6,7,8,9]}"));

        assertThat(result.output()).isEqualTo(json("[100,200,300,400,500,600,700,800,900]"));
        assertThat(fake.calls).hasSize(9);
        assertThat(fake.maxInFlight.get()).isEqualTo(3);
        assertThat(traceOf(result, "each.items[4].price")).hasSize(1);
    }

    @Test
    void mapItemsThatAreNotAnArrayFailTheRunClearly() {
        RunResult result = run(yaml(MAP), json("{\"lines\":{\"a\":1}}"));

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.error()).isEqualTo("each: selection-failed: items $.lines is an object, not an array; a map "
                + "state needs an array to iterate over");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void aMapOverAnEmptyArrayGivesAnEmptyArray() {
        RunResult result = run(yaml(MAP), json("{\"lines\":[]}"));

        assertThat(result.output()).isEqualTo(json("[]"));
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void aParallelRetryRunsEveryBranchAgain() {
        StepFailure down = new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, 503, "down");
        fake.on("steady", "openfaas", in -> json("\"s\""))
                .script("flaky", call -> Mono.error(down), call -> FakeInvoker.ok("fn", json("\"f\"")));
        CompositionDefinition d = yaml("""
                name: par-retry
                startAt: p
                states:
                  p:
                    type: parallel
                    branches:
                      - { startAt: a, states: { a: { type: task, function: steady, end: true } } }
                      - { startAt: b, states: { b: { type: task, function: flaky, end: true } } }
                    retry: [ { errors: [platform-unavailable], interval: 1s, maxAttempts: 2 } ]
                    end: true
                """);

        RunResult result = run(d, json("{}"));

        assertThat(result.output()).isEqualTo(json("[\"s\",\"f\"]"));
        assertThat(fake.functionsCalled()).containsExactlyInAnyOrder("steady", "flaky", "steady", "flaky");
        assertThat(traceOf(result, "p")).extracting(StepTrace::attempt, StepTrace::status)
                .containsExactly(tuple(1, "retrying"), tuple(2, "succeeded"));
    }

    // ---- choice

    private static final String CHOICE = """
            name: route
            startAt: route
            states:
              route:
                type: choice
                choices:
                  - { condition: { variable: $.total, numericGreaterThan: 100 }, next: big }
                  - { condition: { variable: $.country, stringEquals: NL }, next: dutch }
                  - { condition: { variable: $.never, isPresent: true }, next: other }
                %s
              big: { type: task, function: big, end: true }
              dutch: { type: task, function: dutch, end: true }
              other: { type: task, function: other, end: true }
            """;

    private void choiceFunctions() {
        fake.on("big", "openfaas", in -> json("\"big\"")).on("dutch", "fn", in -> json("\"dutch\""))
                .on("other", "openwhisk", in -> json("\"other\""));
    }

    @Test
    void choiceTakesTheFirstMatchingChoice() {
        choiceFunctions();

        RunResult result = run(yaml(CHOICE.formatted("default: other")), json("{\"total\":500,\"country\":\"NL\"}"));

        assertThat(result.output()).isEqualTo(json("\"big\""));
        assertThat(fake.calls.get(0).input()).isEqualTo(json("{\"total\":500,\"country\":\"NL\"}"));
    }

    @Test
    void choiceTakesTheSecondChoiceWhenOnlyItMatches() {
        choiceFunctions();

        assertThat(run(yaml(CHOICE.formatted("default: other")), json("{\"total\":5,\"country\":\"NL\"}")).output())
                .isEqualTo(json("\"dutch\""));
        assertThat(fake.functionsCalled()).containsExactly("dutch");
    }

    @Test
    void choiceTakesTheDefaultWhenNothingMatches() {
        choiceFunctions();

        assertThat(run(yaml(CHOICE.formatted("default: other")), json("{\"total\":5}")).output())
                .isEqualTo(json("\"other\""));
    }

    @Test
    void choiceWithoutMatchOrDefaultFailsTheRunNamingTheState() {
        choiceFunctions();

        RunResult result = run(yaml(CHOICE.formatted("")), json("{\"total\":5}"));

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.error()).startsWith("route: no-choice-matched: no choice of state 'route' matched");
        assertThat(fake.calls).isEmpty();
    }

    // ---- retry, catch, timeouts

    @Test
    void retrySucceedsOnTheThirdAttemptWaitingAsDelayBeforeSays() {
        StepFailure down = new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, 503, "down");
        fake.script("flaky", call -> Mono.error(down), call -> Mono.error(down),
                call -> FakeInvoker.ok("openfaas", json("\"finally\"")));
        CompositionDefinition d = yaml("""
                name: flaky
                startAt: f
                states:
                  f:
                    type: task
                    function: flaky
                    retry:
                      - { errors: [platform-unavailable], interval: 1s, backoffRate: 2, maxAttempts: 3, jitter: 0.5 }
                    end: true
                """);

        RunResult result = run(d, json("{}"));

        assertThat(result.output()).isEqualTo(json("\"finally\""));
        List<StepTrace> trace = traceOf(result, "f");
        assertThat(trace).extracting(StepTrace::attempt, StepTrace::status).containsExactly(
                tuple(1, "retrying"), tuple(2, "retrying"),
                tuple(3, "succeeded"));
        // jitter 0.5 and random 0.5: 1s * (0.5 + 0.25) = 750ms, then 2s * 0.75 = 1500ms
        assertThat(Duration.between(trace.get(0).finished(), trace.get(1).started())).isEqualTo(Duration.ofMillis(750));
        assertThat(Duration.between(trace.get(1).finished(), trace.get(2).started()))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(fake.calls).extracting(StepCall::attempt).containsExactly(1, 2, 3);
        assertThat(trace.get(0).error()).isEqualTo("platform-unavailable: down");
    }

    private static final String RETRY_THEN_CATCH = """
            name: fallback
            startAt: validate
            states:
              validate:
                type: task
                function: validate
                retry: [ { errors: [%s], interval: 1s, maxAttempts: 2 } ]
                catch: [ { errors: [function-failed], next: lenient, resultPath: $.error } ]
                next: done
              lenient: { type: task, function: lenient, next: done }
              done: { type: succeed }
            """;

    @Test
    void anExhaustedRetryIsCaughtToAFallbackOnAnotherPlatformWithTheErrorObject() {
        fake.script("validate", call -> Mono.error(new StepFailure(ErrorCategory.FUNCTION_FAILED, 500, "bad order",
                "openfaas", null))).on("lenient", "openwhisk", in -> with(in, "lenient", "yes"));

        RunResult result = run(yaml(RETRY_THEN_CATCH.formatted("function-failed")), json("{\"order\":1}"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output()).isEqualTo(json(
                "{\"order\":1,\"error\":{\"error\":\"function-failed\",\"cause\":\"bad order\"},\"lenient\":\"yes\"}"));
        assertThat(fake.functionsCalled()).containsExactly("validate", "validate", "lenient");
        assertThat(result.trace()).extracting(StepTrace::path, StepTrace::status, StepTrace::platform)
                .containsExactly(tuple("validate", "retrying", "openfaas"),
                        tuple("validate", "caught", "openfaas"),
                        tuple("lenient", "succeeded", "openwhisk"),
                        tuple("done", "succeeded", null));
    }

    @Test
    void aRetrierRetriesOnlyItsCategories() {
        fake.script("validate", call -> Mono.error(new StepFailure(ErrorCategory.FUNCTION_FAILED, 500, "bad")))
                .on("lenient", "openwhisk", in -> in);

        RunResult result = run(yaml(RETRY_THEN_CATCH.formatted("platform-unavailable")), json("{}"));

        assertThat(result.succeeded()).isTrue();
        assertThat(fake.functionsCalled()).containsExactly("validate", "lenient");
    }

    @Test
    void anUncaughtFailureFailsTheRunNamingTheStatePath() {
        fake.script("validate", call -> Mono.error(new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, 503, "down")));

        RunResult result = run(yaml(RETRY_THEN_CATCH.formatted("timeout")), json("{}"));

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.output()).isNull();
        assertThat(result.error()).isEqualTo("validate: platform-unavailable: down");
        assertThat(traceOf(result, "validate")).extracting(StepTrace::status).containsExactly("failed");
    }

    @Test
    void anUnknownFunctionIsAFunctionFailureThatCatchersTake() {
        fake.on("lenient", "openwhisk", in -> in);

        RunResult result = run(yaml(RETRY_THEN_CATCH.formatted("timeout")), json("{}"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output().get("error").get("cause").asString()).contains("function 'validate' not found");
    }

    @Test
    void aStepTimeoutIsATimeoutFailureThatCatchersTake() {
        fake.script("slow", call -> fake.later(Duration.ofMinutes(1), "fn", json("\"late\"")))
                .on("quick", "openfaas", in -> json("\"quick\""));
        CompositionDefinition d = yaml("""
                name: slow
                startAt: s
                states:
                  s:
                    type: task
                    function: slow
                    timeout: 30s
                    catch: [ { errors: [timeout], next: q, resultPath: $.why } ]
                    end: true
                  q: { type: task, function: quick, input: $.why, resultPath: $.answer, end: true }
                """);

        RunResult result = run(d, json("{}"));

        assertThat(result.succeeded()).isTrue();
        assertThat(fake.calls.get(1).input()).isEqualTo(json(
                "{\"error\":\"timeout\",\"cause\":\"state 's' did not finish within 30s (retries included)\"}"));
        StepTrace s = traceOf(result, "s").get(0);
        assertThat(s.status()).isEqualTo("caught");
        assertThat(Duration.between(s.started(), s.finished())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theWholeRunTimeoutFailsTheRunAndClosesItsOpenSteps() {
        fake.script("slow", call -> fake.later(Duration.ofMinutes(1), "fn", json("1")));
        CompositionDefinition d = yaml("""
                name: whole
                timeout: 10s
                startAt: s
                states:
                  s:
                    type: task
                    function: slow
                    catch: [ { errors: [any], next: never } ]
                    end: true
                  never: { type: succeed }
                """);

        RunResult result = run(d, json("{}"));

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.error()).isEqualTo("whole: run-timeout: the run did not finish within 10s");
        assertThat(result.trace()).extracting(StepTrace::path, StepTrace::status)
                .containsExactly(tuple("s", "failed"));
    }

    // ---- fail state

    @Test
    void aFailStateEndsTheRunWithItsErrorAndCause() {
        CompositionDefinition d = yaml("""
                name: nope
                startAt: no
                states:
                  no: { type: fail, error: OrderRejected, cause: no route matched }
                """);

        RunResult result = run(d, json("{}"));

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.error()).isEqualTo("no: OrderRejected: no route matched");
    }

    @Test
    void aFailStateInABranchIsCaughtOnlyByAny() {
        String definition = """
                name: branch-fail
                startAt: p
                states:
                  p:
                    type: parallel
                    branches:
                      - { startAt: x, states: { x: { type: fail, error: Nope } } }
                    catch: [ { errors: [%s], next: ok } ]
                    end: true
                  ok: { type: succeed }
                """;

        RunResult notCaught = run(yaml(definition.formatted("function-failed")), json("{}"));
        RunResult caught = run(yaml(definition.formatted("any")), json("{}"));

        assertThat(notCaught.error()).isEqualTo("p.branches[0].x: Nope");
        assertThat(caught.succeeded()).isTrue();
        assertThat(caught.output()).isEqualTo(json("{\"error\":\"Nope\",\"cause\":null}"));
    }

    // ---- selectors at run time

    @Test
    void anInputSelectorThatFindsNothingFailsTheRunClearly() {
        fake.on("f", "fn", in -> in);
        CompositionDefinition d = yaml("""
                name: missing
                startAt: a
                states:
                  a: { type: task, function: f, input: $.order.id, catch: [ { errors: [any], next: b } ], end: true }
                  b: { type: succeed }
                """);

        RunResult result = run(d, json("{\"order\":{\"no\":1}}"));

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.error()).isEqualTo("a: selection-failed: input $.order.id: the object at $.order has no "
                + "field 'id' (fields: no)");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void anOutputSelectorThatFindsNothingFailsTheRunEvenWithACatchAll() {
        fake.on("f", "fn", in -> json("\"text\""));
        CompositionDefinition d = yaml("""
                name: missing-out
                startAt: a
                states:
                  a: { type: task, function: f, output: $.x, catch: [ { errors: [any], next: b } ], end: true }
                  b: { type: succeed }
                """);

        RunResult result = run(d, json("{}"));

        assertThat(result.error()).isEqualTo("a: selection-failed: output $.x: $ is a string, not an object with "
                + "field 'x'");
        assertThat(traceOf(result, "b")).isEmpty();
    }

    // ---- the step cap

    @Test
    void aMapOverMoreItemsThanTheStepCapFailsBeforeCallingAnything() {
        engine = new CompositionEngine(fake, time, () -> 0.5, 50);
        fake.on("price", "fn", in -> in);
        ObjectNode input = JSON.createObjectNode();
        input.putArray("lines").addAll(IntStream.range(0, 100).mapToObj(i -> (JsonNode)
                JSON.getNodeFactory().numberNode(i)).toList());

        RunResult result = run(yaml(MAP), input);

        assertThat(result.status()).isEqualTo(RunResult.FAILED);
        assertThat(result.error()).startsWith("each: step-limit-exceeded: the map has 100 items, more than the 49 "
                + "steps this run has left (at most 50 per run)");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void theStepCapCountsRetriesAndStopsTheRun() {
        engine = new CompositionEngine(fake, time, () -> 0.5, 4);
        fake.script("f", call -> Mono.error(new StepFailure(ErrorCategory.TIMEOUT, 504, "slow")));
        CompositionDefinition d = yaml("""
                name: capped
                startAt: a
                states:
                  a:
                    type: task
                    function: f
                    retry: [ { errors: [timeout], interval: 1ms, maxAttempts: 100 } ]
                    end: true
                """);

        RunResult result = run(d, json("{}"));

        assertThat(result.error()).startsWith("a: step-limit-exceeded: the run has executed 4 steps");
        assertThat(fake.calls).hasSize(4);
    }

    @Test
    void aLargeMapWithinTheCapCompletesWithoutDeepStacks() {
        fake.on("price", "fn", in -> in);
        ObjectNode input = JSON.createObjectNode();
        input.putArray("lines").addAll(IntStream.range(0, 4_000).mapToObj(i -> (JsonNode)
                JSON.getNodeFactory().numberNode(i)).toList());

        RunResult result = run(yaml(MAP), input);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.output()).hasSize(4_000);
        assertThat(result.output().get(3_999).asInt()).isEqualTo(3_999);
        assertThat(fake.calls).hasSize(4_000);
    }

    @Test
    void aSequenceStepRetriesOnItsOwnAndTheSequenceCatches() {
        StepFailure down = new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, 503, "down");
        fake.on("first", "openfaas", in -> json("{\"v\":1}"))
                .script("second", call -> Mono.error(down))
                .on("rescue", "openwhisk", in -> in);
        CompositionDefinition d = yaml("""
                name: seq-retry
                startAt: s
                states:
                  s:
                    type: sequence
                    steps:
                      - { function: first }
                      - { function: second, retry: [ { errors: [any], interval: 2s, maxAttempts: 2 } ] }
                    catch: [ { errors: [platform-unavailable], next: r, resultPath: $.failure } ]
                    end: true
                  r: { type: task, function: rescue, end: true }
                """);

        RunResult result = run(d, json("{\"in\":0}"));

        assertThat(fake.functionsCalled()).containsExactly("first", "second", "second", "rescue");
        assertThat(result.output()).isEqualTo(json(
                "{\"in\":0,\"failure\":{\"error\":\"platform-unavailable\",\"cause\":\"down\"}}"));
        assertThat(result.trace()).extracting(StepTrace::path, StepTrace::status).containsExactly(
                tuple("s.steps[0]", "succeeded"),
                tuple("s.steps[1]", "retrying"),
                tuple("s.steps[1]", "caught"),
                tuple("s", "caught"),
                tuple("r", "succeeded"));
    }

    // ---- checkpoints and resume

    @Test
    void everyCompletedTopLevelStateIsACheckpoint() {
        threePlatforms();

        run(yaml(THREE_PLATFORMS), json("{}"));

        assertThat(listener.checkpoints).extracting(Checkpoint::nextState, Checkpoint::stepsDone)
                .containsExactly(tuple("b", 1), tuple("c", 2));
        assertThat(listener.checkpoints.get(1).data()).isEqualTo(json("{\"a\":\"openfaas\",\"b\":\"fn\"}"));
    }

    @Test
    void resumingFromACheckpointRunsOnlyTheRemainingStates() {
        threePlatforms();
        CompositionDefinition d = yaml(THREE_PLATFORMS);
        RunResult whole = run(d, json("{}"));
        Checkpoint afterA = listener.checkpoints.get(0);
        fake.calls.clear();

        RunResult resumed = run(d, json("{\"ignored\":true}"), afterA);

        assertThat(resumed.output()).isEqualTo(whole.output());
        assertThat(fake.functionsCalled()).containsExactly("fb", "fc");
        assertThat(resumed.trace()).extracting(StepTrace::path).containsExactly("b", "c");
    }

    @Test
    void resumingCountsTheStepsAlreadyDone() {
        engine = new CompositionEngine(fake, time, () -> 0.5, 3);
        threePlatforms();

        RunResult result = run(yaml(THREE_PLATFORMS), json("{}"), new Checkpoint("b", json("{}"), 2));

        assertThat(result.error()).startsWith("c: step-limit-exceeded");
        assertThat(fake.functionsCalled()).containsExactly("fb");
    }

    @Test
    void resumingFromAStateTheDefinitionLacksFailsClearly() {
        RunResult result = run(yaml(THREE_PLATFORMS), json("{}"), new Checkpoint("gone", json("{}"), 1));

        assertThat(result.error()).isEqualTo("gone: engine-error: the checkpoint names state 'gone', which "
                + "composition 'three' does not have (its states: a, b, c); was the definition replaced?");
        assertThat(fake.calls).isEmpty();
    }

    // ---- the listener

    @Test
    void theListenerHearsEveryStepStartAndFinish() {
        threePlatforms();

        RunResult result = run(yaml(THREE_PLATFORMS), json("{}"));

        assertThat(listener.started).extracting(StepTrace::path, StepTrace::status).containsExactly(
                tuple("a", "running"), tuple("b", "running"),
                tuple("c", "running"));
        assertThat(listener.finished).containsExactlyElementsOf(result.trace());
    }

    @Test
    void aListenerThatThrowsFailsTheRunSayingSo() {
        threePlatforms();
        RunListener broken = new RunListener() {
            @Override
            public void checkpoint(Checkpoint checkpoint) {
                throw new IllegalStateException("store down");
            }
        };

        CompletableFuture<RunResult> f = engine.run(yaml(THREE_PLATFORMS), json("{}"), broken).toFuture();
        time.advanceTimeBy(Duration.ofHours(1));

        assertThat(f.join().error()).isEqualTo("a: engine-error: the checkpoint after this state could not be "
                + "saved: store down");
        assertThat(fake.functionsCalled()).containsExactly("fa");
    }
}
