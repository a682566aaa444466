package io.faasfed.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file the recording function appends one line to per execution: {@code <X-Call-Id> <request body>}. The function
 * is a shell command run by the emulator under the watchdog contract, so it sees the call id as {@code Http_X_Call_Id}.
 */
final class ExecutionLog {

    private final Path file;

    ExecutionLog(Path file) {
        this.file = file;
    }

    /** The OpenFaaS {@code envProcess} that records an execution here, sleeping {@code sleepSeconds} first, and answers. */
    String process(int sleepSeconds) {
        String quoted = quoted(file);
        return (sleepSeconds > 0 ? "sleep " + sleepSeconds + "; " : "")
                + "body=$(cat); printf '%s %s\\n' \"${Http_X_Call_Id:--}\" \"$body\" >> " + quoted
                + "; printf 'done %s' \"$body\"";
    }

    /**
     * The OpenFaaS {@code envProcess} of a composition's step {@code step}: it records an execution here as soon as
     * it starts, as {@code <X-Parent-Call-Id> <step> <body>} (so {@link #read()} gives the run's call id as the call
     * id, and {@code <step> <body>} as the body); then, when {@code gate} is not null, waits until that file exists
     * (the test creates it to release the step); then answers {@code {"step": <step>, "in": <body>}}, the body being
     * the step's JSON input.
     */
    String stepProcess(String step, Path gate) {
        String wait = gate == null ? "" : "while [ ! -e " + quoted(gate) + " ]; do sleep 1; done; ";
        return "body=$(cat); printf '%s %s %s\\n' \"${Http_X_Parent_Call_Id:--}\" '" + step + "' \"$body\" >> "
                + quoted(file) + "; " + wait + "printf '{\"step\":\"" + step + "\",\"in\":%s}' \"$body\"";
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    /** One execution: the call id the function saw ({@code -} when none) and the body it got. */
    record Execution(String callId, String body) {
    }

    /** Every execution recorded so far. */
    List<Execution> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Execution> executions = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                int space = line.indexOf(' ');
                executions.add(space < 0 ? new Execution(line, "") : new Execution(line.substring(0, space),
                        line.substring(space + 1)));
            }
            return executions;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** How many times each call id was executed. */
    static Map<String, Integer> byCallId(List<Execution> executions) {
        Map<String, Integer> counts = new HashMap<>();
        executions.forEach(execution -> counts.merge(execution.callId(), 1, Integer::sum));
        return counts;
    }

    /** How many times each request body was executed. */
    static Map<String, Integer> byBody(List<Execution> executions) {
        Map<String, Integer> counts = new HashMap<>();
        executions.forEach(execution -> counts.merge(execution.body(), 1, Integer::sum));
        return counts;
    }
}
