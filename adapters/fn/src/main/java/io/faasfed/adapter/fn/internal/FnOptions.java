package io.faasfed.adapter.fn.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The Fn-specific settings of a platform instance, as the factory validated them.
 *
 * @param app            the default app: functions deployed without a scope go there
 * @param apps           further apps that listing covers (their names are the scopes of their functions)
 * @param createTriggers whether deploys create an HTTP trigger per function
 * @param network        the network Fn puts functions on ({@code FN_DOCKER_NETWORKS}), or null
 * @param pageSize       items per page when listing, 1-100
 */
public record FnOptions(String app, List<String> apps, boolean createTriggers, String network, int pageSize) {

    /** Requires an app and a page size Fn accepts. */
    public FnOptions {
        Objects.requireNonNull(app, "app");
        apps = apps == null ? List.of() : List.copyOf(apps);
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("page-size: " + pageSize + " (expected: 1-100)");
        }
    }

    /** Every app listing covers: the default one first, then the others, each once. */
    public List<String> listedApps() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        all.add(app);
        all.addAll(apps);
        return List.copyOf(all);
    }
}
