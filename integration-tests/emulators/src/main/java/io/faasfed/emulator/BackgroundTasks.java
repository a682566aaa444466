package io.faasfed.emulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * Work an emulator runs after it has answered (async invocations, callbacks, activations past the blocking wait):
 * tracked while it runs, forgotten when it ends, cancelled by {@link #close()}.
 */
public final class BackgroundTasks implements AutoCloseable {

    private final Set<Disposable> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Subscribes to {@code work} and tracks it until it ends. */
    public void start(Mono<?> work) {
        if (closed) {
            return;
        }
        Disposable.Swap slot = Disposables.swap();
        running.add(slot);
        slot.update(work.doFinally(signal -> running.remove(slot)).subscribe(done -> { }, failed -> { }));
    }

    /** How many tasks are running. */
    public int running() {
        return running.size();
    }

    @Override
    public void close() {
        closed = true;
        running.forEach(Disposable::dispose);
        running.clear();
    }
}
