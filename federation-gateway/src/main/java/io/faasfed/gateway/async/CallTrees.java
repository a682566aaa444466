package io.faasfed.gateway.async;

import static java.util.Objects.requireNonNull;

import io.faasfed.gateway.calls.CallLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds calls of both kinds by id (an asynchronous call's record in the {@link AsyncStore}, else a synchronous call's
 * entry in the {@link CallLog}) and reads the tree under one, level by level, through the tree's tenant's children
 * index only: a call another tenant made under it is never part of it. Bounded: {@value #MAX_DEPTH} levels below the
 * root and {@value #MAX_NODES} calls at most, the shallower first.
 */
final class CallTrees {

    /** The most levels below the root. */
    static final int MAX_DEPTH = 32;
    /** The most calls in one tree, the root included. */
    static final int MAX_NODES = 1000;
    /** How many calls of one level are read at once. */
    private static final int CONCURRENCY = 16;

    private static final Comparator<CallTree.Node> BY_START = Comparator.comparing(CallTree.Node::startedAt)
            .thenComparing(CallTree.Node::id);

    private final AsyncStore store;
    private final CallLog callLog;

    CallTrees(AsyncStore store, CallLog callLog) {
        this.store = requireNonNull(store, "store");
        this.callLog = requireNonNull(callLog, "callLog");
    }

    /** A call of either kind with its tenant; empty when neither store has it. */
    Mono<Found> find(String id) {
        return store.record(id).map(record -> new Found(record.tenant(), CallTree.Node.of(record), record))
                .switchIfEmpty(Mono.defer(() -> callLog.entry(id).map(entry -> new Found(entry.tenant(),
                        CallTree.Node.of(entry), entry))));
    }

    /** The tree under {@code root}, of {@code root}'s tenant's calls. */
    Mono<CallTree> tree(Found root) {
        Walk walk = new Walk(root.tenant(), root.node());
        return level(walk, List.of(root.node()), 0).then(Mono.fromSupplier(() -> new CallTree(
                walk.assemble(root.node()), walk.count, walk.truncated)));
    }

    private Mono<Void> level(Walk walk, List<CallTree.Node> parents, int depth) {
        if (parents.isEmpty()) {
            return Mono.empty();
        }
        if (depth >= MAX_DEPTH) {
            // the deepest level kept: are there calls below it?
            return Flux.fromIterable(parents).concatMap(parent -> callLog.children(walk.tenant, parent.id(), 1))
                    .hasElements().doOnNext(more -> walk.truncated |= more).then();
        }
        int room = MAX_NODES - walk.count;
        return Flux.fromIterable(parents)
                .concatMap(parent -> callLog.children(walk.tenant, parent.id(), room + 1)
                        .map(child -> new Link(parent.id(), child)))
                .filter(link -> walk.seen.add(link.child()))
                .collectList()
                .flatMap(links -> {
                    if (links.size() > room) {
                        walk.truncated = true;
                        links = links.subList(0, room);
                    }
                    return Flux.fromIterable(links)
                            .flatMapSequential(link -> find(link.child()).map(found -> new Placed(link.parent(),
                                    found)), CONCURRENCY)
                            .filter(placed -> walk.tenant.equals(placed.found().tenant()))
                            .map(placed -> {
                                walk.add(placed.parent(), placed.found().node());
                                return placed.found().node();
                            })
                            .collectList()
                            .flatMap(next -> level(walk, next, depth + 1));
                });
    }

    /**
     * A call found by id.
     *
     * @param tenant the tenant whose call it is
     * @param node   its node, without children
     * @param body   what {@code GET /federation/v1/calls/{id}} shows: the async record or the sync entry
     */
    record Found(String tenant, CallTree.Node node, Object body) {
    }

    private record Link(String parent, String child) {
    }

    private record Placed(String parent, Found found) {
    }

    /** What one tree read has found so far. */
    private static final class Walk {
        private final String tenant;
        private final Set<String> seen = new HashSet<>();
        private final Map<String, List<CallTree.Node>> children = new HashMap<>();
        private int count = 1;
        private boolean truncated;

        Walk(String tenant, CallTree.Node root) {
            this.tenant = tenant;
            seen.add(root.id());
        }

        void add(String parent, CallTree.Node node) {
            children.computeIfAbsent(parent, any -> new ArrayList<>()).add(node);
            count++;
        }

        CallTree.Node assemble(CallTree.Node node) {
            List<CallTree.Node> own = children.getOrDefault(node.id(), List.of());
            Map<String, CallTree.Node> nested = new LinkedHashMap<>();
            own.stream().sorted(BY_START).forEach(child -> nested.put(child.id(), assemble(child)));
            return node.withChildren(List.copyOf(nested.values()));
        }
    }
}
