package io.faasfed.gateway.composition;

/**
 * What one definition may cost: past a limit, it is refused when saved.
 *
 * @param maxBytes      the longest definition text, in UTF-8 bytes
 * @param maxSteps      the most steps in all scopes together (see {@link CompositionDefinition#steps()})
 * @param maxDepth      the deepest nesting of scopes: the top level is 1, each parallel branch or map iterator one more
 * @param maxViolations the most problems reported for one definition; the rest are counted in one last message
 */
public record CompositionLimits(int maxBytes, int maxSteps, int maxDepth, int maxViolations) {

    /** 256 KiB, 500 steps, 8 levels, 100 problems. */
    public static final CompositionLimits DEFAULTS = new CompositionLimits(256 * 1024, 500, 8, 100);

    /** Requires every limit to be positive. */
    public CompositionLimits {
        positive("maxBytes", maxBytes);
        positive("maxSteps", maxSteps);
        positive("maxDepth", maxDepth);
        positive("maxViolations", maxViolations);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
