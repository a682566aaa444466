package io.faasfed.adapter.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of FaaS platform faasfed speaks to; a configured platform instance has exactly one. */
public enum PlatformType {
    /** An OpenFaaS gateway (faas-netes, faas-swarm or faasd behind it). */
    OPENFAAS,
    /** An Apache OpenWhisk controller. */
    OPENWHISK,
    /** An Fn Project server. */
    FN;

    /** The lowercase name used in configuration, e.g. {@code openwhisk}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid values when {@code value} is none of them
     */
    public static PlatformType fromConfigName(String value) {
        for (PlatformType type : values()) {
            if (type.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return type;
            }
        }
        throw Checks.invalid("type", value == null ? null : '"' + value + '"', "one of "
                + Arrays.stream(values()).map(PlatformType::configName).collect(Collectors.joining(", ")));
    }
}
