package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The action kinds this machine can run, found when the emulator starts: {@code blackbox} and {@code sequence} always,
 * {@code nodejs:*} when {@code node} is on the PATH, {@code python:3} when {@code python3} is. It also holds the small
 * runner scripts that turn a code action into a process reading parameters on stdin and printing its result.
 */
final class ActionRuntimes implements AutoCloseable {

    static final String BLACKBOX = "blackbox";
    static final String SEQUENCE = "sequence";
    private static final List<String> NODE_KINDS = List.of("nodejs:20", "nodejs:18");
    private static final List<String> PYTHON_KINDS = List.of("python:3");

    private final Path node;
    private final Path python;
    private final Path workDir;
    private final Path nodeRunner;
    private final Path pythonRunner;

    private ActionRuntimes(Path node, Path python) {
        this.node = node;
        this.python = python;
        try {
            this.workDir = Files.createTempDirectory("faasfed-openwhisk-");
            this.nodeRunner = extract("nodejs-runner.js");
            this.pythonRunner = extract("python-runner.py");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the OpenWhisk emulator's runner scripts", e);
        }
    }

    /** Looks for {@code node} and {@code python3} on the PATH. */
    static ActionRuntimes detect() {
        return new ActionRuntimes(onPath("node").orElse(null), onPath("python3").orElse(null));
    }

    /** Whether actions of this kind can be created and run here. */
    boolean supports(String kind) {
        return available().contains(kind) || isNode(kind) && node != null && kind.equals("nodejs:default")
                || isPython(kind) && python != null && kind.equals("python:default");
    }

    /** Every kind accepted here, sorted, for the controller's "kind not in Set(...)" error. */
    TreeSet<String> available() {
        TreeSet<String> kinds = new TreeSet<>(List.of(BLACKBOX, SEQUENCE));
        if (node != null) {
            kinds.addAll(NODE_KINDS);
        }
        if (python != null) {
            kinds.addAll(PYTHON_KINDS);
        }
        return kinds;
    }

    /** The runtimes manifest of the info document. */
    ObjectNode manifest() {
        ObjectNode runtimes = Json.object();
        if (node != null) {
            ArrayNode family = runtimes.putArray("nodejs");
            NODE_KINDS.forEach(kind -> family.add(runtime(kind, "nodejs:20".equals(kind))));
        }
        if (python != null) {
            ArrayNode family = runtimes.putArray("python");
            PYTHON_KINDS.forEach(kind -> family.add(runtime(kind, true)));
        }
        return runtimes;
    }

    /** The argv that runs a code action whose code is in {@code codeFile}. */
    List<String> command(String kind, Path codeFile, String main) {
        List<String> command = new ArrayList<>();
        if (isNode(kind)) {
            command.addAll(List.of(node.toString(), nodeRunner.toString()));
        } else {
            command.addAll(List.of(python.toString(), pythonRunner.toString()));
        }
        command.add(codeFile.toString());
        command.add(main);
        return command;
    }

    /** Writes action code to a fresh file of the work folder; the caller deletes it. */
    Path writeCode(String kind, String code) throws IOException {
        return Files.writeString(Files.createTempFile(workDir, "action-", isNode(kind) ? ".js" : ".py"), code);
    }

    static boolean isNode(String kind) {
        return kind != null && kind.startsWith("nodejs:");
    }

    static boolean isPython(String kind) {
        return kind != null && kind.startsWith("python:");
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.list(workDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + workDir, e);
        }
    }

    private Path extract(String resource) throws IOException {
        try (InputStream in = ActionRuntimes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource + ": rebuild the platform-emulators module");
            }
            Path target = workDir.resolve(resource);
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    private static ObjectNode runtime(String kind, boolean isDefault) {
        ObjectNode runtime = Json.object();
        runtime.put("kind", kind);
        runtime.put("image", "openwhisk/action-" + kind.replace(":", "-v") + ":nightly");
        runtime.put("default", isDefault);
        runtime.put("deprecated", false);
        runtime.put("attached", false);
        runtime.put("requireMain", false);
        return runtime;
    }

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Settings the machine search saw, for logs. */
    Map<String, String> found() {
        return Map.of("node", String.valueOf(node), "python3", String.valueOf(python));
    }
}
