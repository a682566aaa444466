package io.faasfed.gateway.composition;

import java.util.ArrayList;
import java.util.List;

/**
 * Goes to the next state of the first choice whose condition holds on the state's data, else to
 * {@code defaultNext}; with no match and no default the run fails saying so. The data passes through unchanged.
 *
 * @param choices     the choices, tested in order; at least one
 * @param defaultNext the state when no choice matches (written {@code default}); null for none
 */
public record ChoiceState(List<Choice> choices, String defaultNext) implements State {

    /** Copies the list. */
    public ChoiceState {
        choices = ActionState.copy(choices);
    }

    @Override
    public StateType type() {
        return StateType.CHOICE;
    }

    @Override
    public List<String> transitions() {
        List<String> out = new ArrayList<>();
        choices.forEach(c -> out.add(c.next()));
        if (defaultNext != null) {
            out.add(defaultNext);
        }
        return List.copyOf(out);
    }
}
