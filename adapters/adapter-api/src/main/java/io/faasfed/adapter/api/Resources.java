package io.faasfed.adapter.api;

/**
 * Memory and CPU as quantity strings, verbatim in the notation a tool wrote them or a platform reports them
 * ({@code 128Mi}, {@code 128m}, {@code 500m}, {@code 0.5}, {@code 500000000}). {@link Limits} holds the same limits
 * parsed into neutral units for platforms with another notation; these strings let a platform that takes the
 * notation receive, and report back, exactly what was written. Blank values count as absent.
 *
 * @param memory the memory quantity, or null
 * @param cpu    the CPU quantity, or null
 */
public record Resources(String memory, String cpu) {

    /** Turns blank values into null and trims the others. */
    public Resources {
        memory = memory == null || memory.isBlank() ? null : memory.trim();
        cpu = cpu == null || cpu.isBlank() ? null : cpu.trim();
    }

    /** The quantities, or null when both are absent (so that "none" has one spelling). */
    public static Resources of(String memory, String cpu) {
        Resources resources = new Resources(memory, cpu);
        return resources.isEmpty() ? null : resources;
    }

    /** Whether neither quantity is set. */
    public boolean isEmpty() {
        return memory == null && cpu == null;
    }
}
