package io.faasfed.gateway.composition;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * A composition as saved: a workflow of states whose steps are functions on any platform, run as a function of its
 * own name. Build one with {@link CompositionParser#parse}, which validates it; the constructor only copies.
 *
 * @param name        the composition's function name ({@code [a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?})
 * @param description free text; null for none
 * @param timeout     the longest a whole run may take; null for no limit of its own
 * @param startAt     the first state
 * @param states      the top-level states by name, in the order written
 */
public record CompositionDefinition(String name, String description, Duration timeout, String startAt,
                                    Map<String, State> states) {

    /** Copies the states, keeping their order. */
    public CompositionDefinition {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states == null ? Map.of() : states));
    }

    /** This definition with its run bounded by {@code limit} too (the shorter of the two applies). */
    public CompositionDefinition boundedBy(Duration limit) {
        if (limit == null || (timeout != null && timeout.compareTo(limit) <= 0)) {
            return this;
        }
        return new CompositionDefinition(name, description, limit, startAt, states);
    }

    /** The top level as a scope. */
    public Branch topLevel() {
        return new Branch(startAt, states);
    }

    /**
     * Every function the definition calls, in all scopes, each once, in the order written (names as written,
     * {@code name} or {@code name.namespace}): the caller's tenant must be allowed to call each of them.
     */
    public Set<String> functions() {
        Set<String> out = new LinkedHashSet<>();
        collectFunctions(states, out);
        return Collections.unmodifiableSet(out);
    }

    /**
     * How many steps the definition has in all scopes: every state counts one, except a sequence, which counts one
     * per step. This is what {@link CompositionLimits#maxSteps()} bounds.
     */
    public int steps() {
        return countSteps(states);
    }

    /** The definition as JSON, in the canonical form {@link #toJson()} writes. */
    public ObjectNode toJsonNode() {
        return DefinitionWriter.write(this);
    }

    /**
     * The definition as compact JSON in a stable form: fields in a fixed order, states in the order written, defaults
     * left out, durations in Go style, selectors in their canonical spelling. Parsing it gives an equal definition,
     * and the same definition always gives the same text.
     */
    public String toJson() {
        return toJsonNode().toString();
    }

    private static void collectFunctions(Map<String, State> states, Set<String> out) {
        for (State state : states.values()) {
            if (state instanceof TaskState task) {
                out.add(task.function());
            } else if (state instanceof SequenceState sequence) {
                sequence.steps().forEach(step -> out.add(step.function()));
            } else if (state instanceof ParallelState parallel) {
                parallel.branches().forEach(branch -> collectFunctions(branch.states(), out));
            } else if (state instanceof MapState map) {
                collectFunctions(map.iterator().states(), out);
            }
        }
    }

    static int countSteps(Map<String, State> states) {
        int count = 0;
        for (State state : states.values()) {
            if (state instanceof SequenceState sequence) {
                count += Math.max(1, sequence.steps().size());
            } else {
                count++;
            }
            if (state instanceof ParallelState parallel) {
                for (Branch branch : parallel.branches()) {
                    count += countSteps(branch.states());
                }
            } else if (state instanceof MapState map && map.iterator() != null) {
                count += countSteps(map.iterator().states());
            }
        }
        return count;
    }
}
