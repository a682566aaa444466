package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs function processes under the watchdog contract, off the event loop: the body goes to stdin, stdout (capped)
 * comes back, the timeout kills the process and its children, and {@link #close()} kills whatever still runs. Where
 * {@code setsid} and {@code kill} exist (any Debian), each function leads its own process group, so a kill also reaches
 * the grandchildren its shell spawned.
 * One instance per emulator.
 */
public final class ProcessFunctionRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessFunctionRunner.class);

    /** How long the output pipes may stay open after the process exited (children holding them). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int maxOutputBytes;
    private final String setsid = onPath("setsid");
    private final String kill = onPath("kill");
    private final ExecutorService pumps;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A runner that kills a process printing more than {@code maxOutputBytes} on stdout or stderr. */
    public ProcessFunctionRunner(int maxOutputBytes) {
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes: " + maxOutputBytes + " (expected: > 0)");
        }
        this.maxOutputBytes = maxOutputBytes;
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, "emulator-process-io-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pumps = Executors.newCachedThreadPool(daemons);
    }

    /** The cap on stdout and stderr. */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    /** Runs one process on {@link Schedulers#boundedElastic()}; cancelling the subscription kills it. */
    public Mono<ProcessOutcome> run(ProcessCall call) {
        requireNonNull(call, "call");
        return Mono.fromCallable(() -> execute(call)).subscribeOn(Schedulers.boundedElastic());
    }

    /** How many processes are running now. */
    public int running() {
        return live.size();
    }

    private ProcessOutcome execute(ProcessCall call) throws InterruptedException {
        long started = System.nanoTime();
        if (closed) {
            return notStarted(started, "the emulator is shutting down");
        }
        List<String> command = new ArrayList<>();
        if (setsid != null && kill != null) {
            command.add(setsid);
        }
        command.addAll(call.command());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(call.mergeStderr());
        FunctionEnvironment.apply(builder, call.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return notStarted(started, "cannot start " + call.command() + ": " + e.getMessage());
        }
        live.add(process);
        try {
            return supervise(call, process, started);
        } catch (InterruptedException cancelled) {
            killGroup(process);
            throw cancelled;
        } finally {
            killTree(process);
            live.remove(process);
        }
    }

    private ProcessOutcome supervise(ProcessCall call, Process process, long started) throws InterruptedException {
        CappedBuffer stdout = new CappedBuffer(maxOutputBytes);
        CappedBuffer stderr = new CappedBuffer(maxOutputBytes);
        pumps.execute(() -> feed(process.getOutputStream(), call.stdin()));
        Future<?> out = pumps.submit(() -> drain(process.getInputStream(), stdout, process));
        Future<?> err = call.mergeStderr() ? null : pumps.submit(() -> drain(process.getErrorStream(), stderr, process));

        boolean exited = process.waitFor(call.timeout().toNanos(), TimeUnit.NANOSECONDS);
        if (!exited) {
            killGroup(process);
            process.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!awaitDrained(out) || !awaitDrained(err)) {
            killGroup(process);
        }
        if (stdout.overflowed() || stderr.overflowed()) {
            killGroup(process);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (stdout.overflowed() || stderr.overflowed()) {
            return new ProcessOutcome(ProcessOutcome.Status.OUTPUT_TOO_LARGE, -1, stdout.bytes(), stderr.bytes(), took,
                    "the function printed more than " + maxOutputBytes + " bytes and was killed");
        }
        if (!exited) {
            return new ProcessOutcome(ProcessOutcome.Status.TIMED_OUT, -1, stdout.bytes(), stderr.bytes(), took,
                    "the function ran past its timeout of " + call.timeout().toMillis() + " ms and was killed");
        }
        return new ProcessOutcome(ProcessOutcome.Status.EXITED, process.exitValue(), stdout.bytes(), stderr.bytes(),
                took, "exit status " + process.exitValue());
    }

    private static boolean awaitDrained(Future<?> pump) throws InterruptedException {
        if (pump == null) {
            return true;
        }
        try {
            pump.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            pump.cancel(true);
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static void feed(OutputStream stdin, byte[] body) {
        try (stdin) {
            stdin.write(body);
        } catch (IOException processStoppedReading) {
            log.trace("Function stopped reading stdin: {}", processStoppedReading.getMessage());
        }
    }

    private static void drain(InputStream from, CappedBuffer into, Process process) {
        byte[] chunk = new byte[8192];
        try (from) {
            int read;
            while ((read = from.read(chunk)) >= 0) {
                if (!into.append(chunk, read)) {
                    killTree(process);
                    return;
                }
            }
        } catch (IOException pipeClosed) {
            log.trace("Function output pipe closed: {}", pipeClosed.getMessage());
        }
    }

    /**
     * Kills the process' whole process group (it leads one when started through {@code setsid}), which also reaches
     * children that a dying parent orphaned, then the tree as {@link ProcessHandle} sees it.
     */
    private void killGroup(Process process) {
        if (setsid != null && kill != null) {
            try {
                Process killer = new ProcessBuilder(kill, "-KILL", "--", "-" + process.pid())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!killer.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    killer.destroyForcibly();
                }
            } catch (IOException e) {
                log.debug("Cannot signal process group {}: {}", process.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        killTree(process);
    }

    private static String onPath(String program) {
        for (String dir : java.util.Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin")
                .split(java.io.File.pathSeparator)) {
            java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, program);
            if (java.nio.file.Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static ProcessOutcome notStarted(long started, String message) {
        return new ProcessOutcome(ProcessOutcome.Status.NOT_STARTED, -1, new byte[0], new byte[0],
                Duration.ofNanos(System.nanoTime() - started), message);
    }

    /** Kills every process still running and stops the I/O threads. */
    @Override
    public void close() {
        closed = true;
        live.forEach(this::killGroup);
        pumps.shutdownNow();
    }

    /** Collects output up to a cap; beyond it, refuses more and remembers that it overflowed. */
    private static final class CappedBuffer {

        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean overflowed;

        CappedBuffer(int cap) {
            this.cap = cap;
        }

        synchronized boolean append(byte[] chunk, int length) {
            if (bytes.size() + length > cap) {
                bytes.write(chunk, 0, Math.max(0, cap - bytes.size()));
                overflowed = true;
                return false;
            }
            bytes.write(chunk, 0, length);
            return true;
        }

        synchronized boolean overflowed() {
            return overflowed;
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
