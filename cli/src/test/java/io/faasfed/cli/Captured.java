package io.faasfed.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real output of the commands the tests ran, one file per step under {@code cli/target/captured/}, for
 * {@code docs/network.md}: the command, everything it printed in the order a terminal shows it (progress and errors
 * from stderr, results from stdout), and its exit code.
 */
final class Captured {

    static final Path DIR = Path.of("target", "captured");

    private Captured() {
    }

    /** Says once, in {@code README.txt}, which engine the captures were taken on. */
    static synchronized void describeEngine(String host) {
        write("README", String.join("\n",
                "Real output of the faasfed command line, captured by the cli module's tests (mvn test).",
                "Each file: the command as typed, then stderr (progress, errors) and stdout (results) interleaved as a",
                "terminal shows them, then the exit code. Not on a terminal, so progress is plain lines.",
                "The engine: a private Debian docker.io (Docker 20.10, Engine API 1.41) the tests start, with",
                "DOCKER_HOST=" + host + " in the environment of every command.", ""));
    }

    /** Writes {@code <step>.txt}. */
    static void write(String step, Cli.Result result) {
        write(step, result.asCaptured());
    }

    /** Writes {@code <step>.txt} with {@code text}. */
    static void write(String step, String text) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(step + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
