package io.faasfed.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.faasfed.cli.output.Json;
import io.faasfed.cli.progress.PlainProgress;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.cli.progress.SpinnerProgress;
import io.faasfed.network.DockerEndpoint;
import io.faasfed.network.Engine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;

/**
 * The frame of every command that does something: the global options and {@link CliContext} of the run, a progress
 * renderer that fits where stderr goes, an engine connection closed at the end, and output as text or JSON.
 */
abstract class AbstractCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (ProgressRenderer progress = progress()) {
            Thread cleanUp = new Thread(progress::close, "faasfed-progress-close");
            boolean hooked = progress instanceof SpinnerProgress && addShutdownHook(cleanUp);
            try {
                return run(progress);
            } finally {
                if (hooked) {
                    removeShutdownHook(cleanUp);
                }
            }
        }
    }

    /** On Ctrl-C the spinner's half-drawn line is cleared, so the shell's prompt starts on a clean line. */
    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /** Does the command's work, reporting each step to {@code progress}; returns the exit code. */
    abstract int run(ProgressRenderer progress) throws Exception;

    FaasfedCli root() {
        return (FaasfedCli) spec.root().userObject();
    }

    CliContext context() {
        return root().context();
    }

    boolean json() {
        return root().json;
    }

    /** The engine's address: {@code --host}, else {@code DOCKER_HOST}, else Docker's default socket. */
    String host() {
        return root().host(context());
    }

    /**
     * No progress with {@code --no-progress}; a spinner on an interactive terminal unless {@code --json}; plain lines on
     * stderr otherwise (logs, pipes, CI, and {@code --json}, whose stdout stays one document).
     */
    ProgressRenderer progress() {
        CliContext context = context();
        if (root().noProgress) {
            return ProgressRenderer.silent();
        }
        if (context.terminal() && !json()) {
            return new SpinnerProgress(context.err(), context.colour(), context.width(), true);
        }
        return new PlainProgress(context.err());
    }

    /** Connects to the engine, runs {@code work} on it and waits for its answer; the connection is closed after. */
    <T> T withEngine(Function<Engine, Mono<T>> work) {
        DockerEndpoint endpoint = DockerEndpoint.of(host());
        try (Engine engine = Engine.connect(endpoint)) {
            return work.apply(engine).block();
        }
    }

    /** Prints the result: {@code text} for people, or {@code document} as JSON with {@code --json}. */
    void print(String text, Object document) {
        PrintWriter out = context().out();
        if (json()) {
            out.println(Json.write(document));
        } else {
            out.print(text);
        }
        out.flush();
    }

    /** Writes {@code error: ...} and {@code hint: ...} on stderr, for a result that is a failure but not an exception. */
    void complain(String message, String hint) {
        Failures.printText(context().err(), message, hint);
    }
}
