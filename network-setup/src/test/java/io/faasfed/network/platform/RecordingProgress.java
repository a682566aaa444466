package io.faasfed.network.platform;

import java.util.ArrayList;
import java.util.List;

import io.faasfed.network.Progress;

/** A progress that records each step as {@code what -> ok: result} or {@code what -> failed: reason}. */
final class RecordingProgress implements Progress {

    private final List<String> lines = new ArrayList<>();

    @Override
    public Step begin(String what) {
        return new Step() {
            @Override
            public void ok(String result) {
                record(what + " -> ok: " + result);
            }

            @Override
            public void fail(String reason) {
                record(what + " -> failed: " + reason);
            }
        };
    }

    private synchronized void record(String line) {
        lines.add(line);
    }

    /** The steps that ended, in the order they ended. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
