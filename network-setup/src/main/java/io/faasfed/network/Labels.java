package io.faasfed.network;

import java.util.Map;

/** The labels faasfed puts on what it creates, and reads to know what it may remove. */
public final class Labels {

    /** Marks everything faasfed created; {@code destroy} removes only what carries it. */
    public static final String MANAGED_BY = "io.faasfed.managed-by";

    /** The value of {@link #MANAGED_BY}. */
    public static final String FAASFED = "faasfed";

    /** What a faasfed-made object is for ({@code network}, {@code probe}). */
    public static final String ROLE = "io.faasfed.role";

    /**
     * The label faas-swarm looks for when a deploy names no network: it takes the first network carrying
     * {@code openfaas=true}. faasfed's OpenFaaS adapter always names the network, so several labelled networks are
     * harmless to it, but not to faas-cli deploying straight to OpenFaaS.
     */
    public static final String OPENFAAS = "openfaas";

    private Labels() {
    }

    /** The labels of the shared network. */
    public static Map<String, String> network() {
        return Map.of(MANAGED_BY, FAASFED, ROLE, "network", OPENFAAS, "true");
    }

    /** Whether {@code labels} say faasfed made the object. */
    public static boolean isManaged(Map<String, String> labels) {
        return labels != null && FAASFED.equals(labels.get(MANAGED_BY));
    }
}
