package io.faasfed.gateway.composition.engine;

import io.faasfed.gateway.composition.ActionState;
import io.faasfed.gateway.composition.Branch;
import io.faasfed.gateway.composition.Catcher;
import io.faasfed.gateway.composition.Choice;
import io.faasfed.gateway.composition.ChoiceState;
import io.faasfed.gateway.composition.CompositionDefinition;
import io.faasfed.gateway.composition.ErrorCategory;
import io.faasfed.gateway.composition.FailState;
import io.faasfed.gateway.composition.MapState;
import io.faasfed.gateway.composition.ParallelState;
import io.faasfed.gateway.composition.ResultPath;
import io.faasfed.gateway.composition.Retrier;
import io.faasfed.gateway.composition.SelectionException;
import io.faasfed.gateway.composition.Selector;
import io.faasfed.gateway.composition.SequenceState;
import io.faasfed.gateway.composition.State;
import io.faasfed.gateway.composition.StateType;
import io.faasfed.gateway.composition.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * Runs composition definitions: the states from {@code startAt} (or a {@link Checkpoint}), each function call through
 * the {@link StepInvoker}, every step reported to a {@link RunListener} and kept in the {@link RunResult}'s trace.
 *
 * <p>Semantics, per state type: a {@code task} selects its input, calls its function, merges the answer at its
 * {@code resultPath} and selects its output; a {@code sequence} calls its steps in order, each output the next
 * input; a {@code parallel} runs its branches at once (the result is an array in branch order; the first failing
 * branch cancels the others and fails the state); a {@code map} runs its iterator per item, at most
 * {@code maxConcurrency} at a time (results in item order); a {@code choice} goes to its first matching choice, else
 * its default, else fails the run; {@code succeed} ends its scope; {@code fail} fails its scope with its error.
 *
 * <p>Failures: a failed attempt is retried by the first {@link Retrier} that matches its category while that entry
 * has attempts left, after {@link Retrier#delayBefore} (jitter drawn from the injected random source, waited on the
 * injected scheduler); then the first matching {@link Catcher} puts {@code {"error": ..., "cause": ...}} at its
 * {@code resultPath} in the state's input and goes to its {@code next}. A state's {@code timeout} covers its retries
 * and fails it with category {@code timeout}, which its catchers may take. A fail state's error has no category: only
 * an {@code any} entry takes it. Some failures end the run whatever the catchers say: a selector or result path that
 * does not fit the data, a choice without a match, the whole run's timeout, and the step cap.
 *
 * <p>Work is bounded: every step (each attempt of each state, each sequence step, each branch and item state)
 * counts against {@code maxSteps}; past it the run fails, and a map whose items alone would pass it fails before it
 * starts. Thread-safe; one engine serves many runs.
 */
public final class CompositionEngine {

    /** The default cap on steps executed by one run. */
    public static final int DEFAULT_MAX_STEPS = 10_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final StepInvoker invoker;
    private final Scheduler scheduler;
    private final DoubleSupplier random;
    private final int maxSteps;

    /** An engine with the parallel scheduler, a thread-local random source and {@value #DEFAULT_MAX_STEPS} steps. */
    public CompositionEngine(StepInvoker invoker) {
        this(invoker, Schedulers.parallel(), () -> ThreadLocalRandom.current().nextDouble(), DEFAULT_MAX_STEPS);
    }

    /**
     * @param invoker   calls the functions
     * @param scheduler times retry delays and timeouts, and gives the trace's clock
     * @param random    uniform numbers in [0, 1) for the retriers' jitter
     * @param maxSteps  the most steps one run may execute; at least 1
     */
    public CompositionEngine(StepInvoker invoker, Scheduler scheduler, DoubleSupplier random, int maxSteps) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps: " + maxSteps + " (expected: > 0)");
        }
        this.maxSteps = maxSteps;
    }

    /** Runs {@code definition} on {@code input} from its {@code startAt}, under a random run id. */
    public Mono<RunResult> run(CompositionDefinition definition, JsonNode input, RunListener listener) {
        return run(UUID.randomUUID().toString(), definition, input, listener, null);
    }

    /**
     * Runs {@code definition} from {@code from} (its data replaces {@code input}), or from {@code startAt} when
     * {@code from} is null, under a random run id.
     */
    public Mono<RunResult> run(CompositionDefinition definition, JsonNode input, RunListener listener,
                               Checkpoint from) {
        return run(UUID.randomUUID().toString(), definition, input, listener, from);
    }

    /**
     * Runs {@code definition}.
     *
     * @param runId      passed to every {@link StepCall}
     * @param definition a validated definition
     * @param input      the run's input; null counts as a JSON null
     * @param listener   hears every step and every top-level checkpoint
     * @param from       where to resume (a completed top-level state's successor, with its data and step count);
     *                   null to start at {@code startAt}. Resume granularity is top-level states: see
     *                   {@link Checkpoint}
     * @return the run's result, always a value: a failure is a {@link RunResult#FAILED} result saying where and why
     */
    public Mono<RunResult> run(String runId, CompositionDefinition definition, JsonNode input, RunListener listener,
                               Checkpoint from) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(listener, "listener");
        return Mono.defer(() -> {
            Run run = new Run(runId, listener, from == null ? 0 : from.stepsDone(), definition.timeout());
            String start = from == null ? definition.startAt() : from.nextState();
            JsonNode data = from == null ? (input == null ? NullNode.getInstance() : input) : from.data();
            Mono<JsonNode> body;
            if (!definition.states().containsKey(start)) {
                body = Mono.error(RunFailure.fatal(start, RunFailure.ENGINE_ERROR, "the checkpoint names state '"
                        + start + "', which composition '" + definition.name() + "' does not have (its states: "
                        + String.join(", ", definition.states().keySet()) + "); was the definition replaced?"));
            } else {
                body = scope(run, definition.topLevel(), "", start, data, true);
            }
            Duration timeout = definition.timeout();
            body = deadline(body, timeout, run.timedOut, () -> RunFailure.fatal(definition.name(),
                    RunFailure.RUN_TIMEOUT, "the run did not finish within " + format(timeout)));
            return body
                    .map(out -> new RunResult(out, run.trace(), RunResult.SUCCEEDED, null))
                    .onErrorResume(e -> Mono.just(new RunResult(null, run.trace(), RunResult.FAILED,
                            e instanceof RunFailure f ? f.getMessage() : definition.name() + ": "
                                    + RunFailure.ENGINE_ERROR + ": " + e)));
        });
    }

    // ---- scopes and states

    /** Runs {@code scope} from {@code stateName} until a state ends it; its output. */
    private Mono<JsonNode> scope(Run run, Branch scope, String prefix, String stateName, JsonNode data, boolean top) {
        State state = scope.states().get(stateName);
        String path = prefix.isEmpty() ? stateName : prefix + "." + stateName;
        return state(run, state, path, stateName, data).flatMap(t -> {
            if (t.next() == null) {
                return Mono.just(t.data());
            }
            Mono<JsonNode> rest = scope(run, scope, prefix, t.next(), t.data(), top);
            if (!top) {
                return rest;
            }
            Checkpoint checkpoint = new Checkpoint(t.next(), t.data(), run.steps.get());
            return Mono.defer(() -> run.listener.persist(checkpoint))
                    .onErrorMap(e -> !(e instanceof RunFailure), e -> RunFailure.fatal(path, RunFailure.ENGINE_ERROR,
                            "the checkpoint after this state could not be saved: " + e.getMessage()))
                    .then(rest);
        });
    }

    private Mono<Transition> state(Run run, State state, String path, String name, JsonNode data) {
        return Mono.defer(() -> switch (state.type()) {
            case TASK, SEQUENCE, PARALLEL, MAP -> action(run, (ActionState) state, path, name, data);
            case CHOICE -> choice(run, (ChoiceState) state, path, name, data);
            case SUCCEED -> {
                Open open = run.start(new Site(path, name, StateType.SUCCEED, null), 1);
                run.finish(open, StepTrace.SUCCEEDED, null, 0, 0, null);
                yield Mono.just(new Transition(null, data));
            }
            case FAIL -> {
                FailState fail = (FailState) state;
                Open open = run.start(new Site(path, name, StateType.FAIL, null), 1);
                RunFailure failure = RunFailure.failState(path, fail.error(), fail.cause());
                run.finish(open, StepTrace.FAILED, null, 0, 0, failure.summary());
                yield Mono.error(failure);
            }
        });
    }

    private Mono<Transition> choice(Run run, ChoiceState state, String path, String name, JsonNode data) {
        Open open = run.start(new Site(path, name, StateType.CHOICE, null), 1);
        for (Choice choice : state.choices()) {
            if (choice.condition().test(data)) {
                run.finish(open, StepTrace.SUCCEEDED, null, 0, 0, null);
                return Mono.just(new Transition(choice.next(), data));
            }
        }
        if (state.defaultNext() != null) {
            run.finish(open, StepTrace.SUCCEEDED, null, 0, 0, null);
            return Mono.just(new Transition(state.defaultNext(), data));
        }
        RunFailure failure = RunFailure.fatal(path, RunFailure.NO_CHOICE_MATCHED, "no choice of state '" + name
                + "' matched its data, and it has no default; add a default, or a choice that matches");
        run.finish(open, StepTrace.FAILED, null, 0, 0, failure.summary());
        return Mono.error(failure);
    }

    private Mono<Transition> action(Run run, ActionState state, String path, String name, JsonNode data) {
        JsonNode input = select(state.input(), data, path, "input");
        Mono<JsonNode> result = switch (state.type()) {
            case TASK -> task(run, (TaskState) state, path, name, input);
            case SEQUENCE -> sequence(run, (SequenceState) state, path, name, input);
            case PARALLEL -> parallel(run, (ParallelState) state, path, name, input);
            case MAP -> map(run, (MapState) state, path, name, input);
            default -> throw new IllegalStateException("not an action state: " + state.type());
        };
        return result
                .map(r -> new Transition(state.next(),
                        select(state.output(), merge(state.resultPath(), data, r, path, "resultPath"), path,
                                "output")))
                .onErrorResume(RunFailure.class, failure -> {
                    if (failure.fatal()) {
                        return Mono.error(failure);
                    }
                    for (Catcher catcher : state.catchers()) {
                        if (catcher.matches(failure.category())) {
                            return Mono.fromSupplier(() -> new Transition(catcher.next(), merge(catcher.resultPath(),
                                    data, failure.errorObject(), path, "catch resultPath")));
                        }
                    }
                    return Mono.error(failure);
                });
    }

    private Mono<JsonNode> task(Run run, TaskState state, String path, String name, JsonNode input) {
        Duration callTimeout = state.timeout() != null ? state.timeout() : run.timeout;
        return attempts(run, new Site(path, name, StateType.TASK, state.function()), state.retry(), state.catchers(),
                state.timeout(), attempt -> call(run, state.function(), input, callTimeout, path, attempt));
    }

    private Mono<JsonNode> sequence(Run run, SequenceState state, String path, String name, JsonNode input) {
        return attempts(run, new Site(path, name, StateType.SEQUENCE, null), List.of(), state.catchers(),
                state.timeout(), attempt -> steps(run, state, path, name, 0, input).map(Done::of));
    }

    private Mono<JsonNode> steps(Run run, SequenceState state, String path, String name, int index, JsonNode data) {
        if (index == state.steps().size()) {
            return Mono.just(data);
        }
        SequenceState.Step step = state.steps().get(index);
        String stepPath = path + ".steps[" + index + "]";
        Duration callTimeout = step.timeout() != null ? step.timeout()
                : state.timeout() != null ? state.timeout() : run.timeout;
        return Mono.defer(() -> {
            JsonNode in = select(step.input(), data, stepPath, "input");
            return attempts(run, new Site(stepPath, name, StateType.TASK, step.function()), step.retry(),
                    state.catchers(), step.timeout(),
                    attempt -> call(run, step.function(), in, callTimeout, stepPath, attempt))
                    .map(out -> select(step.output(), out, stepPath, "output"));
        }).flatMap(out -> steps(run, state, path, name, index + 1, out));
    }

    private Mono<JsonNode> parallel(Run run, ParallelState state, String path, String name, JsonNode input) {
        List<Branch> branches = state.branches();
        return attempts(run, new Site(path, name, StateType.PARALLEL, null), state.retry(), state.catchers(),
                state.timeout(), attempt -> {
                    List<Mono<JsonNode>> runs = new ArrayList<>(branches.size());
                    for (int i = 0; i < branches.size(); i++) {
                        Branch branch = branches.get(i);
                        runs.add(scope(run, branch, path + ".branches[" + i + "]", branch.startAt(), input, false));
                    }
                    return Flux.mergeSequential(runs, branches.size(), 1).collectList().map(Done::ofArray);
                });
    }

    private Mono<JsonNode> map(Run run, MapState state, String path, String name, JsonNode input) {
        JsonNode items = select(state.items(), input, path, "items");
        if (!items.isArray()) {
            return Mono.error(RunFailure.fatal(path, RunFailure.SELECTION_FAILED, "items " + state.items()
                    + " is " + kind(items) + ", not an array; a map state needs an array to iterate over"));
        }
        int left = maxSteps - run.steps.get() - 1; // the map state's own step counts too
        if (items.size() > left) {
            return Mono.error(RunFailure.fatal(path, RunFailure.STEP_LIMIT, "the map has " + items.size()
                    + " items, more than the " + left + " steps this run has left (at most " + maxSteps
                    + " per run); split the input, or run a composition per batch"));
        }
        Branch iterator = state.iterator();
        return attempts(run, new Site(path, name, StateType.MAP, null), state.retry(), state.catchers(),
                state.timeout(), attempt -> Flux.range(0, items.size())
                        .flatMapSequential(i -> scope(run, iterator, path + ".items[" + i + "]",
                                iterator.startAt(), items.get(i), false), state.maxConcurrency(), 1)
                        .collectList()
                        .map(Done::ofArray));
    }

    // ---- attempts, retries, timeouts

    /**
     * Runs {@code work} as attempts of one step: each attempt traced, failures retried per {@code retriers}, the
     * whole bounded by {@code timeout} (retries included); a failed last attempt is traced as caught when one of
     * {@code catchers} takes it.
     */
    private Mono<JsonNode> attempts(Run run, Site site, List<Retrier> retriers, List<Catcher> catchers,
                                    Duration timeout, IntFunction<Mono<Done>> work) {
        AtomicReference<RunFailure> timedOut = new AtomicReference<>();
        Mono<JsonNode> attempts = attempt(run, site, retriers, catchers, work, timedOut, 1,
                new int[retriers.size()]);
        return deadline(attempts, timeout, timedOut, () -> RunFailure.of(ErrorCategory.TIMEOUT, site.path(),
                "state '" + site.state() + "' did not finish within " + format(timeout) + " (retries included)",
                null));
    }

    private Mono<JsonNode> attempt(Run run, Site site, List<Retrier> retriers, List<Catcher> catchers,
                                   IntFunction<Mono<Done>> work, AtomicReference<RunFailure> timedOut, int number,
                                   int[] retries) {
        return Mono.defer(() -> {
            Open open = run.start(site, number);
            return work.apply(number)
                    .doOnCancel(() -> {
                        RunFailure reason = timedOut.get() != null ? timedOut.get() : run.timedOut.get();
                        if (reason == null) {
                            run.finish(open, StepTrace.CANCELLED, null, 0, 0, null);
                        } else {
                            run.finish(open, status(reason, catchers), null, 0, 0, reason.summary());
                        }
                    })
                    .map(done -> {
                        run.finish(open, StepTrace.SUCCEEDED, done.platform(), done.inputBytes(),
                                done.outputBytes(), null);
                        return done.output();
                    })
                    .onErrorResume(error -> {
                        RunFailure failure = error instanceof RunFailure f ? f
                                : RunFailure.of(StepFailure.of(error), site.path());
                        if (!failure.fatal()) {
                            for (int i = 0; i < retriers.size(); i++) {
                                Retrier retrier = retriers.get(i);
                                if (!retrier.matches(failure.category())) {
                                    continue;
                                }
                                if (retries[i] + 1 < retrier.maxAttempts()) {
                                    retries[i]++;
                                    Duration delay = retrier.delayBefore(retries[i], random.getAsDouble());
                                    run.finish(open, StepTrace.RETRYING, failure.platform(), 0, 0,
                                            failure.summary());
                                    return Mono.delay(delay, scheduler).then(attempt(run, site, retriers, catchers,
                                            work, timedOut, number + 1, retries));
                                }
                                break;
                            }
                        }
                        run.finish(open, status(failure, catchers), failure.platform(), 0, 0, failure.summary());
                        return Mono.error(failure);
                    });
        });
    }

    private static String status(RunFailure failure, List<Catcher> catchers) {
        if (!failure.fatal() && catchers.stream().anyMatch(c -> c.matches(failure.category()))) {
            return StepTrace.CAUGHT;
        }
        return StepTrace.FAILED;
    }

    /**
     * {@code work}, failing with the failure {@code onTimeout} makes when {@code timeout} passes first (null: no
     * limit). The failure is recorded in {@code reason} before the work is cancelled, so its open steps can say why.
     */
    private <T> Mono<T> deadline(Mono<T> work, Duration timeout, AtomicReference<RunFailure> reason,
                                 Supplier<RunFailure> onTimeout) {
        if (timeout == null) {
            return work;
        }
        return work
                .timeout(Mono.delay(timeout, scheduler).doOnNext(tick -> reason.compareAndSet(null, onTimeout.get())))
                .onErrorMap(e -> e instanceof TimeoutException && reason.get() != null, e -> reason.get());
    }

    private Mono<Done> call(Run run, String function, JsonNode input, Duration timeout, String path, int attempt) {
        return Mono.defer(() -> invoker.invoke(new StepCall(function, input, timeout, run.runId, path, attempt)))
                .switchIfEmpty(Mono.error(() -> new StepFailure(ErrorCategory.FUNCTION_FAILED, 502,
                        "the invoker gave no answer for function '" + function + "'")))
                .map(r -> new Done(r.output(), r.platform(), r.inputBytes(), r.outputBytes()))
                .onErrorMap(e -> !(e instanceof RunFailure), e -> RunFailure.of(StepFailure.of(e), path));
    }

    // ---- data

    private static JsonNode select(Selector selector, JsonNode data, String path, String what) {
        try {
            return selector.apply(data);
        } catch (SelectionException e) {
            throw RunFailure.fatal(path, RunFailure.SELECTION_FAILED, what + " " + e.getMessage());
        }
    }

    private static JsonNode merge(ResultPath resultPath, JsonNode data, JsonNode result, String path, String what) {
        try {
            return resultPath.merge(data, result);
        } catch (SelectionException e) {
            String message = e.getMessage();
            throw RunFailure.fatal(path, RunFailure.SELECTION_FAILED, message.startsWith("resultPath ")
                    ? what + message.substring("resultPath".length()) : what + " " + message);
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** {@code 30s}, {@code 1500ms}: enough for messages. */
    private static String format(Duration duration) {
        long millis = duration == null ? 0 : duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    // ---- bookkeeping

    /** Where a step is and what it is. */
    private record Site(String path, String state, StateType type, String function) {
    }

    /** Where a state goes next ({@code null}: its scope ends) and with what data. */
    private record Transition(String next, JsonNode data) {
    }

    /** One successful attempt's result. */
    private record Done(JsonNode output, String platform, long inputBytes, long outputBytes) {

        static Done of(JsonNode output) {
            return new Done(output, null, 0, 0);
        }

        static Done ofArray(List<JsonNode> elements) {
            ArrayNode array = NODES.arrayNode(elements.size());
            elements.forEach(array::add);
            return of(array);
        }
    }

    /** A started step, finished once. */
    private record Open(StepTrace started, AtomicBoolean finished) {
    }

    /** One run's state: its listener, trace, step count and timeout. */
    private final class Run {

        final String runId;
        final RunListener listener;
        final AtomicInteger steps;
        final AtomicReference<RunFailure> timedOut = new AtomicReference<>();
        final List<StepTrace> trace = Collections.synchronizedList(new ArrayList<>());
        final Duration timeout;

        Run(String runId, RunListener listener, int stepsDone, Duration timeout) {
            this.runId = runId;
            this.timeout = timeout;
            this.listener = listener;
            this.steps = new AtomicInteger(stepsDone);
        }

        List<StepTrace> trace() {
            synchronized (trace) {
                return List.copyOf(trace);
            }
        }

        Instant now() {
            return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
        }

        /** Counts and reports a step's start; fails the run past the step cap. */
        Open start(Site site, int attempt) {
            int count = steps.incrementAndGet();
            if (count > maxSteps) {
                throw RunFailure.fatal(site.path(), RunFailure.STEP_LIMIT, "the run has executed " + maxSteps
                        + " steps, the most one run may; bound the map's items or split the composition");
            }
            StepTrace started = new StepTrace(site.path(), site.state(), site.type().jsonName(), site.function(),
                    null, StepTrace.RUNNING, attempt, now(), null, 0, 0, null);
            notify(site.path(), () -> listener.stepStarted(started));
            return new Open(started, new AtomicBoolean());
        }

        /** Reports a step's end, once. */
        void finish(Open open, String status, String platform, long inputBytes, long outputBytes, String error) {
            if (!open.finished().compareAndSet(false, true)) {
                return;
            }
            StepTrace s = open.started();
            StepTrace finished = new StepTrace(s.path(), s.state(), s.type(), s.function(), platform, status,
                    s.attempt(), s.started(), now(), inputBytes, outputBytes, error);
            trace.add(finished);
            notify(s.path(), () -> listener.stepFinished(finished));
        }

        void notify(String path, Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                throw RunFailure.fatal(path, RunFailure.ENGINE_ERROR, "the run listener failed: " + e);
            }
        }
    }
}
