package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import io.faasfed.network.platform.Component;

/**
 * One hop the probe container makes: resolving a component's DNS name, or calling its health endpoint by that name.
 *
 * @param kind DNS lookup or HTTP call
 * @param index the component's position in the probe's list; a component's DNS and HTTP hops share it
 * @param component the component called
 */
record ProbeHop(Kind kind, int index, Component component) {

    ProbeHop {
        requireNonNull(kind, "kind");
        requireNonNull(component, "component");
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
        }
    }

    /** How the probe names the hop in its output: {@code dns 0}, {@code http 0}. */
    String key() {
        return kind.word() + " " + index;
    }

    /** What the hop reaches: the DNS name, or the health URL. */
    String target() {
        return kind == Kind.DNS ? component.dnsName() : component.healthUrl();
    }

    /** The two kinds of hop. */
    enum Kind {
        /** {@code nslookup <dnsName>} on the network's DNS. */
        DNS("dns"),
        /** {@code wget <healthUrl>}. */
        HTTP("http");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The word in the probe's output and in the verify table's hop column. */
        String word() {
            return word;
        }
    }
}
