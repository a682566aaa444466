package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

/**
 * How one service of a deployed stack runs.
 *
 * @param name the service's name ({@code faasfed_gateway})
 * @param image its image
 * @param running tasks running now
 * @param desired tasks wanted
 * @param lastError the newest task error when fewer tasks run than wanted; empty otherwise
 */
public record ServiceStatus(String name, String image, int running, int desired, String lastError) {

    public ServiceStatus {
        requireNonNull(name, "name");
        image = image == null ? "" : image;
        lastError = lastError == null ? "" : lastError;
    }

    /** Whether every wanted task runs. */
    public boolean converged() {
        return running >= desired;
    }
}
