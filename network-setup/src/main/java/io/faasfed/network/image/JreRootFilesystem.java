package io.faasfed.network.image;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

/**
 * The root filesystem of a Java runtime image, made offline from a JDK: {@code jlink} of every module of the JDK into
 * {@code /opt/jre} (debug information, headers and man pages stripped), every shared library {@code ldd} lists for
 * {@code bin/java} and each {@code lib/**}{@code /*.so} (with the dynamic loader) at its own path, {@code /usr/bin/java}
 * linking to the runtime, an empty {@code /tmp}, a {@code passwd} with {@code root} and the unprivileged
 * {@value #APP_USER} ({@value #APP_UID}), and, when the machine has a static busybox, {@code /bin/busybox} with
 * {@code sh}, {@code wget} and a few more applets (for health checks). Blocking: runs processes and writes files.
 */
final class JreRootFilesystem {

    /** The unprivileged user the root filesystem's {@code /etc/passwd} has. */
    static final String APP_USER = "faasfed";

    /** Its user and group id. */
    static final int APP_UID = 10001;

    /** The busybox applets linked in {@code /bin}. */
    static final List<String> APPLETS = List.of("sh", "wget", "cat", "ls", "echo", "env", "id", "sleep", "nslookup");

    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    private JreRootFilesystem() {
    }

    /**
     * Writes the root filesystem made from the JDK at {@code jdk} as a tar stream to {@code tarFile}, using
     * {@code work} as scratch space (the jlinked runtime is left there).
     *
     * @param busybox a static busybox to add, or null for none
     * @return what went in, for progress ("1234 files, busybox")
     */
    static String write(Path jdk, Path busybox, Path work, Path tarFile) throws IOException, InterruptedException {
        requireNonNull(jdk, "jdk");
        Path jlink = jdk.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "There is no jlink in " + jdk + ".",
                    "Run faasfed with a full JDK 17 (not a JRE), or set JAVA_HOME to one.");
        }
        Path jre = work.resolve("jre");
        run(List.of(jlink.toString(), "--add-modules", "ALL-MODULE-PATH", "--strip-debug", "--no-header-files",
                "--no-man-pages", "--output", jre.toString()), "jlink");
        Set<String> libraries = new TreeSet<>(libraries(jre.resolve("bin/java")));
        String inside = jre.toAbsolutePath().toString() + "/";
        List<Path> files;
        try (Stream<Path> walk = Files.walk(jre)) {
            files = walk.sorted().toList();
        }
        for (Path file : files) {
            if (Files.isRegularFile(file) && file.getFileName().toString().endsWith(".so")) {
                libraries.addAll(libraries(file));
            }
        }
        // The runtime's own libraries (found through its $ORIGIN run path) are in /opt/jre already.
        libraries.removeIf(library -> library.startsWith(inside));
        int count = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tarFile), 1 << 16);
                TarFile tar = new TarFile(out)) {
            for (String dir : List.of("bin", "etc", "opt", "tmp", "usr", "usr/bin", "run")) {
                tar.directory(dir, "tmp".equals(dir) ? 01777 : 0755);
            }
            tar.file("etc/passwd", 0644, ("root:x:0:0:root:/root:/bin/sh\n" + APP_USER + ":x:" + APP_UID + ":" + APP_UID
                    + ":faasfed:/tmp:/bin/sh\n").getBytes(StandardCharsets.US_ASCII));
            tar.file("etc/group", 0644, ("root:x:0:\n" + APP_USER + ":x:" + APP_UID + ":\n").getBytes(StandardCharsets.US_ASCII));
            for (Path file : files) {
                String name = "opt/jre/" + jre.relativize(file).toString().replace('\\', '/');
                if (file.equals(jre)) {
                    tar.directory("opt/jre", 0755);
                } else if (Files.isDirectory(file)) {
                    tar.directory(name, 0755);
                } else if (Files.isSymbolicLink(file)) {
                    tar.symlink(name, Files.readSymbolicLink(file).toString());
                } else {
                    tar.file(name, file);
                    count++;
                }
            }
            tar.symlink("usr/bin/java", "/opt/jre/bin/java");
            Set<String> dirs = new TreeSet<>();
            for (String library : libraries) {
                Path parent = Path.of(library).getParent();
                for (Path p = parent; p != null && p.getNameCount() > 0; p = p.getParent()) {
                    dirs.add(p.toString().substring(1));
                }
            }
            for (String dir : dirs) {
                tar.directory(dir, 0755);
            }
            for (String library : libraries) {
                tar.file(library.substring(1), Path.of(library));
                count++;
            }
            if (busybox != null) {
                tar.file("bin/busybox", busybox);
                for (String applet : APPLETS) {
                    tar.symlink("bin/" + applet, "busybox");
                }
            }
        }
        return count + " files, " + libraries.size() + " shared libraries" + (busybox == null ? ", no busybox" : ", busybox");
    }

    /** The absolute paths of the shared libraries (and loader) {@code ldd} lists for {@code binary}. */
    static List<String> libraries(Path binary) throws IOException, InterruptedException {
        return parseLdd(run(List.of("ldd", binary.toString()), null));
    }

    /** The absolute paths in {@code ldd}'s output; "not found" and virtual ({@code linux-vdso}) entries are left out. */
    static List<String> parseLdd(String output) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = LIBRARY.matcher(line.trim());
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Whether {@code binary} is a statically linked executable (the busybox an image may take as it is). */
    static boolean isStatic(Path binary) {
        try {
            String out = run(List.of("ldd", binary.toString()), null);
            return out.contains("not a dynamic executable") || out.contains("statically linked");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command}; with a {@code name}, a non-zero exit fails with its output, else the output is returned. */
    private static String run(List<String> command, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within 5 minutes");
        }
        if (name != null && process.exitValue() != 0) {
            throw new SetupException(SetupProblem.ENGINE_ERROR, name + " failed (exit " + process.exitValue() + "): " + out.trim(),
                    "Run faasfed with a full JDK 17 that has its jmods (Debian: openjdk-17-jdk-headless).");
        }
        return out;
    }
}
