package io.faasfed.gateway.composition;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as definitions write them: Go style ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1m30s},
 * {@code 1.5s}) or ISO-8601 ({@code PT30S}), to the millisecond. They are rendered back in Go style.
 */
final class Durations {

    private static final Pattern GO = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    static final String EXAMPLES = "e.g. 500ms, 30s, 5m, 1h, 1m30s or PT30S";

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong and what to write
     */
    static Duration parse(String text) {
        Duration value;
        if (GO.matcher(text).matches()) {
            BigDecimal millis = BigDecimal.ZERO;
            Matcher part = PART.matcher(text);
            while (part.find()) {
                BigDecimal amount = new BigDecimal(part.group(1));
                long unit = switch (part.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                };
                millis = millis.add(amount.multiply(BigDecimal.valueOf(unit)));
            }
            if (millis.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("'" + text + "' is finer than a millisecond; write whole "
                        + "milliseconds, " + EXAMPLES);
            }
            if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
                throw new IllegalArgumentException("'" + text + "' is too long; " + EXAMPLES);
            }
            value = Duration.ofMillis(millis.longValueExact());
        } else if (text.startsWith("PT") || text.startsWith("P")) {
            try {
                value = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration; " + EXAMPLES);
            }
            if (value.getNano() % 1_000_000 != 0) {
                throw new IllegalArgumentException("'" + text + "' is finer than a millisecond; write whole "
                        + "milliseconds, " + EXAMPLES);
            }
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit (ms, s, "
                    + "m, h), " + EXAMPLES);
        }
        return value;
    }

    /** {@code d} in Go style, the shortest exact spelling: {@code 1h30m}, {@code 1500ms}, {@code 0s}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        long ms = millis % 1000;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (ms > 0) {
            out.append(seconds * 1000 + ms).append("ms");
        } else if (seconds > 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }
}
