package io.faasfed.gateway.composition.engine;

import io.faasfed.adapter.api.FaasException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;

/**
 * A {@link StepInvoker} for tests: records every call, answers from a script per function (consecutive answers, the
 * last one repeating), and counts how many calls are in flight at once. Unknown functions are not found.
 */
final class FakeInvoker implements StepInvoker {

    private final Scheduler time;
    private final Map<String, Deque<Function<StepCall, Mono<StepResult>>>> scripts = new HashMap<>();
    final List<StepCall> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    FakeInvoker(Scheduler time) {
        this.time = time;
    }

    /** {@code function} on {@code platform} always answers {@code answer(input)} at once. */
    FakeInvoker on(String function, String platform, UnaryOperator<JsonNode> answer) {
        return script(function, call -> ok(platform, answer.apply(call.input())));
    }

    /** {@code function} answers with {@code answers} in turn; the last one repeats. */
    @SafeVarargs
    final synchronized FakeInvoker script(String function, Function<StepCall, Mono<StepResult>>... answers) {
        scripts.put(function, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    static Mono<StepResult> ok(String platform, JsonNode output) {
        return Mono.just(new StepResult(output, platform, 200, 10, 20));
    }

    /** An answer after {@code delay} of virtual time. */
    Mono<StepResult> later(Duration delay, String platform, JsonNode output) {
        return Mono.delay(delay, time).then(ok(platform, output));
    }

    List<String> functionsCalled() {
        synchronized (calls) {
            return calls.stream().map(StepCall::function).toList();
        }
    }

    @Override
    public Mono<StepResult> invoke(StepCall call) {
        calls.add(call);
        Function<StepCall, Mono<StepResult>> answer;
        synchronized (this) {
            Deque<Function<StepCall, Mono<StepResult>>> script = scripts.get(call.function());
            if (script == null) {
                return Mono.error(new FaasException.FunctionNotFound(null, call.function()));
            }
            answer = script.size() > 1 ? script.poll() : script.peek();
        }
        return answer.apply(call)
                .doOnSubscribe(s -> maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                .doOnTerminate(inFlight::decrementAndGet) // before the answer goes on, unlike doFinally
                .doOnCancel(inFlight::decrementAndGet);
    }
}
