package io.faasfed.gateway.async;

import io.faasfed.gateway.calls.CallEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A call and every call made under it that the same tenant's callers made, as {@code GET
 * /federation/v1/calls/{id}/tree} shows it.
 *
 * @param root      the call asked for, with its children nested
 * @param nodes     how many calls the tree holds, the root included
 * @param truncated whether calls were left out: deeper than {@value CallTrees#MAX_DEPTH} levels below the root, or
 *                  past {@value CallTrees#MAX_NODES} calls
 */
public record CallTree(Node root, int nodes, boolean truncated) {

    /**
     * One call in a tree.
     *
     * @param id             the call id
     * @param kind           {@code sync} or {@code async}
     * @param parentId       the call it was made under; null for a call made under none
     * @param traceId        its W3C trace id; null when unknown
     * @param function       the function's name
     * @param platform       the platform that served it
     * @param status         the HTTP status of its answer; null while there is none (an async call not run yet)
     * @param state          an async call's state ({@code queued}, {@code running}, {@code succeeded}, {@code failed},
     *                       {@code dead}); null for a sync call
     * @param startedAt      when the gateway received it
     * @param durationMillis how long it took (an async call: from submit to its final outcome); null while running
     * @param children       the calls made under it, oldest first
     */
    public record Node(String id, String kind, String parentId, String traceId, String function, String platform,
                       Integer status, String state, Instant startedAt, Long durationMillis, List<Node> children) {

        /** Copies the children. */
        public Node {
            children = children == null ? List.of() : List.copyOf(children);
        }

        /** A sync call's node, without children. */
        static Node of(CallEntry entry) {
            return new Node(entry.id(), entry.kind(), entry.parentId(), entry.traceId(), entry.function(),
                    entry.platform(), entry.status(), null, entry.startedAt(), entry.durationMillis(), List.of());
        }

        /** An async call's node, without children: its state now, as its record says. */
        static Node of(CallRecord record) {
            Integer status = record.result() != null ? Integer.valueOf(record.result().status())
                    : record.lastAttempt() == null ? null : record.lastAttempt().status();
            Long took = record.finishedAt() == null ? null
                    : Duration.between(record.submittedAt(), record.finishedAt()).toMillis();
            return new Node(record.id(), record.kind(), record.parentId(), record.traceId(), record.function(),
                    record.platform(), status, record.state().name().toLowerCase(Locale.ROOT), record.submittedAt(),
                    took, List.of());
        }

        /** This node with {@code value} as its children. */
        Node withChildren(List<Node> value) {
            return new Node(id, kind, parentId, traceId, function, platform, status, state, startedAt, durationMillis,
                    value);
        }
    }
}
