package io.faasfed.emulator.openwhisk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The warm containers of each action, as the invoker keeps them: an activation takes an idle container of the
 * action's current revision (or gets a new one, which is initialised once), gives it back when it ends well, and a
 * container that failed (timed out, exited, answered a developer error) is destroyed. Containers of an older revision
 * are destroyed when they are next looked at.
 */
final class ActionContainers implements AutoCloseable {

    private record Idle(String revision, ActionContainer container) {
    }

    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private final Set<ActionContainer> live = new HashSet<>();
    private boolean closed;

    /** A new, uninitialised container, destroyed at the latest when this pool closes. */
    ActionContainer create(Path workDir, int maxResultBytes) throws IOException {
        ActionContainer container = new ActionContainer(workDir, maxResultBytes);
        boolean refused;
        synchronized (this) {
            refused = closed;
            if (!refused) {
                live.add(container);
            }
        }
        if (refused) {
            container.close();
        }
        return container;
    }

    /** An idle container of this action's revision, if there is one. */
    Optional<ActionContainer> take(String action, String revision) {
        List<ActionContainer> stale = new ArrayList<>();
        Optional<ActionContainer> found = Optional.empty();
        synchronized (this) {
            Deque<Idle> queue = idle.get(action);
            while (queue != null && !queue.isEmpty() && found.isEmpty()) {
                Idle next = queue.poll();
                if (next.revision().equals(revision) && !next.container().closed()) {
                    found = Optional.of(next.container());
                } else {
                    stale.add(next.container());
                }
            }
        }
        synchronized (this) {
            live.removeAll(stale);
        }
        stale.forEach(ActionContainer::close);
        return found;
    }

    /** Gives a container back for reuse, or destroys it when it is broken or the emulator is closing. */
    void release(String action, String revision, ActionContainer container, boolean healthy) {
        synchronized (this) {
            if (healthy && !closed && !container.closed()) {
                idle.computeIfAbsent(action, key -> new ArrayDeque<>()).push(new Idle(revision, container));
                return;
            }
            live.remove(container);
        }
        container.close();
    }

    /** Destroys every container, idle or running (a running activation then ends as a developer error). */
    @Override
    public void close() {
        List<ActionContainer> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            all.addAll(live);
            live.clear();
            idle.clear();
        }
        all.forEach(ActionContainer::close);
    }
}
