package io.faasfed.network.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a build sends the engine: a Dockerfile and the files it copies, each under its path in the context.
 *
 * @param dockerfile the Dockerfile's text, sent as {@code Dockerfile}
 * @param files each file in the context by its path there ({@code target/app.jar}) and where it is on this machine
 */
public record BuildContext(String dockerfile, Map<String, Path> files) {

    /** Copies {@code files}, keeping their order. */
    public BuildContext {
        requireNonNull(dockerfile, "dockerfile");
        files = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(files, "files")));
        files.keySet().forEach(name -> {
            if (name.startsWith("/") || name.contains("..") || "Dockerfile".equals(name)) {
                throw new IllegalArgumentException("A context path must be relative, inside the context and not "
                        + "'Dockerfile': " + name);
            }
        });
    }

    /** A context of the Dockerfile at {@code dockerfile} and {@code files}. */
    public static BuildContext of(Path dockerfile, Map<String, Path> files) throws IOException {
        return new BuildContext(Files.readString(dockerfile), files);
    }

    /** Writes the context as a tar stream (blocking). */
    void writeTo(OutputStream out) throws IOException {
        TarFile tar = new TarFile(out);
        tar.file("Dockerfile", 0644, dockerfile.getBytes(StandardCharsets.UTF_8));
        Set<String> dirs = new TreeSet<>();
        for (String name : files.keySet()) {
            for (Path p = Path.of(name).getParent(); p != null; p = p.getParent()) {
                dirs.add(p.toString());
            }
        }
        for (String dir : dirs) {
            tar.directory(dir, 0755);
        }
        for (Map.Entry<String, Path> file : files.entrySet()) {
            tar.file(file.getKey(), file.getValue());
        }
        tar.close();
    }
}
