package io.faasfed.cli;

import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.image.ImageBuilder;
import io.faasfed.network.image.LocalImages;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;

/** {@code faasfed images build}: makes compose/local.yml's images from this machine's JDK, jars and programs. */
@Command(name = "build", sortOptions = false,
        header = "Build the local stack's images.",
        description = {
            "Build local/faasfed-jre:17 (jlinked from --jdk), local/faasfed-gateway:VERSION and "
                    + "local/faasfed-emulators:VERSION (their Dockerfiles FROM that base, with the jars of a built "
                    + "checkout: ./mvnw -DskipTests package), local/faasfed-redis:7 (Debian's redis-server) and "
                    + "local/faasfed-busybox:1 (Debian's busybox-static). An image with the same tag is replaced."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  faasfed images build", "  faasfed images build --source ~/faasfed --only gateway,emulators"})
final class ImagesBuildCommand extends AbstractCommand {

    /** The images this command makes. */
    enum Image { jre, gateway, emulators, redis, busybox }

    @Mixin
    HelpOption help;

    @Option(names = "--source", paramLabel = "DIR", defaultValue = ".",
            description = "The faasfed checkout with built jars and the Dockerfiles (default: the current folder).")
    Path source;

    @Option(names = "--version", paramLabel = "VERSION", defaultValue = "0.1.0",
            description = "The tag of the gateway and emulator images; the stack files' FAASFED_VERSION (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--jdk", paramLabel = "DIR",
            description = "The JDK to jlink the runtime base from (default: the one running faasfed).")
    Path jdk;

    @Option(names = "--only", split = ",", paramLabel = "IMAGE",
            description = "Build only these: ${COMPLETION-CANDIDATES} (default: all).")
    Set<Image> only;

    @Override
    int run(ProgressRenderer progress) {
        Set<Image> wanted = only == null || only.isEmpty() ? EnumSet.allOf(Image.class) : EnumSet.copyOf(only);
        Path root = source.toAbsolutePath().normalize();
        Path gatewayJar = wanted.contains(Image.gateway)
                ? single(root.resolve("federation-gateway/target"), "federation-gateway-*-exec.jar") : null;
        Path emulatorsJar = root.resolve("integration-tests/emulators/target/faasfed-emulators.jar");
        if (wanted.contains(Image.emulators) && !Files.isRegularFile(emulatorsJar)) {
            throw missingJar(emulatorsJar, root);
        }
        Path runtime = jdk != null ? jdk : Path.of(System.getProperty("java.home"));
        Map<String, String> built = new LinkedHashMap<>();
        withEngine(engine -> {
            LocalImages images = new LocalImages(new ImageBuilder(engine, progress));
            List<Mono<Void>> steps = new ArrayList<>();
            if (wanted.contains(Image.jre)) {
                steps.add(images.jre(runtime).doOnNext(id -> built.put(LocalImages.JRE, id)).then());
            }
            if (wanted.contains(Image.gateway)) {
                String tag = LocalImages.gateway(version);
                steps.add(images.fromJre(root.resolve("federation-gateway/Dockerfile"), "target/" + gatewayJar.getFileName(),
                        gatewayJar, tag).doOnNext(id -> built.put(tag, id)).then());
            }
            if (wanted.contains(Image.emulators)) {
                String tag = LocalImages.emulators(version);
                steps.add(images.fromJre(root.resolve("integration-tests/emulators/Dockerfile"),
                        "target/faasfed-emulators.jar", emulatorsJar, tag).doOnNext(id -> built.put(tag, id)).then());
            }
            if (wanted.contains(Image.redis)) {
                steps.add(images.redis().doOnNext(id -> built.put(LocalImages.REDIS, id)).then());
            }
            if (wanted.contains(Image.busybox)) {
                steps.add(images.busybox().doOnNext(id -> built.put(LocalImages.BUSYBOX, id)).then());
            }
            return Mono.when(steps.stream().reduce(Mono.empty(), Mono::then)).thenReturn(built);
        });
        StringBuilder text = new StringBuilder();
        built.forEach((tag, id) -> text.append(String.format("%-36s %s%n", tag, shortId(id))));
        text.append("Deploy them with: faasfed bootstrap --local-images\n");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("command", "images build");
        document.put("images", built);
        print(text.toString(), document);
        return ExitCodes.OK;
    }

    private static Path single(Path dir, String glob) {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, glob)) {
                matches.forEach(found::add);
            } catch (IOException e) {
                throw new SetupException(SetupProblem.INVALID_INPUT, "Cannot list " + dir + ": " + e.getMessage(),
                        "Check the folder given with --source.");
            }
        }
        if (found.size() != 1) {
            throw missingJar(dir.resolve(glob), dir.getParent().getParent());
        }
        return found.get(0);
    }

    private static SetupException missingJar(Path jar, Path root) {
        return new SetupException(SetupProblem.INVALID_INPUT, "There is no " + jar + " (or more than one).",
                "Build the jars first in " + root + ": ./mvnw -q -DskipTests package, or give the checkout with --source.");
    }

    private static String shortId(String id) {
        String plain = id.startsWith("sha256:") ? id.substring(7) : id;
        return plain.substring(0, Math.min(12, plain.length()));
    }
}
