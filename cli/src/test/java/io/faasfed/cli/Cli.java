package io.faasfed.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the command line in-process, as {@code faasfed} would run: stdout and stderr captured apart and, for the
 * transcripts in {@code docs/network.md}, together in the order they were written.
 */
final class Cli {

    private Cli() {
    }

    /**
     * One run.
     *
     * @param command the command line as typed ({@code faasfed network plan})
     * @param exitCode its exit code
     * @param out what it wrote on stdout
     * @param err what it wrote on stderr
     * @param transcript both, interleaved as a terminal shows them
     */
    record Result(String command, int exitCode, String out, String err, String transcript) {

        /** The transcript as a reader of the docs sees it: the command, what it printed, its exit code. */
        String asCaptured() {
            return "$ " + command + "\n" + transcript + (transcript.isEmpty() || transcript.endsWith("\n") ? "" : "\n")
                    + "[exit code " + exitCode + "]\n";
        }
    }

    /** Runs {@code args} with {@code env} as the environment, not on a terminal (plain progress lines). */
    static Result run(Map<String, String> env, String... args) {
        return run(env, false, args);
    }

    /** Runs {@code args} with an empty environment. */
    static Result run(String... args) {
        return run(Map.of(), false, args);
    }

    /** Runs {@code args}; {@code terminal} says whether stderr is taken for an interactive terminal. */
    static Result run(Map<String, String> env, boolean terminal, String... args) {
        StringBuffer both = new StringBuffer();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>(env);
        CliContext context = new CliContext(new PrintWriter(new Tee(out, both), true), new PrintWriter(new Tee(err, both), true),
                terminal, environment);
        int code = FaasfedCli.commandLine(context).execute(args);
        context.out().flush();
        context.err().flush();
        String line = "faasfed " + Arrays.stream(args).map(Cli::quote).collect(Collectors.joining(" "));
        return new Result(line, code, out.toString(), err.toString(), both.toString());
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Writes to its own buffer and to the shared transcript, under the transcript's lock. */
    private static final class Tee extends Writer {

        private final StringWriter own;
        private final StringBuffer both;

        Tee(StringWriter own, StringBuffer both) {
            this.own = own;
            this.both = both;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            synchronized (both) {
                own.write(buffer, offset, length);
                both.append(buffer, offset, length);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
