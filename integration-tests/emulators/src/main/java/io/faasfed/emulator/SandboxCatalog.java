package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.samples.CallFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Maps container image names to the local commands that stand in for them in the sandbox, loaded from
 * {@code io/faasfed/emulator/sandbox-catalog.properties}. Commands are shell command lines run with {@code sh -c};
 * {@code ${java}} and {@code ${samples.classpath}} are expanded to the running JVM's launcher and the location of the
 * sample programs. Instances are immutable.
 */
public final class SandboxCatalog {

    /** The resource the default catalog is read from. */
    public static final String RESOURCE = "io/faasfed/emulator/sandbox-catalog.properties";

    private static final String REGISTRY_PREFIX = "docker.io/";

    private static volatile SandboxCatalog defaults;

    private final Map<String, String> commands;

    private SandboxCatalog(Map<String, String> commands) {
        this.commands = Collections.unmodifiableMap(new TreeMap<>(commands));
    }

    /** The catalog shipped in this module. */
    public static SandboxCatalog defaults() {
        SandboxCatalog catalog = defaults;
        if (catalog == null) {
            try (InputStream in = SandboxCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Missing " + RESOURCE + " on the class path: rebuild the "
                            + "platform-emulators module");
                }
                catalog = load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
            defaults = catalog;
        }
        return catalog;
    }

    /** Reads a catalog in the properties format of the shipped one. */
    public static SandboxCatalog load(InputStream properties) throws IOException {
        Properties loaded = new Properties();
        loaded.load(properties);
        Map<String, String> commands = new TreeMap<>();
        loaded.stringPropertyNames().forEach(image -> commands.put(image, loaded.getProperty(image).trim()));
        return new SandboxCatalog(commands);
    }

    /** An empty catalog, for tests that want only their own entries. */
    public static SandboxCatalog empty() {
        return new SandboxCatalog(Map.of());
    }

    /** A copy with one more (or a replaced) entry. */
    public SandboxCatalog with(String image, String commandLine) {
        requireNonNull(image, "image");
        requireNonNull(commandLine, "commandLine");
        Map<String, String> copy = new TreeMap<>(commands);
        copy.put(image, commandLine);
        return new SandboxCatalog(copy);
    }

    /** The images this catalog knows, sorted. */
    public List<String> images() {
        return List.copyOf(commands.keySet());
    }

    /**
     * The expanded command line for an image, also found without a {@code docker.io/} prefix; empty when the image
     * is not in the catalog.
     */
    public Optional<String> commandLine(String image) {
        if (image == null) {
            return Optional.empty();
        }
        String raw = commands.get(image);
        if (raw == null && image.startsWith(REGISTRY_PREFIX)) {
            raw = commands.get(image.substring(REGISTRY_PREFIX.length()));
        }
        return Optional.ofNullable(raw).map(SandboxCatalog::expand);
    }

    /**
     * The argv of a function: its env {@code fprocess} when set (any local command), otherwise the catalog's command
     * for its image; empty when neither is there.
     */
    public Optional<List<String>> resolve(String image, Map<String, String> env) {
        String fprocess = env == null ? null : env.get("fprocess");
        if (fprocess != null && !fprocess.isBlank()) {
            return Optional.of(shell(fprocess));
        }
        return commandLine(image).map(SandboxCatalog::shell);
    }

    /** The argv that runs a command line through {@code sh -c}. */
    public static List<String> shell(String commandLine) {
        return List.of("sh", "-c", commandLine);
    }

    /** Quotes a value for {@code sh}. */
    public static String shellQuote(String value) {
        return '\'' + value.replace("'", "'\\''") + '\'';
    }

    /** The running JVM's {@code java} launcher. */
    public static Path javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Where the sample programs' classes are: this module's classes folder or jar; when they are nested in another
     * archive (a Spring Boot fat jar), a private folder they are copied to once, so that a plain {@code java -cp} can
     * run them.
     */
    public static Path samplesClasspath() {
        Path location = null;
        try {
            location = Path.of(CallFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // Not a plain file location (e.g. nested:...!/BOOT-INF/lib/...): extract below.
        }
        if (location != null && location.getFileSystem() == java.nio.file.FileSystems.getDefault()
                && java.nio.file.Files.exists(location)) {
            return location;
        }
        return ExtractedSamples.FOLDER;
    }

    /** The sample classes copied out of a nested archive, once per JVM. */
    private static final class ExtractedSamples {
        static final Path FOLDER = extract();

        private static Path extract() {
            try {
                Path folder = java.nio.file.Files.createTempDirectory("faasfed-samples");
                folder.toFile().deleteOnExit();
                for (String name : List.of("CallFunction.class", "CallFunction$Call.class", "MiniJson.class")) {
                    String resource = "io/faasfed/emulator/samples/" + name;
                    try (java.io.InputStream in = CallFunction.class.getClassLoader().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new IllegalStateException("the sample class " + resource + " is missing");
                        }
                        Path target = folder.resolve(resource);
                        java.nio.file.Files.createDirectories(target.getParent());
                        java.nio.file.Files.copy(in, target);
                    }
                }
                return folder;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot extract the sample programs' classes", e);
            }
        }
    }

    private static String expand(String commandLine) {
        String expanded = commandLine;
        if (expanded.contains("${java}")) {
            expanded = expanded.replace("${java}", shellQuote(javaLauncher().toString()));
        }
        if (expanded.contains("${samples.classpath}")) {
            expanded = expanded.replace("${samples.classpath}", shellQuote(samplesClasspath().toString()));
        }
        return expanded;
    }

    @Override
    public String toString() {
        return "SandboxCatalog" + commands.keySet();
    }
}
