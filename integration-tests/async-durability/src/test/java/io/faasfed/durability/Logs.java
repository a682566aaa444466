package io.faasfed.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a test's processes write their output, and the tails shown when a test fails. */
final class Logs {

    private Logs() {
    }

    /** The folder for one test's process output: {@code target/async-durability/<test>}, created fresh. */
    static Path folder(String test) {
        Path base = Path.of(System.getProperty("faasfed.durability.output", "target/async-durability"));
        Path folder = base.resolve(test);
        try {
            Files.createDirectories(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    /** The last {@code lines} lines of {@code file}, under a header naming it; a note when it does not exist. */
    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "---- " + file + " (missing) ----\n";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "---- last " + last.size() + " of " + all.size() + " lines of " + file + " ----\n"
                    + String.join("\n", last) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "---- " + file + " unreadable: " + e + " ----\n";
        }
    }
}
