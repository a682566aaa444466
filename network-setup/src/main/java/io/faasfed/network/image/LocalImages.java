package io.faasfed.network.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The images {@code compose/local.yml} runs, made on a machine with no registry from what it has: a Java runtime base
 * jlinked from this JDK with busybox, the gateway and the emulators built FROM it with their Dockerfiles, Redis from
 * Debian's {@code redis-server} with the shared libraries it needs, and a busybox image for {@code faasfed network
 * verify}'s probes. Each is imported or built through the Engine API; nothing is pulled.
 */
public final class LocalImages {

    /** The repository prefix {@code compose/local.yml} expects ({@code FAASFED_LOCAL_REPOSITORY}). */
    public static final String REPOSITORY = "local";

    /** The Java runtime base. */
    public static final String JRE = ImageBuilder.LOCAL_JRE;

    /** Redis, from Debian's redis-server. */
    public static final String REDIS = REPOSITORY + "/faasfed-redis:7";

    /** Busybox, for verify's probes. */
    public static final String BUSYBOX = REPOSITORY + "/faasfed-busybox:1";

    /** Where Debian's redis-server is. */
    public static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

    /** Where Debian's redis-cli is (the stack's health check). */
    public static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");

    /** The busybox applets of the probe image. */
    public static final List<String> PROBE_APPLETS = List.of("sh", "wget", "nslookup", "ping", "nc", "cat", "echo",
            "sleep", "hostname", "ip", "ls", "env", "grep", "printf", "true", "id", "httpd");

    private final ImageBuilder builder;

    /** Images made through {@code builder}. */
    public LocalImages(ImageBuilder builder) {
        this.builder = requireNonNull(builder, "builder");
    }

    /** {@code local/faasfed-gateway:<version>}. */
    public static String gateway(String version) {
        return REPOSITORY + "/faasfed-gateway:" + requireNonNull(version, "version");
    }

    /** {@code local/faasfed-emulators:<version>}. */
    public static String emulators(String version) {
        return REPOSITORY + "/faasfed-emulators:" + requireNonNull(version, "version");
    }

    /** The Java runtime base, jlinked from the JDK at {@code jdk}. */
    public Mono<String> jre(Path jdk) {
        return builder.localJre(jdk, ImageBuilder.BUSYBOX, JRE);
    }

    /**
     * Builds {@code tag} with the Dockerfile at {@code dockerfile} FROM the local Java runtime base (build argument
     * {@code BASE_IMAGE}), the build context holding {@code jar} at {@code contextPath} (e.g.
     * {@code target/faasfed-emulators.jar}). Make {@link #jre} first.
     */
    public Mono<String> fromJre(Path dockerfile, String contextPath, Path jar, String tag) {
        requireNonNull(dockerfile, "dockerfile");
        requireNonNull(jar, "jar");
        BuildContext context;
        try {
            context = BuildContext.of(dockerfile, Map.of(contextPath, jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build(context, tag, Map.of("BASE_IMAGE", JRE));
    }

    /**
     * Redis from Debian's {@code redis-server} and {@code redis-cli} (with their shared libraries) and busybox
     * {@code sh}: data in {@code /data}, run as the unprivileged user {@code redis} (10001), {@code redis-server} the
     * default command.
     */
    public Mono<String> redis() {
        RootFilesystem rootfs = RootFilesystem.empty()
                .busybox(ImageBuilder.BUSYBOX, List.of("sh", "cat", "ls", "echo", "wget"))
                .program(REDIS_SERVER)
                .program(REDIS_CLI)
                .file("etc/redis/redis.conf", 0644, "# Settings come from the command line of the stack file.\n")
                .user("redis", 10001);
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("ENV", "PATH=/usr/bin:/bin");
        changes.put("USER", "10001");
        changes.put("WORKDIR", "/data");
        changes.put("EXPOSE", "6379");
        changes.put("CMD", "[\"redis-server\", \"--dir\", \"/data\"]");
        return builder.importRootFilesystem(rootfs.directory("data", 01777), REDIS, changes);
    }

    /** Busybox with the applets {@code faasfed network verify}'s probes use. */
    public Mono<String> busybox() {
        return builder.importRootFilesystem(RootFilesystem.empty().busybox(ImageBuilder.BUSYBOX, PROBE_APPLETS),
                BUSYBOX, Map.of());
    }
}
