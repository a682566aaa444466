package io.faasfed.gateway.compat;

import io.faasfed.adapter.api.FaasException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses OpenFaaS resource quantities into the neutral units of {@link io.faasfed.adapter.api.Limits}: memory in MiB
 * from Kubernetes ({@code 128Mi}, {@code 1Gi}, {@code 128M}) and Swarm ({@code 128m}) forms; CPUs from cores
 * ({@code 0.5}), millicores ({@code 500m}) or faas-swarm's nano-CPUs ({@code 500000000}).
 */
final class ResourceQuantities {

    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(Ki|Mi|Gi|Ti|k|K|M|G|T|m|g|b|B)?");
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m)?");

    private ResourceQuantities() {
    }

    /** Memory in MiB, or null for none. */
    static Integer memoryMiB(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher matcher = MEMORY.matcher(value.trim());
        if (!matcher.matches()) {
            throw invalid("limits.memory", value, "a quantity such as 128Mi, 1Gi, 128M or 128m");
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        double bytes = switch (unit) {
            case "Ki" -> number.doubleValue() * 1024;
            case "Mi" -> number.doubleValue() * 1024 * 1024;
            case "Gi" -> number.doubleValue() * 1024 * 1024 * 1024;
            case "Ti" -> number.doubleValue() * 1024 * 1024 * 1024 * 1024;
            case "k", "K" -> number.doubleValue() * 1000;
            // Swarm's "128m" means megabytes, as Docker reads it.
            case "M", "m" -> number.doubleValue() * 1000 * 1000;
            case "G", "g" -> number.doubleValue() * 1000 * 1000 * 1000;
            case "T" -> number.doubleValue() * 1e12;
            default -> number.doubleValue();
        };
        long mib = Math.round(Math.ceil(bytes / (1024 * 1024)));
        if (mib <= 0 || mib > Integer.MAX_VALUE) {
            throw invalid("limits.memory", value, "a positive quantity of at least 1Mi");
        }
        return (int) mib;
    }

    /** CPUs as a decimal, or null for none. */
    static Double cpus(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher matcher = CPU.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw invalid("limits.cpu", value, "cores (0.5), millicores (500m) or nano-CPUs (500000000)");
        }
        double number = Double.parseDouble(matcher.group(1));
        double cpus;
        if (matcher.group(2) != null) {
            cpus = number / 1000;
        } else if (number >= 1_000_000) {
            cpus = number / 1e9;
        } else {
            cpus = number;
        }
        if (cpus <= 0) {
            throw invalid("limits.cpu", value, "a positive quantity");
        }
        return cpus;
    }

    /** The Kubernetes form of a memory limit in MiB. */
    static String memory(Integer mib) {
        return mib == null ? null : mib + "Mi";
    }

    /** The cores form of a CPU limit. */
    static String cpu(Double cpus) {
        return cpus == null ? null : BigDecimal.valueOf(cpus).stripTrailingZeros().toPlainString();
    }

    private static FaasException.InvalidSpec invalid(String field, String value, String expected) {
        return new FaasException.InvalidSpec(null, field, "\"" + value + "\" (expected: " + expected + ")");
    }
}
