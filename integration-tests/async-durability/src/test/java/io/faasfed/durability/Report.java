package io.faasfed.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The counts a test proves, printed as one labelled block on standard output and saved next to the process logs. */
final class Report {

    private final String title;
    private final Map<String, Object> lines = new LinkedHashMap<>();

    Report(String title) {
        this.title = title;
    }

    /** Adds (or replaces) one count. */
    Report put(String label, Object value) {
        lines.put(label, value);
        return this;
    }

    /** Adds the gateways' {@code ERROR} log lines: their count, then each on a line of its own. */
    Report errors(java.util.List<String> errors) {
        put("ERROR lines in the gateways' logs", errors.size());
        for (int i = 0; i < errors.size(); i++) {
            put("  error " + (i + 1), errors.get(i));
        }
        return this;
    }

    /** The block's text. */
    String text() {
        StringBuilder out = new StringBuilder("==== faasfed async durability: ").append(title).append(" ====\n");
        lines.forEach((label, value) -> out.append(String.format("%-48s %s%n", label, value)));
        return out.append("==== end ====\n").toString();
    }

    /** Prints the block and writes it to {@code report.txt} in {@code folder}. */
    void print(Path folder) {
        String text = text();
        System.out.print(text);
        System.out.flush();
        try {
            Files.writeString(folder.resolve("report.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report", e);
        }
    }
}
