package io.faasfed.network;

import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * Where each step of a command reports that it began and how it ended, so a terminal can show a spinner and a log
 * plain lines. Implementations are called from whichever thread the step runs on and must be thread-safe.
 */
public interface Progress {

    /** A progress that shows nothing. */
    Progress SILENT = what -> new Step() {
        @Override
        public void ok(String result) {
        }

        @Override
        public void fail(String reason) {
        }
    };

    /** A step began; the step is told how it ended exactly once. */
    Step begin(String what);

    /** One running step. */
    interface Step {
        /** It ended well; {@code result} is a short phrase ("created", "3 containers attached"). */
        void ok(String result);

        /** It failed; {@code reason} is a short phrase, the full story travels in the error. */
        void fail(String reason);
    }

    /**
     * Runs {@code work} as one step: begins it on subscription, reports {@code describe(value)} when it succeeds
     * (or "done" when it completes empty), and the error's message when it fails.
     */
    default <T> Mono<T> track(String what, Mono<T> work, Function<? super T, String> describe) {
        return Mono.defer(() -> {
            Step step = begin(what);
            return work
                    .doOnNext(value -> step.ok(describe.apply(value)))
                    .switchIfEmpty(Mono.fromRunnable(() -> step.ok("done")))
                    .doOnError(error -> step.fail(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage()))
                    .doOnCancel(() -> step.fail("cancelled"));
        });
    }
}
