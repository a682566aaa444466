package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A name the registry does not know, that no platform which answered has, while some platforms could not be asked
 * (their on-miss lookup failed with something other than "not found", or they are known to be down): the function
 * may live there, so the gateway answers 503 naming them instead of 404.
 */
public final class PlatformsUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final transient Map<PlatformId, String> unreachable;

    /**
     * @param function    the name looked for
     * @param unreachable the platforms that could not be asked, each with the reason; not empty
     */
    public PlatformsUnreachableException(String function, Map<PlatformId, String> unreachable) {
        super(message(function, unreachable));
        this.function = Objects.requireNonNull(function, "function");
        this.unreachable = Map.copyOf(unreachable);
    }

    private static String message(String function, Map<PlatformId, String> unreachable) {
        if (Objects.requireNonNull(unreachable, "unreachable").isEmpty()) {
            throw new IllegalArgumentException("unreachable: {} (expected: at least one platform)");
        }
        return "function '" + function + "' is not on the platforms that answered, and "
                + (unreachable.size() == 1 ? "platform " : "platforms ")
                + unreachable.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> "'" + entry.getKey() + "' (" + entry.getValue() + ")")
                .collect(Collectors.joining(", "))
                + " could not be asked; retry when "
                + (unreachable.size() == 1 ? "it is" : "they are") + " back";
    }

    /** The name looked for. */
    public String function() {
        return function;
    }

    /** The platforms that could not be asked, with the reason each. */
    public Map<PlatformId, String> unreachable() {
        return unreachable;
    }
}
