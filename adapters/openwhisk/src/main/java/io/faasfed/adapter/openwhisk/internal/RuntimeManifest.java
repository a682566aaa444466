package io.faasfed.adapter.openwhisk.internal;

import io.faasfed.adapter.openwhisk.internal.client.model.Info;
import io.faasfed.adapter.openwhisk.internal.client.model.RuntimeKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The runtime kinds a controller offers, read from its info document ({@code GET /}).
 *
 * @param kinds      the kinds that can be deployed
 * @param deprecated the kinds the controller still lists but no longer lets anyone create or update
 */
public record RuntimeManifest(Set<String> kinds, Set<String> deprecated) {

    /** Copies the sets, sorted so that messages list them in a stable order. */
    public RuntimeManifest {
        kinds = Set.copyOf(new TreeSet<>(kinds));
        deprecated = Set.copyOf(new TreeSet<>(deprecated));
    }

    /** The manifest in {@code info}; empty when the document lists no runtimes. */
    public static RuntimeManifest from(Info info) {
        Set<String> kinds = new TreeSet<>();
        Set<String> deprecated = new TreeSet<>();
        Map<String, List<RuntimeKind>> runtimes = info == null ? null : info.getRuntimes();
        if (runtimes != null) {
            runtimes.values().forEach(family -> {
                if (family != null) {
                    family.stream().filter(kind -> kind != null && kind.getKind() != null).forEach(kind -> {
                        if (Boolean.TRUE.equals(kind.getDeprecated())) {
                            deprecated.add(kind.getKind());
                        } else {
                            kinds.add(kind.getKind());
                        }
                    });
                }
            });
        }
        return new RuntimeManifest(kinds, deprecated);
    }

    /**
     * Why {@code kind} cannot be deployed, or null when it can. The message lists the valid kinds.
     */
    public String problemWith(String kind) {
        if (kinds.contains(kind)) {
            return null;
        }
        String valid = kinds.isEmpty() ? "the controller lists no runtimes at GET /"
                : "one of " + String.join(", ", new TreeSet<>(kinds));
        if (deprecated.contains(kind)) {
            return "'" + kind + "' is deprecated on this controller (expected: " + valid + ")";
        }
        return "'" + kind + "' is not a runtime kind of this controller (expected: " + valid
                + ", or an image for a blackbox action)";
    }
}
