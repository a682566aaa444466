package io.faasfed.adapter.openfaas.internal;

import io.faasfed.adapter.openfaas.OpenFaasPlatformProperties.Provider;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and CPU in the units each OpenFaaS provider parses: faas-swarm reads Docker units ({@code 128m} is
 * 128 MiB, CPU as integer nano-CPUs), faas-netes and faasd read Kubernetes quantities ({@code 128Mi},
 * {@code 500m} millicores). A value the provider cannot parse is silently ignored by it, so getting the unit
 * right matters. Parsing back is best effort: what cannot be read is reported as unknown (null).
 */
public final class ResourceUnits {

    private static final Pattern QUANTITY = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final long MIB = 1024L * 1024L;

    private final Provider provider;

    /** Units for {@code provider}. */
    public ResourceUnits(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** {@code memoryMiB} as the provider's memory limit string. */
    public String memory(int memoryMiB) {
        return provider == Provider.SWARM ? memoryMiB + "m" : memoryMiB + "Mi";
    }

    /** {@code cpus} (0.5 = half a core) as the provider's CPU limit string. */
    public String cpu(double cpus) {
        if (provider == Provider.SWARM) {
            return BigDecimal.valueOf(cpus).movePointRight(9).setScale(0, RoundingMode.HALF_UP).toPlainString();
        }
        long millis = BigDecimal.valueOf(cpus).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Math.max(1, millis) + "m";
    }

    /** A memory limit string read back as MiB (rounded up), or null when it cannot be read. */
    public Integer parseMemoryMiB(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher matcher = QUANTITY.matcher(value);
        if (!matcher.matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2);
        Long factor = provider == Provider.SWARM ? dockerFactor(unit) : kubernetesFactor(unit);
        if (factor == null) {
            return null;
        }
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(factor));
        BigDecimal mib = bytes.divide(BigDecimal.valueOf(MIB), 0, RoundingMode.CEILING);
        return mib.signum() > 0 && mib.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0 ? mib.intValue() : null;
    }

    /** A CPU limit string read back as cores, or null when it cannot be read. */
    public Double parseCpus(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher matcher = QUANTITY.matcher(value);
        if (!matcher.matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2);
        double cores;
        if ("m".equals(unit)) {
            cores = number.movePointLeft(3).doubleValue();
        } else if (!unit.isEmpty()) {
            return null;
        } else if (provider == Provider.SWARM && number.scale() <= 0 && number.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            cores = number.movePointLeft(9).doubleValue();
        } else {
            cores = number.doubleValue();
        }
        return cores > 0 ? cores : null;
    }

    /** A duration as a Go duration string the watchdogs read ({@code 30s}, {@code 1500ms}). */
    public static String goDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis > 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return Math.max(1, millis) + "ms";
    }

    /** A simple Go duration ({@code 30s}, {@code 1500ms}, {@code 2m}, {@code 1h}) read back, or null. */
    public static Duration parseGoDuration(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = GO_DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return duration.isZero() ? null : duration;
    }

    private static Long dockerFactor(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb", "ki", "kib" -> 1024L;
            case "m", "mb", "mi", "mib" -> MIB;
            case "g", "gb", "gi", "gib" -> MIB * 1024L;
            default -> null;
        };
    }

    private static Long kubernetesFactor(String unit) {
        return switch (unit) {
            case "" -> 1L;
            case "k" -> 1000L;
            case "M" -> 1000L * 1000L;
            case "G" -> 1000L * 1000L * 1000L;
            case "Ki" -> 1024L;
            case "Mi" -> MIB;
            case "Gi" -> MIB * 1024L;
            default -> null;
        };
    }
}
