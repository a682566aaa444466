package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.NameParser;

import io.faasfed.network.Engine;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Labels;
import io.faasfed.network.Probes;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import reactor.core.publisher.Mono;

/**
 * Runs one probe container on the network: makes sure its image is there (pulling it once if not), starts it with the
 * {@link ProbeScript}, waits for it to end or stops it at the limit, reads its log, and removes it whatever happened
 * (also when the verify is cancelled).
 */
final class ProbeRunner {

    /** How often the container's state is read while it runs. */
    private static final Duration POLL = Duration.ofMillis(500);
    /** How long pulling the probe image may take. */
    private static final Duration PULL_LIMIT = Duration.ofMinutes(5);
    /** How much of the probe's log is read at most. */
    private static final int MAX_LOG = 1 << 20;
    /** A probe that ended this long ago, or was created and never started, is a leftover of an interrupted verify. */
    private static final Duration LEFTOVER = Duration.ofMinutes(1);
    /** A probe still running this long after it was created was left by a verify that did not stop it. */
    private static final Duration RUNAWAY = Duration.ofMinutes(15);

    private final Engine engine;

    ProbeRunner(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /** A new probe container's name: {@link Probes#NAME_PREFIX} and 8 random hex digits. */
    static String newName() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return Probes.NAME_PREFIX + HexFormat.of().formatHex(random);
    }

    /**
     * Runs {@code script} in a container of {@code image} on {@code network}, stopped after {@code limit}, and turns what
     * happened into rows with {@code judge}; the progress step of the probing fails when one of those rows does. A probe
     * that cannot start is judged as a {@link ProbeRun#failure()}; only an engine that stops answering is an error.
     */
    Mono<List<Check>> run(ExistingNetwork network, String image, String script, Duration limit, int hops,
                          Function<ProbeRun, List<Check>> judge, Progress progress) {
        requireNonNull(network, "network");
        requireNonNull(image, "image");
        requireNonNull(script, "script");
        requireNonNull(limit, "limit");
        requireNonNull(judge, "judge");
        String name = newName();
        return removeLeftovers()
                .then(ensureImage(image, progress))
                .flatMap(missing -> missing.isPresent()
                        ? Mono.fromSupplier(() -> judge.apply(ProbeRun.failed(name, image, missing.get(), limit)))
                        : Mono.usingWhen(Mono.just(name),
                                n -> startAndWait(n, network, image, script, limit, hops, judge, progress),
                                n -> remove(n, progress),
                                (n, error) -> remove(n, progress),
                                n -> remove(n, Progress.SILENT)));
    }

    private Mono<List<Check>> startAndWait(String name, ExistingNetwork network, String image, String script, Duration limit,
                                           int hops, Function<ProbeRun, List<Check>> judge, Progress progress) {
        // A cancel while the engine creates the container cannot stop that call: the call itself then removes what it made.
        AtomicBoolean cancelled = new AtomicBoolean();
        return progress.track("Starting probe container " + name + " on " + network.name(),
                        engine.call("start the probe container " + name, c -> create(c, name, network, image, script, cancelled))
                                .doOnCancel(() -> cancelled.set(true)),
                        id -> "started from " + image)
                .flatMap(id -> Mono.defer(() -> {
                    Instant started = Instant.now();
                    String what = hops == 0 ? "Checking the probe can run on " + network.name()
                            : "Probing " + hops + (hops == 1 ? " hop" : " hops") + " by DNS name (the probe may take "
                                    + limit.toSeconds() + " s at most)";
                    Progress.Step step = progress.begin(what);
                    return awaitExit(id, limit)
                            .flatMap(exited -> (exited ? Mono.<Void>empty() : kill(id))
                                    .then(Mono.zip(logs(id), exitCode(id)))
                                    .map(t -> new ProbeRun(name, image, Optional.empty(), ProbeOutput.parse(t.getT1()),
                                            !exited, limit, t.getT2(), Duration.between(started, Instant.now()))))
                            .map(run -> {
                                List<Check> rows = judge.apply(run);
                                List<Check> failed = rows.stream().filter(c -> c.status() == Check.Status.FAIL).toList();
                                if (failed.isEmpty()) {
                                    step.ok(describe(run));
                                } else {
                                    Check first = failed.get(0);
                                    step.fail((failed.size() == 1 ? "1 hop failed: " : failed.size() + " hops failed, the first: ")
                                            + first.hop() + " " + first.target() + ": " + Hints.firstSentence(first.detail()));
                                }
                                return rows;
                            })
                            .doOnError(e -> step.fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()))
                            .doOnCancel(() -> step.fail("cancelled"));
                }))
                .onErrorResume(e -> e instanceof SetupException s && s.problem() == SetupProblem.ENGINE_ERROR,
                        e -> Mono.fromSupplier(() -> judge.apply(ProbeRun.failed(name, image, "The probe could not run on "
                                + network.name() + ": " + e.getMessage() + " " + startHint(e.getMessage(), network.name()), limit))));
    }

    private static String startHint(String message, String network) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("attachable")) {
            return "Plain containers cannot join " + network + ": recreate it attachable ('" + Hints.destroy(network)
                    + "', then '" + Hints.apply(network) + "').";
        }
        if (lower.contains("executable file not found") || lower.contains("no such file")) {
            return Hints.probeImage();
        }
        return "See the engine's log.";
    }

    private static String describe(ProbeRun run) {
        String took = String.format(java.util.Locale.ROOT, "%.1f s", run.took().toMillis() / 1000.0);
        if (run.stopped()) {
            return "stopped at its limit of " + run.limit().toSeconds() + " s";
        }
        return run.output().done() ? "finished in " + took : "ended early (exit code " + run.exitCode() + ") after " + took;
    }

    private static String create(DockerClient c, String name, ExistingNetwork network, String image, String script,
                                 AtomicBoolean cancelled) {
        String id = c.createContainerCmd(image)
                .withName(name)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.FAASFED, Labels.ROLE, "probe"))
                .withEntrypoint("sh", "-c")
                .withCmd(script)
                .withTty(false)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network.id()).withAutoRemove(false))
                .exec()
                .getId();
        if (!cancelled.get()) {
            c.startContainerCmd(id).exec();
        }
        if (cancelled.get()) {
            try {
                c.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // the cancel's own clean-up was faster
            }
            return null;
        }
        return id;
    }

    /** True when the container ended by itself within {@code limit}, false when it still runs then. */
    private Mono<Boolean> awaitExit(String id, Duration limit) {
        return engine.call("read the probe's state", c -> c.inspectContainerCmd(id).exec().getState())
                .filter(state -> !Boolean.TRUE.equals(state.getRunning()))
                .repeatWhenEmpty(ticks -> ticks.delayElements(POLL))
                .map(state -> true)
                .timeout(limit, Mono.just(false));
    }

    private Mono<Void> kill(String id) {
        return engine.run("stop the probe", c -> {
            try {
                c.killContainerCmd(id).exec();
            } catch (DockerException e) {
                // it ended by itself in the meantime (409 not running) or is gone (404): nothing to stop
                if (e.getHttpStatus() != 409 && e.getHttpStatus() != 404) {
                    throw e;
                }
            }
        });
    }

    private Mono<String> logs(String id) {
        return engine.call("read the probe's log", c -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    if (out.size() < MAX_LOG) {
                        out.writeBytes(frame.getPayload());
                    }
                }
            };
            try {
                c.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false).exec(callback)
                        .awaitCompletion(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the probe's log", e);
            }
            return out.toString(StandardCharsets.UTF_8);
        });
    }

    private Mono<Long> exitCode(String id) {
        return engine.call("read the probe's exit code", c -> {
            Long code = c.inspectContainerCmd(id).exec().getState().getExitCodeLong();
            return code == null ? -1L : code;
        });
    }

    /** Removes the probe (it may not exist: creating it failed); reports a failure to remove without failing verify. */
    private Mono<Void> remove(String name, Progress progress) {
        return progress.track("Removing probe container " + name,
                        engine.call("remove the probe container " + name, c -> {
                            try {
                                c.removeContainerCmd(name).withForce(true).withRemoveVolumes(true).exec();
                                return "removed";
                            } catch (NotFoundException gone) {
                                return "not there";
                            }
                        }), r -> r)
                .onErrorResume(SetupException.class, e -> Mono.empty())
                .then();
    }

    /** Whether the image is here, pulling it once when it is not: empty when it can run, else why not. */
    private Mono<Optional<String>> ensureImage(String image, Progress progress) {
        return engine.call("look for image " + image, c -> {
            try {
                c.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        }).flatMap(present -> present ? Mono.just(Optional.<String>empty())
                : progress.track("Pulling probe image " + image, pull(image), r -> "pulled")
                        .map(r -> Optional.<String>empty())
                        .onErrorResume(e -> e instanceof SetupException s && s.problem() == SetupProblem.ENGINE_ERROR,
                                e -> Mono.just(Optional.of("The probe image " + image + " is not on this engine and could "
                                        + "not be pulled (" + e.getMessage() + "). " + Hints.probeImage()))));
    }

    private Mono<String> pull(String image) {
        return engine.call("pull image " + image, c -> {
            PullImageCmd cmd;
            if (image.contains("@")) {
                cmd = c.pullImageCmd(image);
            } else {
                NameParser.ReposTag parsed = NameParser.parseRepositoryTag(image);
                // Without a tag the engine would pull every tag of the repository.
                cmd = c.pullImageCmd(parsed.repos).withTag(parsed.tag.isEmpty() ? "latest" : parsed.tag);
            }
            try {
                if (!cmd.exec(new PullImageResultCallback()).awaitCompletion(PULL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new SetupException(SetupProblem.ENGINE_ERROR,
                            "pulling " + image + " took longer than " + PULL_LIMIT.toMinutes() + " minutes", "");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pulling " + image, e);
            }
            return image;
        });
    }

    /**
     * Removes probes an earlier verify left behind (it was killed before it could): ended or never started ones over a
     * minute old, running ones over 15 minutes old. A failure here does not stop this verify.
     */
    private Mono<Void> removeLeftovers() {
        return engine.run("remove left-over probe containers", c -> {
            List<Container> probes = c.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.MANAGED_BY, Labels.FAASFED, Labels.ROLE, "probe")).exec();
            long now = Instant.now().getEpochSecond();
            for (Container probe : probes) {
                long age = probe.getCreated() == null ? 0 : now - probe.getCreated();
                boolean running = "running".equals(probe.getState());
                if (age > (running ? RUNAWAY : LEFTOVER).toSeconds()) {
                    try {
                        c.removeContainerCmd(probe.getId()).withForce(true).exec();
                    } catch (NotFoundException gone) {
                        // removed by someone else meanwhile
                    }
                }
            }
        }).onErrorResume(e -> e instanceof SetupException s && s.problem() == SetupProblem.ENGINE_ERROR, e -> Mono.empty());
    }
}
