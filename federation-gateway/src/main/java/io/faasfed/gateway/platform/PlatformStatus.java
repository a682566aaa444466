package io.faasfed.gateway.platform;

import io.faasfed.adapter.api.PlatformHealth;
import java.time.Instant;

/**
 * What the gateway knows of one platform's state, for the native API, health and the dashboard.
 *
 * @param health        the last probe's outcome; null before the first probe
 * @param lastSync      when discovery last listed the platform successfully; null if never
 * @param lastError     the last discovery or probe failure; null when the last pass succeeded
 * @param functionCount how many functions the last successful listing returned
 * @param stale         whether the platform's placements are kept from an earlier listing
 */
public record PlatformStatus(PlatformHealth health, Instant lastSync, String lastError, int functionCount,
                             boolean stale) {

    /** Nothing known yet. */
    public static final PlatformStatus UNKNOWN = new PlatformStatus(null, null, null, 0, false);

    /** After a successful listing of {@code count} functions. */
    public PlatformStatus synced(int count, Instant at) {
        return new PlatformStatus(health, at, null, count, false);
    }

    /** After a failed listing. */
    public PlatformStatus failed(String error) {
        return new PlatformStatus(health, lastSync, error, functionCount, true);
    }

    /** After a probe. */
    public PlatformStatus probed(PlatformHealth value) {
        return new PlatformStatus(value, lastSync, value.isServing() ? lastError : value.detail(), functionCount,
                stale);
    }
}
