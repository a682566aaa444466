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
    FN,
    /**
     * The gateway's own compositions, served as functions of the namespace. Never configured under
     * {@code faasfed.platforms}: the gateway adds it itself.
     */
    COMPOSITION;

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
        for (PlatformType type : configurable()) {
            if (type.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return type;
            }
        }
        throw Checks.invalid("type", value == null ? null : '"' + value + '"', "one of "
                + Arrays.stream(configurable()).map(PlatformType::configName).collect(Collectors.joining(", ")));
    }

    /** The types an operator configures platforms of: every one but {@link #COMPOSITION}. */
    public static PlatformType[] configurable() {
        return new PlatformType[] {OPENFAAS, OPENWHISK, FN};
    }
}
