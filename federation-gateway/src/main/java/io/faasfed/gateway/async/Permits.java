package io.faasfed.gateway.async;

import java.util.ArrayDeque;
import java.util.Deque;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/** A counting semaphore for reactive code: {@link #acquire()} completes when a permit is free, in arrival order. */
final class Permits {

    private final Deque<MonoSink<Void>> waiting = new ArrayDeque<>();
    private int free;

    /** @param count how many holders at once */
    Permits(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
        this.free = count;
    }

    /** Completes once a permit is held; cancelling before then gives up the place in the line. */
    Mono<Void> acquire() {
        return Mono.create(sink -> {
            boolean now;
            synchronized (this) {
                now = free > 0;
                if (now) {
                    free--;
                } else {
                    waiting.addLast(sink);
                    sink.onCancel(() -> {
                        synchronized (this) {
                            waiting.remove(sink);
                        }
                    });
                }
            }
            if (now) {
                sink.success();
            }
        });
    }

    /** Runs {@code work} holding a permit, and gives the permit back however it ends. */
    <T> Mono<T> with(java.util.function.Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean();
            return acquire().doOnSuccess(ignored -> held.set(true))
                    .then(Mono.defer(work))
                    .doFinally(signal -> {
                        if (held.compareAndSet(true, false)) {
                            release();
                        }
                    });
        });
    }

    /** Gives a permit back: to the first waiting holder, else to the pool. */
    void release() {
        MonoSink<Void> next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                free++;
            }
        }
        if (next != null) {
            next.success();
        }
    }

    /** How many are waiting (for metrics and tests). */
    synchronized int waiting() {
        return waiting.size();
    }
}
