package io.faasfed.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.faasfed.network.ModeChoice;
import io.faasfed.network.SetupException;
import io.faasfed.network.Subnet;
import io.faasfed.network.platform.ConfigFormat;
import io.faasfed.network.platform.Platform;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values are read: the lower-case words the command line shows ({@code single-host}, {@code compose}), CIDR
 * blocks, and durations such as {@code 5s}. A bad value is a usage error (exit code 2) whose message says what is
 * accepted; the completion candidates are the same words, so shell completion offers them.
 */
final class Converters {

    private Converters() {
    }

    /** {@code auto}, {@code swarm} or {@code single-host}. */
    static final class ModeChoiceConverter implements ITypeConverter<ModeChoice> {
        @Override
        public ModeChoice convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> ModeChoice.AUTO;
                case "swarm" -> ModeChoice.SWARM;
                case "single-host", "single_host", "singlehost" -> ModeChoice.SINGLE_HOST;
                default -> throw new TypeConversionException("'" + value + "' is not a mode (expected: auto, swarm or single-host)");
            };
        }
    }

    /** The words {@code --mode} takes. */
    static final class ModeCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("auto", "swarm", "single-host").iterator();
        }
    }

    /** A CIDR block, checked by {@link Subnet#parse}. */
    static final class SubnetConverter implements ITypeConverter<Subnet> {
        @Override
        public Subnet convert(String value) {
            try {
                return Subnet.parse(value);
            } catch (SetupException e) {
                throw new TypeConversionException(e.getMessage() + " " + e.hint());
            }
        }
    }

    /** {@code openfaas}, {@code openwhisk} or {@code fn}. */
    static final class PlatformConverter implements ITypeConverter<Platform> {
        @Override
        public Platform convert(String value) {
            try {
                return Platform.of(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a platform (expected: openfaas, openwhisk or fn)");
            }
        }
    }

    /** The words {@code --platform} takes. */
    static final class PlatformCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.Arrays.stream(Platform.values()).map(Platform::id).iterator();
        }
    }

    /** {@code text}, {@code env} or {@code compose}. */
    static final class ConfigFormatConverter implements ITypeConverter<ConfigFormat> {
        @Override
        public ConfigFormat convert(String value) {
            for (ConfigFormat format : ConfigFormat.values()) {
                if (format.name().equalsIgnoreCase(value.trim())) {
                    return format;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a format (expected: text, env or compose)");
        }
    }

    /** The words {@code --format} takes. */
    static final class ConfigFormatCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.Arrays.stream(ConfigFormat.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, a number of seconds, or ISO-8601 ({@code PT5S}); more than zero. */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Duration duration;
            Matcher m = SHORT.matcher(text);
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                duration = switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                };
            } else {
                try {
                    duration = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e) {
                    throw new TypeConversionException("'" + value + "' is not a duration (expected e.g. 500ms, 5s, 2m or PT5S)");
                }
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new TypeConversionException("'" + value + "' is not a usable timeout (expected: more than zero)");
            }
            return duration;
        }
    }
}
