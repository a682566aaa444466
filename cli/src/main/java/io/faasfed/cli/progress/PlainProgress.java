package io.faasfed.cli.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Progress as plain lines, for logs, pipes and CI: {@code … step} when it begins, then {@code ok step — result} or
 * {@code failed step — reason}. Every line is written whole, under one lock, so lines of steps running on different
 * threads never mix.
 */
public final class PlainProgress extends ProgressRenderer {

    /** Starts the line of a step that began. */
    public static final String BEGIN = "\u2026 ";

    private final PrintWriter err;

    /** Lines on {@code err}. */
    public PlainProgress(PrintWriter err) {
        this.err = requireNonNull(err, "err");
    }

    @Override
    public Step begin(String what) {
        requireNonNull(what, "what");
        line(BEGIN + what);
        AtomicBoolean ended = new AtomicBoolean();
        return new Step() {
            @Override
            public void ok(String result) {
                if (ended.compareAndSet(false, true)) {
                    line("ok " + what + DASH + result);
                }
            }

            @Override
            public void fail(String reason) {
                if (ended.compareAndSet(false, true)) {
                    line("failed " + what + DASH + reason);
                }
            }
        };
    }

    private void line(String text) {
        synchronized (err) {
            err.println(text);
            err.flush();
        }
    }
}
