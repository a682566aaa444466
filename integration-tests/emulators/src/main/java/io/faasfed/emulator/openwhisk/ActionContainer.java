package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.FunctionEnvironment;
import io.faasfed.emulator.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One action container as the OpenWhisk action proxy (action loop) runs it: {@link #init} starts the action's
 * process once — a second init is refused with 403 {@code Cannot initialize the action more than once.}, as the
 * proxy's {@code initHandler} does — and {@link #run} writes each activation's envelope as ONE line on the process's
 * stdin and reads the result as one JSON line from the process's file descriptor 3. The process's stdout and stderr go
 * to files, read after each activation as its log lines in the invoker's format ({@code <time> stdout: <line>}).
 *
 * <p>Calls block: use them on {@code Schedulers.boundedElastic()}. One activation at a time per container.
 */
final class ActionContainer implements AutoCloseable {

    /** How the proxy answers: an HTTP status and a JSON body. */
    record Answer(int status, JsonNode body) {

        static Answer error(int status, String message) {
            return new Answer(status, Json.object().put("error", message));
        }
    }

    /** What starts the action: its argv, its env, and whether it acknowledges its start on fd 3. */
    record Launch(List<String> command, Map<String, String> env, boolean waitForAck) {
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
    /** The shell step that gives the action fd 3 (the pipe the emulator reads) and sends its stdout to a file. */
    private static final String FD3 = "exec \"$@\" 3>&1 1>>\"$0\"";

    private final Path stdoutFile;
    private final Path stderrFile;
    private final List<Path> ownedFiles = new ArrayList<>();
    private final int maxResultBytes;
    private volatile Process process;
    private volatile boolean closed;
    private InputStream results;
    private OutputStream stdin;
    private long stdoutRead;
    private long stderrRead;

    ActionContainer(Path workDir, int maxResultBytes) throws IOException {
        this.stdoutFile = Files.createTempFile(workDir, "container-", ".stdout");
        this.stderrFile = Files.createTempFile(workDir, "container-", ".stderr");
        this.maxResultBytes = maxResultBytes;
    }

    /** Keeps a file (such as the action's code) until the container is destroyed. */
    void own(Path file) {
        ownedFiles.add(file);
    }

    /** {@code POST /init}: starts the action, once. */
    synchronized Answer init(Launch launch) {
        if (process != null) {
            return Answer.error(403, "Cannot initialize the action more than once.");
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c", FD3, stdoutFile.toString()));
        command.addAll(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
        FunctionEnvironment.apply(builder, launch.env());
        try {
            process = builder.start();
        } catch (IOException e) {
            return Answer.error(502, "cannot start action: " + e.getMessage());
        }
        results = process.getInputStream();
        stdin = process.getOutputStream();
        if (launch.waitForAck()) {
            byte[] ack = readLine();
            if (ack == null) {
                return Answer.error(502, "cannot start action: Command exited abruptly during initialization.");
            }
            JsonNode parsed = parse(ack);
            if (parsed == null || !parsed.path("ok").asBoolean(false)) {
                return Answer.error(502, "cannot start action: The action did not initialize properly.");
            }
        }
        return new Answer(200, Json.object().put("ok", true));
    }

    /**
     * {@code POST /run}: the envelope as one line on stdin, the answer from fd 3 (502 when it is neither a JSON object
     * nor an array, 400 {@code command exited} when the process ended without one).
     */
    synchronized Answer run(ObjectNode envelope) {
        if (process == null) {
            return Answer.error(500, "no action defined yet");
        }
        try {
            stdin.write(Json.write(envelope));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException exited) {
            return Answer.error(400, "command exited");
        }
        byte[] line = readLine();
        if (line == null) {
            return Answer.error(400, "command exited");
        }
        if (line.length > maxResultBytes) {
            return Answer.error(413, "The action produced a response that exceeded the allowed length: more than "
                    + maxResultBytes + " bytes.");
        }
        JsonNode result = parse(line);
        if (result == null || !(result.isObject() || result.isArray())) {
            return Answer.error(502, "The action did not return a dictionary or array.");
        }
        return new Answer(200, result);
    }

    /** The log lines written since the last call, stdout's then stderr's, at most {@code limitBytes} of them. */
    List<String> drainLogs(long limitBytes) {
        List<String> logs = new ArrayList<>();
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(LOG_TIME);
        long[] budget = {limitBytes};
        stdoutRead = readLog(stdoutFile, stdoutRead, "stdout", now, logs, budget);
        stderrRead = readLog(stderrFile, stderrRead, "stderr", now, logs, budget);
        if (budget[0] < 0) {
            logs.add(String.format("%-30s stderr: Logs were truncated because the total bytes size exceeds the "
                    + "limit of %d bytes.", now, limitBytes));
        }
        return logs;
    }

    /** Whether {@link #close} was called: the container must not be used again. */
    boolean closed() {
        return closed;
    }

    /**
     * Kills the process and its children and removes the container's files; not synchronized, so that it also ends
     * an activation blocked reading fd 3 (the read then sees the end of the stream).
     */
    @Override
    public void close() {
        closed = true;
        Process running = process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
        for (Path file : List.of(stdoutFile, stderrFile)) {
            deleteQuietly(file);
        }
        ownedFiles.forEach(ActionContainer::deleteQuietly);
    }

    private static long readLog(Path file, long from, String stream, String now, List<String> logs, long[] budget) {
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long length = log.length();
            if (length <= from) {
                return from;
            }
            byte[] bytes = new byte[(int) Math.min(length - from, Integer.MAX_VALUE)];
            log.seek(from);
            log.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                budget[0] -= line.length() + 1L;
                if (budget[0] < 0) {
                    break;
                }
                // The invoker's LogLine.toFormattedString: f"$time%-30s $stream: ${log.trim}"
                logs.add(String.format("%-30s %s: %s", now, stream, line.trim()));
            }
            return length;
        } catch (IOException e) {
            return from;
        }
    }

    /** One line from fd 3, without its newline; {@code null} at the end of the stream. */
    private byte[] readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = results.read()) != -1) {
                if (b == '\n') {
                    return line.toByteArray();
                }
                if (line.size() <= maxResultBytes) {
                    line.write(b);
                }
            }
        } catch (IOException closed) {
            return null;
        }
        return null;
    }

    private static JsonNode parse(byte[] line) {
        try {
            return Json.parse(line);
        } catch (Json.BadJson notJson) {
            return null;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the work folder is removed when the emulator closes
        }
    }
}
