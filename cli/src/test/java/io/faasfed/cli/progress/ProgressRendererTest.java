package io.faasfed.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.faasfed.network.Progress;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class ProgressRendererTest {

    private final StringWriter buffer = new StringWriter();
    private final PrintWriter err = new PrintWriter(buffer);

    @Test
    void plainLinesSayWhenAStepBeginsAndHowItEnded() {
        PlainProgress progress = new PlainProgress(err);

        Progress.Step create = progress.begin("Creating network faasnet");
        create.ok("created (id 1a2b3c4d5e6f)");
        progress.begin("Removing network faasnet").fail("it is in use");

        assertThat(buffer.toString()).isEqualTo("""
                \u2026 Creating network faasnet
                ok Creating network faasnet \u2014 created (id 1a2b3c4d5e6f)
                \u2026 Removing network faasnet
                failed Removing network faasnet \u2014 it is in use
                """);
    }

    @Test
    void aStepThatEndsTwiceIsShownOnce() {
        PlainProgress progress = new PlainProgress(err);

        Progress.Step step = progress.begin("Looking for network faasnet");
        step.ok("not found");
        step.fail("cancelled");
        step.ok("again");

        assertThat(buffer.toString().lines()).hasSize(2).last().isEqualTo("ok Looking for network faasnet \u2014 not found");
    }

    @Test
    void theLibrarysTrackReportsThroughIt() {
        PlainProgress progress = new PlainProgress(err);

        progress.track("Connecting to Docker", Mono.just("20.10.24").subscribeOn(Schedulers.boundedElastic()), v -> "Docker " + v)
                .block(Duration.ofSeconds(30));
        progress.track("Reading it back", Mono.empty(), v -> "never").block(Duration.ofSeconds(30));

        assertThat(buffer.toString()).contains("ok Connecting to Docker \u2014 Docker 20.10.24", "ok Reading it back \u2014 done");
    }

    @Test
    void plainLinesOfStepsOnManyThreadsNeverMix() throws Exception {
        PlainProgress progress = new PlainProgress(err);

        runConcurrently(progress, 8, 200);

        List<String> lines = buffer.toString().lines().toList();
        assertThat(lines).hasSize(8 * 200 * 2);
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("(\u2026 step \\d+-\\d+|ok step \\d+-\\d+ \u2014 result \\d+-\\d+)"));
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 200; i++) {
                assertThat(lines).contains("ok step " + t + "-" + i + " \u2014 result " + t + "-" + i);
            }
        }
    }

    @Test
    void theSpinnerLineIsRedrawnInPlaceAndReplacedByTheStepsEnd() {
        SpinnerProgress progress = new SpinnerProgress(err, false, 80, false);

        Progress.Step step = progress.begin("Creating network faasnet");
        assertThat(buffer.toString()).isEqualTo("\r\u001b[2K" + SpinnerProgress.FRAMES[0] + " Creating network faasnet \u2026");

        progress.tick();
        assertThat(buffer.toString()).endsWith("\r\u001b[2K" + SpinnerProgress.FRAMES[1] + " Creating network faasnet \u2026");

        step.ok("created");
        progress.close();
        assertThat(visible(buffer.toString())).isEqualTo("\u2714 Creating network faasnet \u2014 created\n");
        assertThat(buffer.toString()).endsWith("\u2714 Creating network faasnet \u2014 created\n");
    }

    @Test
    void aFailedStepEndsWithACrossAndColoursOnlyWhenAsked() {
        SpinnerProgress plain = new SpinnerProgress(err, false, 80, false);
        plain.begin("Connecting to Docker").fail("no engine answers");
        plain.close();
        assertThat(visible(buffer.toString())).isEqualTo("\u2718 Connecting to Docker \u2014 no engine answers\n");
        assertThat(buffer.toString()).doesNotContain("\u001b[31m");

        StringWriter coloured = new StringWriter();
        SpinnerProgress colour = new SpinnerProgress(new PrintWriter(coloured), true, 80, false);
        colour.begin("Connecting to Docker").fail("no engine answers");
        colour.close();
        assertThat(coloured.toString()).contains("\u001b[31m\u2718\u001b[0m Connecting to Docker");
    }

    @Test
    void stepsRunningSideBySideAreCountedAndTheLineMovesBelowEachEnd() {
        SpinnerProgress progress = new SpinnerProgress(err, false, 80, false);

        Progress.Step first = progress.begin("Probing gateway");
        Progress.Step second = progress.begin("Probing fnserver");
        assertThat(lastRedraw()).isEqualTo(SpinnerProgress.FRAMES[0] + " Probing fnserver (+1 more) \u2026");

        first.ok("200");
        assertThat(lastRedraw()).isEqualTo(SpinnerProgress.FRAMES[0] + " Probing fnserver \u2026");
        second.ok("200");
        progress.close();

        assertThat(visible(buffer.toString())).isEqualTo("\u2714 Probing gateway \u2014 200\n\u2714 Probing fnserver \u2014 200\n");
    }

    @Test
    void theSpinnerLineIsCutToTheTerminalsWidthSoRedrawingNeverScrolls() {
        SpinnerProgress progress = new SpinnerProgress(err, false, 40, false);

        progress.begin("Checking that every container attached to faasnet answers by name");

        assertThat(lastRedraw()).hasSizeLessThanOrEqualTo(40).endsWith("\u2026");
    }

    @Test
    void spinnerOutputOfStepsOnManyThreadsStaysWhole() throws Exception {
        SpinnerProgress progress = new SpinnerProgress(err, false, 80, true);

        runConcurrently(progress, 8, 100);
        progress.close();

        List<String> lines = visible(buffer.toString()).lines().toList();
        assertThat(lines).hasSize(8 * 100);
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("\u2714 step \\d+-\\d+ \u2014 result \\d+-\\d+"));
    }

    @Test
    void theSpinnerTurnsByItselfFromItsOwnThread() {
        SpinnerProgress progress = new SpinnerProgress(err, false, 80, true);
        try {
            progress.begin("Waiting for the engine");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                synchronized (progress) {
                    assertThat(buffer.toString()).contains(SpinnerProgress.FRAMES[1] + " Waiting for the engine");
                }
            });
        } finally {
            progress.close();
        }
        String afterClose;
        synchronized (progress) {
            afterClose = buffer.toString();
        }
        assertThat(afterClose).endsWith("\r\u001b[2K");
    }

    @Test
    void silentShowsNothing() {
        ProgressRenderer progress = ProgressRenderer.silent();
        progress.begin("anything").ok("done");
        progress.close();
        assertThat(buffer.toString()).isEmpty();
    }

    private static void runConcurrently(Progress progress, int threads, int steps) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < steps; i++) {
                    progress.begin("step " + thread + "-" + i).ok("result " + thread + "-" + i);
                }
                return null;
            }));
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        for (var future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
    }

    /** What stays on a terminal: each redraw ({@code \r} + clear line) wipes the line drawn before it. */
    static String visible(String output) {
        StringBuilder screen = new StringBuilder();
        int lineStart = 0;
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            if (output.startsWith("\r\u001b[2K", i)) {
                screen.setLength(lineStart);
                i += 4;
                continue;
            }
            screen.append(c);
            if (c == '\n') {
                lineStart = screen.length();
            }
        }
        return screen.toString();
    }

    private String lastRedraw() {
        String text = buffer.toString();
        return text.substring(text.lastIndexOf("\r\u001b[2K") + 5);
    }
}
