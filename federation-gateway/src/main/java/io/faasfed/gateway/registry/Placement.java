package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.PlatformId;
import java.time.Instant;
import java.util.Objects;

/**
 * Where one function lives: a platform and a scope on it, what the platform reported about the function, and how
 * fresh that is. A name has at most one placement per (platform, scope).
 *
 * @param platform the platform instance
 * @param function what the platform reported (name, scope, image, labels, backend reference such as Fn's id); its
 *                 environment values are never kept (only the names, see {@link FunctionInfo#withEnvHidden()}), so
 *                 that the registry, in memory or in Redis, holds no function secret
 * @param seenAt   as of when the gateway knows it: the time of the deploy that wrote it, or the time the discovery
 *                 pass that listed it started; conditional registry writes compare these times
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
        function = function.withEnvHidden();
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

    /** The scope on the platform (namespace, package, app); null for the platform's default scope. */
    public String scope() {
        return function.scope();
    }

    /** The reference every call of this placement uses: name, scope and backend id. */
    public FunctionRef ref() {
        return function.ref();
    }

    /** This placement's key within its name's placements: platform and scope. */
    public Key key() {
        return new Key(platform, function.scope());
    }

    /** The same placement known as of {@code value}. */
    public Placement seenAt(Instant value) {
        return new Placement(platform, function, value, stale);
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

    /**
     * Which placement of a name this is: a platform and a scope on it (null for the platform's default scope).
     *
     * @param platform the platform
     * @param scope    the scope, or null
     */
    public record Key(PlatformId platform, String scope) {

        /** Requires the platform. */
        public Key {
            Objects.requireNonNull(platform, "platform");
        }

        @Override
        public String toString() {
            return scope == null ? platform.value() : platform.value() + "|" + scope;
        }
    }
}
