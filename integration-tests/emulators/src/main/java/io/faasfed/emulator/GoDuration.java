package io.faasfed.emulator;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads timeouts the way the OpenFaaS watchdogs do: a Go duration ({@code 500ms}, {@code 10s}, {@code 1m30s}) or a
 * bare integer meaning seconds.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** The duration, or empty when the text is blank, zero or not a duration. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            long seconds = Long.parseLong(value);
            return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        }
        Matcher part = PART.matcher(value);
        double nanos = 0;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                return Optional.empty();
            }
            end = part.end();
            double amount = Double.parseDouble(part.group(1));
            nanos += amount * switch (part.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        if (end != value.length() || nanos <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) nanos));
    }

    /** Go's short form of a duration, as {@code time.Duration.String()} prints whole seconds and milliseconds. */
    public static String format(Duration duration) {
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }
}
