package io.faasfed.emulator.openwhisk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The namespaces of one emulated controller, each with the key that owns it: the default one first, then the further
 * ones of {@link io.faasfed.emulator.EmulatorOptions#openWhiskNamespaces()}. A key reaches only its own namespace.
 */
final class WhiskNamespaces {

    private final WhiskState primary;
    private final Map<String, WhiskState> byName;

    WhiskNamespaces(WhiskState primary, List<WhiskState> others) {
        this.primary = primary;
        Map<String, WhiskState> all = new LinkedHashMap<>();
        all.put(primary.namespace(), primary);
        for (WhiskState other : others) {
            if (all.putIfAbsent(other.namespace(), other) != null) {
                throw new IllegalArgumentException("openWhiskNamespaces: \"" + other.namespace() + "\" twice "
                        + "(expected: each namespace once, and not the default namespace)");
            }
        }
        this.byName = Collections.unmodifiableMap(all);
    }

    /** The default namespace. */
    WhiskState primary() {
        return primary;
    }

    /** The namespace called {@code name}, or null. */
    WhiskState named(String name) {
        return name == null ? null : byName.get(name);
    }

    /** The namespace whose key an {@code Authorization} header carries, or null when it carries none of them. */
    WhiskState ownerOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        return byName.values().stream().filter(state -> state.credentials().matches(authorization)).findFirst()
                .orElse(null);
    }
}
