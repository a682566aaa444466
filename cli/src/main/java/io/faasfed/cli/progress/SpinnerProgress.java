package io.faasfed.cli.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Progress on an interactive terminal: one spinner line, redrawn in place, naming the step that runs (and how many
 * more run beside it); when a step ends the line is replaced by {@code ✔ step — result} or {@code ✘ step — reason}
 * and the spinner moves below it. The spinner turns from a daemon thread every {@value #TICK_MILLIS} ms once the first
 * step begins; everything that writes holds this object's lock.
 */
public final class SpinnerProgress extends ProgressRenderer {

    /** How often the spinner turns. */
    public static final long TICK_MILLIS = 100;

    static final String OK = "\u2714";
    static final String FAILED = "\u2718";
    static final String[] FRAMES = {"\u280b", "\u2819", "\u2839", "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807", "\u280f"};
    private static final String CLEAR_LINE = "\r\u001b[2K";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";

    private final PrintWriter err;
    private final boolean colour;
    private final int width;
    private final boolean autoTick;
    private final List<String> running = new ArrayList<>();
    private ScheduledExecutorService ticker;
    private int frame;
    private boolean lineShown;
    private boolean closed;

    /**
     * A spinner on {@code err}.
     *
     * @param err the terminal's stream
     * @param colour whether to colour the marks
     * @param width the terminal's width: the spinner line is cut to fit, or redrawing it would scroll
     * @param autoTick whether a daemon thread turns the spinner; tests turn it with {@link #tick()}
     */
    public SpinnerProgress(PrintWriter err, boolean colour, int width, boolean autoTick) {
        this.err = requireNonNull(err, "err");
        this.colour = colour;
        this.width = Math.max(20, width);
        this.autoTick = autoTick;
    }

    @Override
    public synchronized Step begin(String what) {
        requireNonNull(what, "what");
        running.add(what);
        startTicking();
        redraw();
        AtomicBoolean ended = new AtomicBoolean();
        return new Step() {
            @Override
            public void ok(String result) {
                if (ended.compareAndSet(false, true)) {
                    end(what, true, result);
                }
            }

            @Override
            public void fail(String reason) {
                if (ended.compareAndSet(false, true)) {
                    end(what, false, reason);
                }
            }
        };
    }

    private synchronized void end(String what, boolean ok, String text) {
        running.remove(what);
        clear();
        String mark = ok ? paint(GREEN, OK) : paint(RED, FAILED);
        err.print(mark + " " + what + DASH + text + "\n");
        redraw();
    }

    /** Turns the spinner one frame and redraws its line. */
    public synchronized void tick() {
        frame = (frame + 1) % FRAMES.length;
        redraw();
    }

    private void redraw() {
        if (closed || running.isEmpty()) {
            clear();
            err.flush();
            return;
        }
        String latest = running.get(running.size() - 1);
        String more = running.size() > 1 ? " (+" + (running.size() - 1) + " more)" : "";
        String text = fit(latest + more + " \u2026");
        err.print(CLEAR_LINE + paint(CYAN, FRAMES[frame]) + " " + text);
        err.flush();
        lineShown = true;
    }

    private void clear() {
        if (lineShown) {
            err.print(CLEAR_LINE);
            lineShown = false;
        }
    }

    private String fit(String text) {
        int room = width - 3;
        return text.length() <= room ? text : text.substring(0, room - 1) + "\u2026";
    }

    private String paint(String colourCode, String text) {
        return colour ? colourCode + text + RESET : text;
    }

    private void startTicking() {
        if (autoTick && ticker == null && !closed) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "faasfed-spinner");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clear();
        err.flush();
    }
}
