package io.faasfed.gateway.composition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scope of states: a parallel branch or a map iterator. State names are its own (the same name may be used in
 * another scope).
 *
 * @param startAt the first state
 * @param states  the states by name, in the order written
 */
public record Branch(String startAt, Map<String, State> states) {

    /** Copies the states, keeping their order. */
    public Branch {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states == null ? Map.of() : states));
    }
}
