package io.faasfed.gateway.async;

import io.faasfed.gateway.composition.runtime.CompositionStore;
import io.faasfed.gateway.composition.runtime.RunView;

import io.faasfed.gateway.calls.CallEntry;
import io.faasfed.gateway.calls.CallLog;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.security.Callers;
import io.faasfed.gateway.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The native API of calls: a call's record by id (an asynchronous call's record, or a synchronous call's entry in the
 * call log), the tree of calls made under a call, the dead-letter list, replay of a dead letter, and the queue's
 * size. A call is visible to its own tenant only (and to admins); another tenant's call id is the same 404 as an
 * unknown one, and a tree holds the root's tenant's calls only.
 */
@RestController
@RequestMapping(path = "/federation/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Calls", description = "Call records (sync and async), call trees, dead letters and replay")
public class CallsController {

    /** The most dead letters one page lists. */
    static final int MAX_PAGE = 500;

    private final AsyncStore store;
    private final AsyncMetrics metrics;
    private final org.springframework.beans.factory.ObjectProvider<AsyncWorker> worker;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<CompositionStore> runs;
    private final CallTrees trees;

    /**
     * @param store   the calls
     * @param metrics the queue's last known size
     * @param worker  this replica's worker (none when faasfed.async.worker=false)
     * @param callLog the synchronous calls and every call's children
     * @param runs    the composition runs (none when compositions are off)
     */
    public CallsController(AsyncStore store, AsyncMetrics metrics,
                           org.springframework.beans.factory.ObjectProvider<AsyncWorker> worker, CallLog callLog,
                           org.springframework.beans.factory.ObjectProvider<CompositionStore> runs) {
        this.trees = new CallTrees(store, callLog);
        this.runs = runs;
        this.store = store;
        this.metrics = metrics;
        this.worker = worker;
        this.clock = Clock.systemUTC();
    }

    /**
     * One call's record: an asynchronous call's {@link CallRecord}, or a synchronous call's {@link CallEntry}; for a
     * composition's run, with the run and its steps in {@code run}.
     */
    @GetMapping("/calls/{id}")
    @Operation(summary = "A call: an async call's state, attempts, result and callback, or a sync call's status and "
            + "duration; both with parentId, traceId and kind (sync|async); for a composition run, its trace in run: "
            + "every step with its platform, status, attempt, duration and sizes")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(oneOf = {CallRecord.class,
            CallEntry.class})))
    public Mono<Object> call(@PathVariable String id) {
        Mono<java.util.Optional<Object>> body = found(id).map(found -> java.util.Optional.of(found.body()))
                .onErrorResume(ResponseStatusException.class, missing -> missing.getStatusCode().value() == 404
                        ? Mono.just(java.util.Optional.empty()) : Mono.error(missing));
        return body.zipWith(run(id).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                .flatMap(both -> {
                    if (both.getT2().isEmpty()) {
                        return both.getT1().isPresent() ? Mono.just(both.getT1().get()) : found(id).map(x -> x);
                    }
                    return Mono.just(new CallView(both.getT1().orElse(null), both.getT2().get()));
                });
    }

    /** The trace of the composition run {@code id}, when the caller may read it. */
    private Mono<RunView> run(String id) {
        CompositionStore compositions = runs.getIfAvailable();
        if (compositions == null || id.length() > 128) {
            return Mono.empty();
        }
        return Callers.current().flatMap(caller -> compositions.run(id)
                .filter(run -> caller.owns(run.tenant()))
                .flatMap(run -> compositions.steps(id).collectList().map(steps -> RunView.of(run, steps))))
                .onErrorMap(CallsController::storeFailure);
    }

    /**
     * A composition run as {@code GET /federation/v1/calls/{id}} shows it: the call's record (its fields at the top
     * level; absent when none was recorded yet) and the run with its steps.
     *
     * @param call the call's record ({@link CallRecord} or {@link CallEntry}); null when there is none
     * @param run  the composition run's trace
     */
    public record CallView(@com.fasterxml.jackson.annotation.JsonUnwrapped Object call, RunView run) {
    }

    /** The tree of calls made under a call, by its tenant's callers. */
    @GetMapping("/calls/{id}/tree")
    @Operation(summary = "The call and, nested, every call made under it (children oldest first) by the same tenant; "
            + "at most 32 levels and 1000 calls, truncated=true when cut")
    public Mono<CallTree> tree(@PathVariable String id) {
        return found(id).flatMap(trees::tree).onErrorMap(CallsController::storeFailure);
    }

    /** Dead letters of the caller's tenant (every tenant's for an admin), oldest first. */
    @GetMapping("/dead-letters")
    @Operation(summary = "Calls whose every attempt failed, oldest first; page with after=<last id>")
    public Mono<List<CallRecord>> deadLetters(@RequestParam(defaultValue = "50") int limit,
                                              @RequestParam(required = false) String after) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Mono.error(new BadRequest("limit: " + limit + " (expected: 1 to " + MAX_PAGE + ")"));
        }
        return Callers.current().flatMap(caller -> store.deadLetters(caller.isAdmin() ? null : caller.tenant(), limit,
                after == null || after.isBlank() ? null : after).collectList()).onErrorMap(CallsController::storeFailure);
    }

    /** One dead letter. */
    @GetMapping("/dead-letters/{id}")
    @Operation(summary = "A dead letter's record")
    public Mono<CallRecord> deadLetter(@PathVariable String id) {
        return visible(id).filter(record -> record.state() == CallState.DEAD)
                .switchIfEmpty(Mono.error(() -> notDead(id)));
    }

    /** Queues a dead letter again, with a fresh set of attempts. */
    @PostMapping("/dead-letters/{id}/replay")
    @Operation(summary = "Replay a dead letter: it is queued again with a fresh set of attempts, under the same id")
    public Mono<ResponseEntity<CallRecord>> replay(@PathVariable String id) {
        return Callers.current().filter(caller -> caller.has(Role.INVOKE))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.FORBIDDEN,
                        "replaying a call runs it again: it takes a key with the invoke role")))
                .then(visible(id))
                .flatMap(record -> {
                    if (record.state() != CallState.DEAD) {
                        return Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "call " + id + " is "
                                + record.state().name().toLowerCase(java.util.Locale.ROOT)
                                + ", not dead: only dead letters can be replayed"));
                    }
                    CallRecord queued = record.replayed();
                    return store.replay(id, queued).flatMap(replayed -> replayed
                            ? Mono.just(ResponseEntity.accepted().header("X-Call-Id", id)
                            .header("Location", "/federation/v1/calls/" + id).body(queued))
                            : Mono.error(notDead(id)));
                }).onErrorMap(CallsController::storeFailure);
    }

    /** The shared queue's size and this replica's share. */
    @GetMapping("/async")
    @Operation(summary = "The asynchronous queue: ready, pending, delayed, dead letters, and this replica's jobs")
    public Mono<QueueView> queue() {
        AsyncWorker local = worker.getIfAvailable();
        return store.stats().doOnNext(metrics::stats).map(stats -> new QueueView(stats.ready(), stats.pending(),
                stats.delayed(), stats.deadLetters(), local == null ? null : local.consumer(),
                local == null ? 0 : local.inFlight(), clock.instant().toString()))
                .onErrorMap(CallsController::storeFailure);
    }

    private Mono<CallRecord> visible(String id) {
        return found(id).flatMap(found -> found.body() instanceof CallRecord record ? Mono.just(record)
                : Mono.error(unknown(id)));
    }

    /** A call of either kind the caller may read; 404 (the same for another tenant's) when there is none. */
    private Mono<CallTrees.Found> found(String id) {
        if (id.length() > 128) {
            return Mono.error(new BadRequest("id: longer than 128 characters (expected: a call id from X-Call-Id)"));
        }
        return Callers.current().flatMap(caller -> trees.find(id).filter(found -> caller.owns(found.tenant())))
                .onErrorMap(CallsController::storeFailure)
                .switchIfEmpty(Mono.error(() -> unknown(id)));
    }

    private static ResponseStatusException unknown(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no call " + id + " (unknown, expired after "
                + "faasfed.async.record-ttl or faasfed.calls.sync-ttl, or not your tenant's)");
    }

    /** A failure of the store (Redis away, or slower than its command timeout) is a 503, never a 500. */
    private static Throwable storeFailure(Throwable error) {
        if (error instanceof ResponseStatusException || error instanceof BadRequest) {
            return error;
        }
        return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the store of calls cannot be reached; "
                + "try again later", error);
    }

    private static ResponseStatusException notDead(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "call " + id + " is not on the dead-letter list");
    }

    /**
     * The queue as {@code GET /federation/v1/async} shows it.
     *
     * @param ready       jobs waiting for a worker
     * @param pending     jobs held by workers (running, or held by a replica that died, until taken over)
     * @param delayed     retries waiting for their back-off
     * @param deadLetters calls on the dead-letter list
     * @param consumer    this replica's consumer name, null when it runs no worker
     * @param inFlight    jobs this replica holds
     * @param at          when it was read
     */
    public record QueueView(long ready, long pending, long delayed, long deadLetters, String consumer, int inFlight,
                            String at) {
    }
}
