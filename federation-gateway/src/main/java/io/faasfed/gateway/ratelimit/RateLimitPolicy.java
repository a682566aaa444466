package io.faasfed.gateway.ratelimit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which buckets a request draws from and what happens when their store fails, per route class.
 *
 * @param perKey          each key's (or token subject's) bandwidth per route class
 * @param perTenant       each tenant's bandwidth per route class, shared by all its keys
 * @param perAddress      the bandwidth of each client address for anonymous requests (public functions)
 * @param onStoreFailure  what a check does per route class when the store cannot answer
 * @param storeTimeout    the longest a check waits for the store before that counts as a failure
 * @param storeRetryAfter the {@code Retry-After} of a 503 when a closed route class meets a failed store
 */
public record RateLimitPolicy(Map<RouteClass, Bandwidth> perKey, Map<RouteClass, Bandwidth> perTenant,
                              Bandwidth perAddress, Map<RouteClass, StoreFailurePolicy> onStoreFailure,
                              Duration storeTimeout, Duration storeRetryAfter) {

    /** Checks that every route class is covered and copies the maps. */
    public RateLimitPolicy {
        perKey = complete("perKey", perKey);
        perTenant = complete("perTenant", perTenant);
        Objects.requireNonNull(perAddress, "perAddress");
        onStoreFailure = complete("onStoreFailure", onStoreFailure);
        requirePositive("storeTimeout", storeTimeout);
        requirePositive("storeRetryAfter", storeRetryAfter);
    }

    private static <T> Map<RouteClass, T> complete(String name, Map<RouteClass, T> map) {
        Objects.requireNonNull(map, name);
        for (RouteClass routeClass : RouteClass.values()) {
            if (map.get(routeClass) == null) {
                throw new IllegalArgumentException(name + ": " + map + " (expected: a value for "
                        + routeClass.configName() + ")");
            }
        }
        return Map.copyOf(new EnumMap<>(map));
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
