package io.faasfed.adapter.fn.internal;

import java.util.Objects;

/**
 * The Fn-specific settings of a platform instance, as the factory validated them.
 *
 * @param app            the app that holds the federated functions
 * @param createTriggers whether deploys create an HTTP trigger per function
 * @param network        the network Fn puts functions on ({@code FN_DOCKER_NETWORKS}), or null
 * @param pageSize       items per page when listing, 1-100
 */
public record FnOptions(String app, boolean createTriggers, String network, int pageSize) {

    /** Requires an app and a page size Fn accepts. */
    public FnOptions {
        Objects.requireNonNull(app, "app");
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("page-size: " + pageSize + " (expected: 1-100)");
        }
    }
}
