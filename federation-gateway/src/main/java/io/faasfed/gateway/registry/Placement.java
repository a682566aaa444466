package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformId;
import java.time.Instant;
import java.util.Objects;

/**
 * Where one function lives: a platform, what the platform reported about it, and how fresh that is.
 *
 * @param platform the platform instance
 * @param function what the platform reported (name, scope, image, labels, backend reference such as Fn's id)
 * @param seenAt   when the gateway last saw it on the platform (a deploy or a discovery pass)
 * @param stale    true while the platform cannot be listed: the placement is kept, but may be out of date
 */
public record Placement(PlatformId platform, FunctionInfo function, Instant seenAt, boolean stale) {

    /** The label that pins a function to one platform when its name lives on several. */
    public static final String PIN_LABEL = "faasfed.platform";

    /** Requires every field and checks the function belongs to the platform. */
    public Placement {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(seenAt, "seenAt");
        if (!platform.equals(function.platform())) {
            throw new IllegalArgumentException("placement on " + platform + " holds a function of "
                    + function.platform());
        }
    }

    /** A fresh placement of {@code function} seen now. */
    public static Placement of(FunctionInfo function) {
        return new Placement(function.platform(), function, Instant.now(), false);
    }

    /** The function's name. */
    public String name() {
        return function.name();
    }

    /** Whether the function's own labels or annotations pin it to this placement's platform. */
    public boolean pinned() {
        String pin = function.labels().get(PIN_LABEL);
        if (pin == null) {
            pin = function.annotations().get(PIN_LABEL);
        }
        return platform.value().equals(pin);
    }

    /** This placement marked stale (or fresh again). */
    public Placement withStale(boolean value) {
        return value == stale ? this : new Placement(platform, function, seenAt, value);
    }
}
