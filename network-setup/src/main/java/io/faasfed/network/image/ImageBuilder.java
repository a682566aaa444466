package io.faasfed.network.image;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;

import io.faasfed.network.Engine;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Builds images on an engine that can pull nothing, through the Engine API (no docker CLI): a Java runtime base
 * imported from a root filesystem made of a JDK ({@link #localJre}), any root filesystem tar
 * ({@link #importRootFilesystem}), and images built from a Dockerfile and its context ({@link #build}). Bodies are
 * streamed from files through {@link Engine#postStream}; the tar writing and {@code jlink} run on the bounded elastic
 * scheduler.
 */
public final class ImageBuilder {

    /** The tag {@link #localJre} gives the runtime base by default. */
    public static final String LOCAL_JRE = "local/faasfed-jre:17";

    /** Where a static busybox is on Debian (package busybox-static). */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final Progress progress;

    /** A builder for {@code engine} that reports each step and each build step to {@code progress}. */
    public ImageBuilder(Engine engine, Progress progress) {
        this.engine = requireNonNull(engine, "engine");
        this.progress = requireNonNull(progress, "progress");
    }

    /**
     * Makes a Java runtime base from the JDK at {@code jdk} (its {@code jlink}, every module) and imports it as
     * {@code tag}: {@code /opt/jre} with {@code java} on the {@code PATH}, the shared libraries it needs, the
     * unprivileged user {@code faasfed} (10001) and, when {@code busybox} is a static executable, {@code sh} and
     * {@code wget} for health checks. Scratch files go in a temporary folder that is removed afterwards.
     *
     * @param jdk a JDK's home, e.g. {@code Path.of(System.getProperty("java.home"))}
     * @param busybox a static busybox to add when it is one (else it is left out), e.g. {@link #BUSYBOX}
     * @param tag the image's repository and tag
     * @return the image's id
     */
    public Mono<String> localJre(Path jdk, Path busybox, String tag) {
        requireNonNull(jdk, "jdk");
        requireNonNull(tag, "tag");
        return Mono.usingWhen(
                Mono.fromCallable(() -> Files.createTempDirectory("faasfed-jre-")).subscribeOn(Schedulers.boundedElastic()),
                work -> progress.track("make a Java runtime root filesystem from " + jdk,
                                Mono.fromCallable(() -> JreRootFilesystem.write(jdk,
                                        busybox != null && Files.isExecutable(busybox) && JreRootFilesystem.isStatic(busybox)
                                                ? busybox : null,
                                        work, work.resolve("rootfs.tar"))).subscribeOn(Schedulers.boundedElastic()),
                                made -> made)
                        .then(importRootFilesystem(work.resolve("rootfs.tar"), tag,
                                Map.of("ENV", "PATH=/opt/jre/bin:/usr/bin:/bin"))),
                work -> Mono.fromRunnable(() -> delete(work)).subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * Writes {@code rootfs} to a temporary tar file and imports it as the image {@code tag} with the Dockerfile
     * instructions in {@code changes} (see {@link #importRootFilesystem(Path, String, Map)}).
     *
     * @return the image's id
     */
    public Mono<String> importRootFilesystem(RootFilesystem rootfs, String tag, Map<String, String> changes) {
        requireNonNull(rootfs, "rootfs");
        return Mono.usingWhen(
                Mono.fromCallable(() -> Files.createTempDirectory("faasfed-rootfs-")).subscribeOn(Schedulers.boundedElastic()),
                work -> progress.track("make the root filesystem of " + tag,
                                Mono.fromCallable(() -> rootfs.write(work.resolve("rootfs.tar")))
                                        .subscribeOn(Schedulers.boundedElastic()), made -> made)
                        .then(importRootFilesystem(work.resolve("rootfs.tar"), tag, changes)),
                work -> Mono.fromRunnable(() -> delete(work)).subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * Imports the root filesystem in the tar file {@code rootfs} as the image {@code tag}
     * ({@code POST /images/create?fromSrc=-}), applying the Dockerfile instructions in {@code changes} (instruction →
     * argument, e.g. {@code ENV → PATH=/opt/jre/bin:/bin}; an empty argument leaves the instruction out).
     *
     * @return the image's id
     */
    public Mono<String> importRootFilesystem(Path rootfs, String tag, Map<String, String> changes) {
        requireNonNull(rootfs, "rootfs");
        requireNonNull(changes, "changes");
        Reference ref = Reference.of(tag);
        StringBuilder query = new StringBuilder("/images/create?fromSrc=-&repo=").append(encode(ref.repository()))
                .append("&tag=").append(encode(ref.tag()));
        changes.forEach((instruction, argument) -> {
            if (!argument.isEmpty()) {
                query.append("&changes=").append(encode(instruction + " " + argument));
            }
        });
        AtomicReference<String> error = new AtomicReference<>();
        Mono<Void> post = engine.postStream("import image " + tag, query.toString(), "application/octet-stream",
                () -> Files.newInputStream(rootfs), message -> {
                    if (message.hasNonNull("error")) {
                        error.compareAndSet(null, message.get("error").asText());
                    }
                });
        return progress.track("import image " + tag, post
                .then(Mono.defer(() -> error.get() == null ? imageId(tag)
                        : Mono.error(new SetupException(SetupProblem.ENGINE_ERROR,
                                "Docker could not import " + tag + ": " + error.get(),
                                "Check the engine's log and that its data root has room for the image.")))),
                id -> "imported " + shortId(id));
    }

    /**
     * Builds {@code tag} from {@code context} ({@code POST /build}): its Dockerfile at {@code Dockerfile} with
     * {@code buildArgs}, no pull. Each build step is reported to the progress as it runs; a failing step fails the
     * build with the engine's message.
     *
     * @return the image's id
     */
    public Mono<String> build(BuildContext context, String tag, Map<String, String> buildArgs) {
        requireNonNull(context, "context");
        requireNonNull(buildArgs, "buildArgs");
        Reference.of(tag);
        String query;
        try {
            query = "/build?t=" + encode(tag) + "&dockerfile=Dockerfile&rm=true&forcerm=true"
                    + (buildArgs.isEmpty() ? "" : "&buildargs=" + encode(JSON.writeValueAsString(new LinkedHashMap<>(buildArgs))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Mono.usingWhen(
                Mono.fromCallable(() -> {
                    Path file = Files.createTempFile("faasfed-context-", ".tar");
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                        context.writeTo(out);
                    }
                    return file;
                }).subscribeOn(Schedulers.boundedElastic()),
                file -> progress.track("build image " + tag, build(tag, query, file), id -> "built " + shortId(id)),
                file -> Mono.fromRunnable(() -> delete(file)).subscribeOn(Schedulers.boundedElastic()));
    }

    private Mono<String> build(String tag, String query, Path file) {
        BuildSteps steps = new BuildSteps(progress);
        return engine.postStream("build image " + tag, query, "application/x-tar", () -> Files.newInputStream(file), steps::accept)
                .then(Mono.defer(() -> {
                    if (steps.error() != null) {
                        steps.fail(steps.error());
                        return Mono.error(new SetupException(SetupProblem.ENGINE_ERROR,
                                "Docker could not build " + tag + ": " + steps.error(),
                                "The build's steps are shown above; fix the Dockerfile or its context and build again."));
                    }
                    steps.done();
                    return imageId(tag);
                }))
                .doOnError(e -> steps.fail(e.getMessage()));
    }

    /** The id of the image {@code tag}, as the engine has it now. */
    private Mono<String> imageId(String tag) {
        return engine.call("inspect image " + tag, c -> c.inspectImageCmd(tag).exec().getId());
    }

    /** Removes the image {@code tag} (forced, children pruned); nothing when there is none. */
    public Mono<Void> remove(String tag) {
        return engine.run("remove image " + tag, c -> {
            try {
                c.removeImageCmd(tag).withForce(true).exec();
            } catch (NotFoundException gone) {
                // already gone
            }
        });
    }

    private static String shortId(String id) {
        String plain = id.startsWith("sha256:") ? id.substring(7) : id;
        return plain.substring(0, Math.min(12, plain.length()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void delete(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image reference split into repository and tag ({@code latest} when none is given). */
    record Reference(String repository, String tag) {
        static Reference of(String reference) {
            requireNonNull(reference, "tag");
            int slash = reference.lastIndexOf('/');
            int colon = reference.lastIndexOf(':');
            if (reference.isBlank() || reference.contains("@") || reference.chars().anyMatch(Character::isWhitespace)) {
                throw new SetupException(SetupProblem.INVALID_INPUT, "'" + reference + "' is not an image name and tag.",
                        "Give one like local/faasfed-gateway:0.1.0.");
            }
            return colon > slash ? new Reference(reference.substring(0, colon), reference.substring(colon + 1))
                    : new Reference(reference, "latest");
        }
    }

    /** The build's stream messages turned into progress steps: one per Dockerfile step, ended when the next begins. */
    private static final class BuildSteps {
        private final Progress progress;
        private Progress.Step current;
        private String error;

        BuildSteps(Progress progress) {
            this.progress = progress;
        }

        synchronized void accept(JsonNode message) {
            if (message.hasNonNull("error")) {
                error = message.get("error").asText().trim();
                return;
            }
            String line = message.path("stream").asText("").trim();
            if (line.startsWith("Step ")) {
                done();
                current = progress.begin(line);
            }
        }

        synchronized String error() {
            return error;
        }

        synchronized void done() {
            if (current != null) {
                current.ok("done");
                current = null;
            }
        }

        synchronized void fail(String reason) {
            if (current != null) {
                current.fail(reason == null ? "failed" : reason);
                current = null;
            }
        }
    }
}
