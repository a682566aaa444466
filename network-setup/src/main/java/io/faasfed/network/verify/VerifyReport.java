package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.util.List;

import io.faasfed.network.Mode;

/**
 * The verify table.
 *
 * @param network the network checked
 * @param mode the mode it was checked in
 * @param checks the rows, in the order they were checked
 */
public record VerifyReport(String network, Mode mode, List<Check> checks) {

    public VerifyReport {
        requireNonNull(network, "network");
        requireNonNull(mode, "mode");
        checks = List.copyOf(checks);
    }

    /** Whether no row failed. */
    public boolean passed() {
        return checks.stream().noneMatch(c -> c.status() == Check.Status.FAIL);
    }

    /** The first failing row, which names the hop to look at. */
    public java.util.Optional<Check> firstFailure() {
        return checks.stream().filter(c -> c.status() == Check.Status.FAIL).findFirst();
    }
}
