package io.faasfed.cli.progress;

import io.faasfed.network.Progress;

/**
 * Shows a command's steps on stderr as the library reports them through {@link Progress}: a spinner line redrawn in
 * place on an interactive terminal ({@link SpinnerProgress}), plain lines anywhere else ({@link PlainProgress}), or
 * nothing ({@link #silent()}). Steps are reported from Reactor's threads, so every implementation is thread-safe; a
 * step that ends twice is shown once.
 */
public abstract class ProgressRenderer implements Progress, AutoCloseable {

    /** Separates a step from its result: {@code ok Creating network — created}. */
    public static final String DASH = " \u2014 ";

    ProgressRenderer() {
    }

    /** A renderer that shows nothing ({@code --no-progress}). */
    public static ProgressRenderer silent() {
        return new ProgressRenderer() {
            @Override
            public Step begin(String what) {
                return Progress.SILENT.begin(what);
            }
        };
    }

    /** Stops whatever draws in the background and leaves the cursor at the start of a clean line. */
    @Override
    public void close() {
    }
}
