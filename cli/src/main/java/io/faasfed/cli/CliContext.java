package io.faasfed.cli;

import static java.util.Objects.requireNonNull;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of the command line talks to: where results (stdout) and progress and errors (stderr) go, whether stderr
 * is an interactive terminal that can show a spinner, and the environment ({@code DOCKER_HOST}, {@code NO_COLOR}).
 * Tests pass their own, so nothing here reads the process's streams or environment behind their back.
 *
 * @param out where results go (stdout)
 * @param err where progress, errors and hints go (stderr)
 * @param terminal whether a person watches an interactive terminal (a spinner may redraw its line in place)
 * @param env the environment variables
 */
public record CliContext(PrintWriter out, PrintWriter err, boolean terminal, Map<String, String> env) {

    public CliContext {
        requireNonNull(out, "out");
        requireNonNull(err, "err");
        env = Map.copyOf(requireNonNull(env, "env"));
    }

    /**
     * The process's own: stdout and stderr written as UTF-8 (the progress marks and dashes are not ASCII), a terminal
     * when the JVM has a console and {@code TERM} is set and not {@code dumb}, and the process environment.
     */
    public static CliContext system() {
        Map<String, String> env = System.getenv();
        String term = env.get("TERM");
        boolean terminal = System.console() != null && term != null && !term.isBlank() && !"dumb".equals(term);
        return new CliContext(writer(FileDescriptor.out), writer(FileDescriptor.err), terminal, env);
    }

    private static PrintWriter writer(FileDescriptor fd) {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
    }

    /** The environment variable {@code name}, when it is set and not blank. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    /** Whether colours may be used: on a terminal, unless {@code NO_COLOR} is set (no-color.org). */
    public boolean colour() {
        return terminal && !env.containsKey("NO_COLOR");
    }

    /** The terminal's width from {@code COLUMNS}, else 80. */
    public int width() {
        return env("COLUMNS").flatMap(CliContext::positive).orElse(80);
    }

    private static Optional<Integer> positive(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            return value > 20 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
