package io.faasfed.emulator.container;

import static java.util.Objects.requireNonNull;

import io.faasfed.network.image.ImageBuilder;
import io.faasfed.network.image.RootFilesystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Function images for container mode, made on the machine with no registry: Debian's static busybox, faasfed's shell
 * watchdog ({@code /usr/bin/fwatchdog}, served by {@code nc -ll -p 8080 -e}) and the function's own files, about 2 MB.
 * The watchdog gives the classic OpenFaaS watchdog's contract (the body on the stdin of {@code fprocess}, its stdout
 * the answer) and, in a container that has {@code __OW_API_HOST}, OpenWhisk's {@code /init} and {@code /run}; see
 * {@code fwatchdog.sh} next to this class. Runs as the unprivileged user {@code app} (10001).
 */
public final class FunctionImages {

    /** The busybox applets a function image has. */
    public static final List<String> APPLETS = List.of("sh", "nc", "cat", "head", "tail", "wc", "tr", "cut", "awk",
            "sed", "grep", "mktemp", "rm", "timeout", "printf", "echo", "wget", "sleep", "env", "date", "expr", "test",
            "[", "ls", "id", "true", "false", "base64", "sort", "uniq", "xargs");

    /** The command every function image starts with. */
    public static final String COMMAND = "[\"nc\",\"-ll\",\"-p\",\"8080\",\"-e\",\"/usr/bin/fwatchdog\"]";

    private final ImageBuilder builder;

    /** Images built through {@code builder}. */
    public FunctionImages(ImageBuilder builder) {
        this.builder = requireNonNull(builder, "builder");
    }

    /**
     * Builds {@code tag}: the watchdog, the {@code files} (path without leading slash → content; executable) and
     * {@code fprocess} as the image's default {@code fprocess}.
     *
     * @return the image's id
     */
    public Mono<String> build(String tag, Map<String, String> files, String fprocess) {
        requireNonNull(tag, "tag");
        requireNonNull(files, "files");
        requireNonNull(fprocess, "fprocess");
        RootFilesystem rootfs = base();
        for (Map.Entry<String, String> file : files.entrySet()) {
            rootfs = rootfs.file(file.getKey(), 0755, file.getValue());
        }
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("ENV", "PATH=/usr/bin:/bin fprocess=\"" + fprocess.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        changes.put("CMD", COMMAND);
        changes.put("USER", "10001");
        changes.put("WORKDIR", "/tmp");
        changes.put("EXPOSE", "8080");
        return builder.importRootFilesystem(rootfs, tag, changes);
    }

    /** The root filesystem every function image starts from: busybox and the watchdog. */
    public static RootFilesystem base() {
        return RootFilesystem.empty()
                .busybox(ImageBuilder.BUSYBOX, APPLETS)
                .file("usr/bin/fwatchdog", 0755, resource("fwatchdog.sh"))
                .file("usr/lib/fwatchdog/value.awk", 0644, resource("value.awk"))
                .user("app", 10001);
    }

    /** The text of a resource next to this class. */
    static String resource(String name) {
        try (InputStream in = FunctionImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where Debian's static busybox is. */
    public static Path busybox() {
        return ImageBuilder.BUSYBOX;
    }
}
