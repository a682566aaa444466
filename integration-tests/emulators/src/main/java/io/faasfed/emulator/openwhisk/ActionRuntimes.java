package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtimes manifest of the emulated controller and the local programs that run its code actions.
 *
 * <p>The manifest is the one the controller's own API document lists as {@code ActionExec.kind}
 * ({@code specs/openwhisk/apiv1swagger.json} lines 2001-2025): {@code java:8}, {@code nodejs:16/18/20},
 * {@code php:8.1}, {@code python:3.10/3.11}, {@code ruby:2.5}, {@code go:1.20}, {@code swift:5.3/5.7},
 * {@code dotnet:3.1/6.0}, {@code rust:1.34}, each family with a {@code :default} alias, plus {@code blackbox} and
 * {@code sequence}. Any other kind (such as the retired {@code python:3}) is refused as the controller refuses it.
 * Of these, {@code nodejs:*} actions run with the machine's {@code node} and {@code python:*} actions with its
 * {@code python3}, through the action-loop launchers shipped next to this class; the other families are accepted but
 * have no local runtime here.
 */
final class ActionRuntimes implements AutoCloseable {

    static final String BLACKBOX = "blackbox";
    static final String SEQUENCE = "sequence";
    /** Each family's kinds, the default (the newest) last. */
    private static final Map<String, List<String>> FAMILIES = families();

    private final Path node;
    private final Path python;
    private final Path workDir;
    private final Path nodeLauncher;
    private final Path pythonLauncher;

    private ActionRuntimes(Path node, Path python) {
        this.node = node;
        this.python = python;
        try {
            this.workDir = Files.createTempDirectory("faasfed-openwhisk-");
            this.nodeLauncher = extract("nodejs-launcher.js");
            this.pythonLauncher = extract("python-launcher.py");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the OpenWhisk emulator's launcher scripts", e);
        }
    }

    private static Map<String, List<String>> families() {
        Map<String, List<String>> families = new LinkedHashMap<>();
        families.put("java", List.of("java:8"));
        families.put("nodejs", List.of("nodejs:16", "nodejs:18", "nodejs:20"));
        families.put("php", List.of("php:8.1"));
        families.put("python", List.of("python:3.10", "python:3.11"));
        families.put("ruby", List.of("ruby:2.5"));
        families.put("go", List.of("go:1.20"));
        families.put("swift", List.of("swift:5.3", "swift:5.7"));
        families.put("dotnet", List.of("dotnet:3.1", "dotnet:6.0"));
        families.put("rust", List.of("rust:1.34"));
        return families;
    }

    /** Looks for {@code node} and {@code python3} on the PATH. */
    static ActionRuntimes detect() {
        return new ActionRuntimes(onPath("node").orElse(null), onPath("python3").orElse(null));
    }

    /**
     * The kind an {@code exec.kind} stands for, as the controller reads it (trimmed, lower case, {@code family:default}
     * resolved to the family's default); empty when the manifest has no such kind.
     */
    static Optional<String> resolve(String kind) {
        String normalized = kind.trim().toLowerCase(Locale.ROOT);
        if (BLACKBOX.equals(normalized) || SEQUENCE.equals(normalized)) {
            return Optional.of(normalized);
        }
        int colon = normalized.indexOf(':');
        List<String> family = colon < 0 ? null : FAMILIES.get(normalized.substring(0, colon));
        if (family == null) {
            return Optional.empty();
        }
        if (normalized.endsWith(":default")) {
            return Optional.of(family.get(family.size() - 1));
        }
        return family.contains(normalized) ? Optional.of(normalized) : Optional.empty();
    }

    /** Every concrete kind of the manifest with {@code blackbox} and {@code sequence}, sorted. */
    static TreeSet<String> known() {
        TreeSet<String> kinds = new TreeSet<>(List.of(BLACKBOX, SEQUENCE));
        FAMILIES.values().forEach(kinds::addAll);
        return kinds;
    }

    /** Whether actions of this (resolved) kind have a local program to run them. */
    boolean runnable(String kind) {
        return isNode(kind) && node != null || isPython(kind) && python != null;
    }

    /** The runtimes manifest of the info document. */
    ObjectNode manifest() {
        ObjectNode runtimes = Json.object();
        FAMILIES.forEach((family, kinds) -> {
            ArrayNode entries = runtimes.putArray(family);
            kinds.forEach(kind -> entries.add(runtime(kind, kind.equals(kinds.get(kinds.size() - 1)))));
        });
        return runtimes;
    }

    /** The argv of the action-loop launcher for a code action whose code is in {@code codeFile}. */
    List<String> command(String kind, Path codeFile, String main) {
        List<String> command = new ArrayList<>();
        if (isNode(kind)) {
            command.addAll(List.of(node.toString(), nodeLauncher.toString()));
        } else {
            command.addAll(List.of(python.toString(), pythonLauncher.toString()));
        }
        command.add(codeFile.toString());
        command.add(main);
        return command;
    }

    /** Writes action code to a fresh file of the work folder; the container removes it when it is destroyed. */
    Path writeCode(String kind, String code) throws IOException {
        return Files.writeString(Files.createTempFile(workDir, "action-", isNode(kind) ? ".js" : ".py"), code);
    }

    /** The folder containers keep their files in. */
    Path workDir() {
        return workDir;
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
