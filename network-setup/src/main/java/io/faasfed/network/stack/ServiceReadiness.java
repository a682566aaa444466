package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

/**
 * Whether one service of a deployed stack is ready: every wanted task running and, where its containers have a health
 * check, healthy.
 *
 * @param name the service's name ({@code faasfed_faasfed})
 * @param desired tasks wanted
 * @param running tasks running (of those meant to run)
 * @param healthChecked whether its containers have a health check (from the spec or the image)
 * @param healthy running tasks whose container is healthy; tasks on other nodes, whose containers this engine cannot
 *                inspect, count as healthy when Swarm reports them running
 * @param lastError the newest task error, or the last health check's output of an unhealthy container; empty when none
 */
public record ServiceReadiness(String name, int desired, int running, boolean healthChecked, int healthy, String lastError) {

    public ServiceReadiness {
        requireNonNull(name, "name");
        lastError = lastError == null ? "" : lastError.strip();
    }

    /** Whether every wanted task runs and passes its health check (a service that wants none is ready). */
    public boolean ready() {
        return desired == 0 || running >= desired && (!healthChecked || healthy >= desired);
    }

    /** {@code 2/2 healthy}, {@code 1/1 running}, {@code 0/2 running, 0 healthy}, {@code no task wanted}. */
    public String describe() {
        if (desired == 0) {
            return "no task wanted";
        }
        if (ready()) {
            return running + "/" + desired + (healthChecked ? " healthy" : " running");
        }
        return running + "/" + desired + " running" + (healthChecked ? ", " + healthy + " healthy" : "");
    }
}
