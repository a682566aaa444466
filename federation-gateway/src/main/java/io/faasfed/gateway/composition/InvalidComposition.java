package io.faasfed.gateway.composition;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A composition definition that cannot be saved: it does not parse, or breaks one or more rules of the format. It
 * carries every problem found (up to {@link CompositionLimits#maxViolations()}), each with its path, so one answer
 * lets the author fix them all.
 */
public final class InvalidComposition extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /**
     * @param violations the problems found; at least one
     */
    public InvalidComposition(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations: empty (expected: at least one)");
        }
        this.violations = List.copyOf(violations);
    }

    /** Every problem found, in document order as far as the checks go (field checks first, then the graph's). */
    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        String head = violations.size() == 1 ? "invalid composition: " : "invalid composition ("
                + violations.size() + " problems): ";
        return head + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
