package io.faasfed.gateway.composition;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of state, written in definitions as {@code type: <jsonName>}. */
public enum StateType {

    /** {@link TaskState}. */
    TASK("task"),
    /** {@link SequenceState}. */
    SEQUENCE("sequence"),
    /** {@link ParallelState}. */
    PARALLEL("parallel"),
    /** {@link MapState}. */
    MAP("map"),
    /** {@link ChoiceState}. */
    CHOICE("choice"),
    /** {@link SucceedState}. */
    SUCCEED("succeed"),
    /** {@link FailState}. */
    FAIL("fail");

    private final String jsonName;

    StateType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name written in a definition. */
    public String jsonName() {
        return jsonName;
    }

    /** The type written as {@code name}, if there is one. */
    public static Optional<StateType> fromJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }

    static String allNames() {
        return Arrays.stream(values()).map(StateType::jsonName).collect(Collectors.joining(", "));
    }
}
