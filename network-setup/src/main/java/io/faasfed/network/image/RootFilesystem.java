package io.faasfed.network.image;

import static java.util.Objects.requireNonNull;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small image root filesystem assembled from this machine's files, for images made with no registry: a static
 * busybox with the applets named, native programs with every shared library {@code ldd} lists for them (at their own
 * paths), files given as bytes, {@code /tmp}, and an {@code /etc/passwd} with {@code root} and one unprivileged user.
 * Immutable; {@link #write(Path)} is blocking.
 *
 * <pre>{@code
 * RootFilesystem.empty().busybox(ImageBuilder.BUSYBOX, List.of("sh", "nc"))
 *         .file("usr/bin/handler", 0755, script).user("app", 10001)
 * }</pre>
 */
public final class RootFilesystem {

    private final Path busybox;
    private final List<String> applets;
    private final List<Path> programs;
    private final Map<String, Entry> files;
    private final String user;
    private final int uid;
    private final Map<String, Integer> directories;

    private RootFilesystem(Path busybox, List<String> applets, List<Path> programs, Map<String, Entry> files,
            String user, int uid) {
        this(busybox, applets, programs, files, user, uid, Map.of());
    }

    private RootFilesystem(Path busybox, List<String> applets, List<Path> programs, Map<String, Entry> files,
            String user, int uid, Map<String, Integer> directories) {
        this.directories = Map.copyOf(directories);
        this.busybox = busybox;
        this.applets = List.copyOf(applets);
        this.programs = List.copyOf(programs);
        this.files = Map.copyOf(files);
        this.user = user;
        this.uid = uid;
    }

    /** Nothing but {@code /tmp}, {@code /etc/passwd} (root) and the usual directories. */
    public static RootFilesystem empty() {
        return new RootFilesystem(null, List.of(), List.of(), Map.of(), null, -1);
    }

    /** With the static busybox at {@code busybox} as {@code /bin/busybox}, and {@code /bin/<applet>} for each applet. */
    public RootFilesystem busybox(Path busybox, List<String> applets) {
        requireNonNull(busybox, "busybox");
        return new RootFilesystem(busybox, requireNonNull(applets, "applets"), programs, files, user, uid, directories);
    }

    /** With the native program at {@code program} (at the same path) and the shared libraries it needs. */
    public RootFilesystem program(Path program) {
        requireNonNull(program, "program");
        List<Path> more = new ArrayList<>(programs);
        more.add(program);
        return new RootFilesystem(busybox, applets, more, files, user, uid, directories);
    }

    /** With the file {@code name} (no leading slash) holding {@code content}, with {@code mode}. */
    public RootFilesystem file(String name, int mode, byte[] content) {
        requireNonNull(name, "name");
        requireNonNull(content, "content");
        if (name.startsWith("/") || name.contains("..")) {
            throw new IllegalArgumentException("name: " + name + " (expected: a relative path without ..)");
        }
        Map<String, Entry> more = new LinkedHashMap<>(files);
        more.put(name, new Entry(mode, content.clone()));
        return new RootFilesystem(busybox, applets, programs, more, user, uid, directories);
    }

    /** With the file {@code name} holding {@code text} (UTF-8). */
    public RootFilesystem file(String name, int mode, String text) {
        return file(name, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    /** With the directory {@code name} (no leading slash) with {@code mode}, e.g. a world-writable data folder. */
    public RootFilesystem directory(String name, int mode) {
        requireNonNull(name, "name");
        if (name.startsWith("/") || name.contains("..")) {
            throw new IllegalArgumentException("name: " + name + " (expected: a relative path without ..)");
        }
        Map<String, Integer> more = new LinkedHashMap<>(directories);
        more.put(name, mode);
        return new RootFilesystem(busybox, applets, programs, files, user, uid, more);
    }

    /** With an unprivileged user {@code name} ({@code uid}, group {@code uid}, home {@code /tmp}). */
    public RootFilesystem user(String name, int uid) {
        requireNonNull(name, "name");
        if (uid <= 0) {
            throw new IllegalArgumentException("uid: " + uid + " (expected: > 0)");
        }
        return new RootFilesystem(busybox, applets, programs, files, name, uid, directories);
    }

    /**
     * Writes the root filesystem as a tar stream to {@code tarFile}.
     *
     * @return what went in, for progress ("12 files, 4 shared libraries")
     */
    public String write(Path tarFile) throws IOException, InterruptedException {
        requireNonNull(tarFile, "tarFile");
        if (busybox != null && !(Files.isExecutable(busybox) && JreRootFilesystem.isStatic(busybox))) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "There is no static busybox at " + busybox + ".",
                    "Install Debian's busybox-static (apt-get install busybox-static).");
        }
        Set<String> libraries = new TreeSet<>();
        for (Path program : programs) {
            if (!Files.isExecutable(program)) {
                throw new SetupException(SetupProblem.INVALID_INPUT, "There is no program at " + program + ".",
                        "Install the package that has it, or build the image on a machine that does.");
            }
            libraries.addAll(JreRootFilesystem.libraries(program));
        }
        int count = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tarFile), 1 << 16);
                TarFile tar = new TarFile(out)) {
            for (String dir : List.of("bin", "etc", "tmp", "usr", "usr/bin", "run", "var")) {
                tar.directory(dir, "tmp".equals(dir) ? 01777 : 0755);
            }
            for (Map.Entry<String, Integer> dir : directories.entrySet()) {
                tar.directory(dir.getKey(), dir.getValue());
            }
            String passwd = "root:x:0:0:root:/root:/bin/sh\n" + (user == null ? "" : user + ":x:" + uid + ":" + uid + ":"
                    + user + ":/tmp:/bin/sh\n");
            String group = "root:x:0:\n" + (user == null ? "" : user + ":x:" + uid + ":\n");
            tar.file("etc/passwd", 0644, passwd.getBytes(StandardCharsets.US_ASCII));
            tar.file("etc/group", 0644, group.getBytes(StandardCharsets.US_ASCII));
            Set<String> dirs = new TreeSet<>();
            for (String path : union(libraries, programs, files.keySet())) {
                Path parent = Path.of(path.startsWith("/") ? path.substring(1) : path).getParent();
                for (Path p = parent; p != null && p.getNameCount() > 0; p = p.getParent()) {
                    dirs.add(p.toString());
                }
            }
            for (String dir : dirs) {
                tar.directory(dir, 0755);
            }
            for (String library : libraries) {
                tar.file(library.substring(1), Path.of(library));
                count++;
            }
            for (Path program : programs) {
                tar.file(program.toAbsolutePath().toString().substring(1), program);
                count++;
            }
            if (busybox != null) {
                tar.file("bin/busybox", busybox);
                count++;
                for (String applet : new TreeSet<>(applets)) {
                    tar.symlink("bin/" + applet, "busybox");
                }
            }
            for (Map.Entry<String, Entry> file : files.entrySet()) {
                tar.file(file.getKey(), file.getValue().mode(), file.getValue().content());
                count++;
            }
        }
        return count + " files, " + libraries.size() + " shared libraries";
    }

    private static Set<String> union(Set<String> libraries, List<Path> programs, Set<String> names) {
        Set<String> all = new TreeSet<>(libraries);
        programs.forEach(p -> all.add(p.toAbsolutePath().toString()));
        all.addAll(names);
        return all;
    }

    private record Entry(int mode, byte[] content) {
    }
}
