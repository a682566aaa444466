package io.faasfed.adapter.api;

/**
 * The identity of one configured platform instance, such as {@code openfaas} or {@code openfaas-lon}: two
 * OpenFaaS gateways in two datacenters are two platforms with two ids in one namespace.
 *
 * @param value lowercase letters, digits and '-', 1-63 characters
 */
public record PlatformId(String value) implements Comparable<PlatformId> {

    /** Validates the id. */
    public PlatformId {
        Checks.name("platform id", value);
    }

    /** Shorthand for {@code new PlatformId(value)}. */
    public static PlatformId of(String value) {
        return new PlatformId(value);
    }

    @Override
    public int compareTo(PlatformId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
