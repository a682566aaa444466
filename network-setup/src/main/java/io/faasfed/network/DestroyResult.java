package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@code network destroy} did.
 *
 * @param network the network's name
 * @param changes what was removed or detached, in order; empty when there was nothing of faasfed's to remove
 * @param notes why something was left alone
 */
public record DestroyResult(String network, List<Change> changes, List<String> notes) {

    public DestroyResult {
        requireNonNull(network, "network");
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }
}
