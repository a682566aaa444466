package io.faasfed.gateway.registry;

import io.faasfed.gateway.platform.PlatformDirectory;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the placements of a name that lives on several platforms; the first one serves calls and the rest are
 * kept (for failover). The policy is deterministic:
 * <ol>
 *   <li>a placement whose function pins it ({@code faasfed.platform=<its platform>} as a label or annotation) wins;</li>
 *   <li>then fresh placements before stale ones (a platform that cannot be listed may have lost the function);</li>
 *   <li>then the platform with the lower configured {@code priority};</li>
 *   <li>then the platform id, alphabetically.</li>
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
                .thenComparing(Placement::platform);
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
        return "same priority; platform id " + first.platform() + " sorts first";
    }
}
