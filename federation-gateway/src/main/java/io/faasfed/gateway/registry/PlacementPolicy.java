package io.faasfed.gateway.registry;

import io.faasfed.gateway.platform.PlatformDirectory;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the placements of a name that lives on several platforms, or in several scopes of one platform; which of
 * them serves a call in a given scope is then {@link FederatedNamespace#serving}'s rule. The order is
 * deterministic:
 * <ol>
 *   <li>a placement whose function pins it ({@code faasfed.platform=<its platform>} as a label or annotation) wins;</li>
 *   <li>then fresh placements before stale ones (a platform that cannot be listed may have lost the function);</li>
 *   <li>then the platform with the lower configured {@code priority};</li>
 *   <li>then the platform id, alphabetically;</li>
 *   <li>then the scope: the platform's default scope first, then the others alphabetically.</li>
 * </ol>
 * Placements on platforms that are no longer enabled sort last.
 */
public final class PlacementPolicy {

    private final Comparator<Placement> order;

    /** The policy for the platforms of {@code directory}. */
    public PlacementPolicy(PlatformDirectory directory) {
        this.order = Comparator.comparing((Placement placement) -> !placement.pinned())
                .thenComparing(Placement::stale)
                .thenComparingInt(placement -> directory.priority(placement.platform()))
                .thenComparing(Placement::platform)
                .thenComparing(Placement::scope, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    /** {@code placements} best first; the list returned is new. */
    public List<Placement> order(List<Placement> placements) {
        if (placements.size() < 2) {
            return placements;
        }
        return placements.stream().sorted(order).toList();
    }

    /** Why {@code first} serves before {@code second}, for the native API's collision report. */
    public String reason(Placement first, Placement second, PlatformDirectory directory) {
        if (first.pinned() && !second.pinned()) {
            return "pinned by label " + Placement.PIN_LABEL + "=" + first.platform();
        }
        if (!first.stale() && second.stale()) {
            return "platform " + second.platform() + " is stale";
        }
        int a = directory.priority(first.platform());
        int b = directory.priority(second.platform());
        if (a != b) {
            return "priority " + a + " < " + b;
        }
        if (!first.platform().equals(second.platform())) {
            return "same priority; platform id " + first.platform() + " sorts first";
        }
        return first.scope() == null ? "the platform's default scope sorts first"
                : "same platform; scope " + first.scope() + " sorts first";
    }
}
