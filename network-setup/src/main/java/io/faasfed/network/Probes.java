package io.faasfed.network;

/** Names and labels of the short-lived probe containers {@code verify} starts on the network. */
public final class Probes {

    /** Every probe container's name starts with this, so {@code destroy} can tell them from platform containers. */
    public static final String NAME_PREFIX = "faasfed-probe-";

    private Probes() {
    }
}
