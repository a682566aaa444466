package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link StackDeployer} found and would do (or did) for one stack: one change per network, secret and service.
 *
 * @param stack the stack's name (its namespace label and the prefix of what it creates)
 * @param changes the changes, networks first, then secrets, then services
 */
public record StackPlan(String stack, List<Change> changes) {

    public StackPlan {
        requireNonNull(stack, "stack");
        changes = List.copyOf(changes);
    }

    /** Whether anything would be created or updated. */
    public boolean changed() {
        return changes.stream().anyMatch(c -> c.action() != Action.UNCHANGED);
    }

    /** What is done to one object. */
    public enum Action {
        /** It does not exist and is created. */
        CREATE,
        /** It exists with another spec and is updated. */
        UPDATE,
        /** It exists as wanted (or is external and present). */
        UNCHANGED
    }

    /**
     * One object of the stack.
     *
     * @param kind {@code network}, {@code secret} or {@code service}
     * @param name its name on the engine ({@code faasfed_gateway})
     * @param action what is done to it
     * @param detail a short phrase on why
     */
    public record Change(String kind, String name, Action action, String detail) {
        public Change {
            requireNonNull(kind, "kind");
            requireNonNull(name, "name");
            requireNonNull(action, "action");
            detail = detail == null ? "" : detail;
        }
    }
}
