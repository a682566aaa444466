package io.faasfed.gateway.async;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a caller asked for, kept durably until the call is final (and, for a dead letter, until it is replayed or
 * expires): everything needed to run the call again on any replica.
 *
 * @param callId      the call's id ({@code X-Call-Id})
 * @param tenant      the tenant of the key that submitted it; its records are visible to that tenant only
 * @param function    the function's name as the caller gave it
 * @param scope       the scope the caller named ({@code name.scope}), null for none
 * @param platform    the platform the name resolved to at submit
 * @param platformScope the placement's scope on that platform (null for its default)
 * @param backendId   the placement's backend id (Fn's function id), null when it has none
 * @param path        the extra path below the function's name, empty or starting with '/'
 * @param query       the raw query, empty for none
 * @param headers     the request headers passed on to the function (never the caller's credentials)
 * @param body        the request body
 * @param callbackUrl where the outcome is POSTed; null for none
 * @param maxAttempts how many attempts the call gets before it is a dead letter
 * @param timeout     how long one attempt may take
 * @param submittedAt when the gateway accepted it
 */
public record AsyncRequest(String callId, String tenant, String function, String scope, String platform,
                           String platformScope, String backendId, String path, String query,
                           Map<String, List<String>> headers, byte[] body, String callbackUrl, int maxAttempts,
                           Duration timeout, Instant submittedAt) {

    /** Requires the identifying fields and normalises the rest. */
    public AsyncRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(submittedAt, "submittedAt");
        path = path == null ? "" : path;
        query = query == null ? "" : query;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AsyncRequest that && callId.equals(that.callId) && tenant.equals(that.tenant)
                && function.equals(that.function) && Objects.equals(scope, that.scope)
                && platform.equals(that.platform) && Objects.equals(platformScope, that.platformScope)
                && Objects.equals(backendId, that.backendId) && path.equals(that.path) && query.equals(that.query)
                && headers.equals(that.headers) && Arrays.equals(body, that.body)
                && Objects.equals(callbackUrl, that.callbackUrl) && maxAttempts == that.maxAttempts
                && timeout.equals(that.timeout) && submittedAt.equals(that.submittedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(callId, tenant, function, platform, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "AsyncRequest[" + callId + " " + function + "@" + platform + ", " + body.length + " bytes]";
    }
}
