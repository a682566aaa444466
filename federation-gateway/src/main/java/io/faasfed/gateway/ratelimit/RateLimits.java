package io.faasfed.gateway.ratelimit;

import io.faasfed.gateway.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The limits of one request: an authenticated caller draws one token from its key's bucket ({@code key:<id>:<class>})
 * and one from its tenant's ({@code tenant:<tenant>:<class>}), in one check; an anonymous caller one from its client
 * address's ({@code address:<address>}). When the store fails or does not answer within the store timeout, the route
 * class's {@link StoreFailurePolicy} decides. Counted in {@code faasfed.ratelimit.checks} (tags {@code class} and
 * {@code outcome}: {@code allowed}, {@code refused}, {@code store-failed-open}, {@code store-failed-closed}).
 */
public final class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    private final RateLimiter limiter;
    private final RateLimitPolicy policy;
    private final Map<RouteClass, Map<String, Counter>> counters = new EnumMap<>(RouteClass.class);
    private final AtomicBoolean storeFailing = new AtomicBoolean();

    /**
     * @param limiter the buckets
     * @param policy  the bandwidths and failure policies
     * @param meters  where checks are counted
     */
    public RateLimits(RateLimiter limiter, RateLimitPolicy policy, MeterRegistry meters) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(meters, "meters");
        for (RouteClass routeClass : RouteClass.values()) {
            Map<String, Counter> byOutcome = new java.util.HashMap<>();
            for (String outcome : List.of("allowed", "refused", "store-failed-open", "store-failed-closed")) {
                byOutcome.put(outcome, Counter.builder("faasfed.ratelimit.checks")
                        .description("Rate limit checks, by route class and outcome")
                        .tag("class", routeClass.configName()).tag("outcome", outcome).register(meters));
            }
            counters.put(routeClass, Map.copyOf(byOutcome));
        }
    }

    /** The policy in force. */
    public RateLimitPolicy policy() {
        return policy;
    }

    /** The buckets a {@code routeClass} request of {@code caller} from {@code address} draws from. */
    public List<BucketLimit> buckets(RouteClass routeClass, Caller caller, String address) {
        if (caller.isAnonymous()) {
            return List.of(new BucketLimit("address:" + address, policy.perAddress()));
        }
        return List.of(new BucketLimit("key:" + caller.keyId() + ":" + routeClass.configName(),
                        policy.perKey().get(routeClass)),
                new BucketLimit("tenant:" + caller.tenant() + ":" + routeClass.configName(),
                        policy.perTenant().get(routeClass)));
    }

    /**
     * Checks the request's buckets.
     *
     * @return the decision, allowed or refused ({@link Decision#unmetered()} when the store failed and the class
     *         fails open); an error {@link RateLimitStoreUnavailableException} when the store failed and the class
     *         fails closed
     */
    public Mono<Decision> check(RouteClass routeClass, Caller caller, String address) {
        Objects.requireNonNull(routeClass, "routeClass");
        List<BucketLimit> buckets = buckets(routeClass, caller, address);
        return Mono.defer(() -> limiter.tryConsume(buckets))
                .timeout(policy.storeTimeout())
                .doOnNext(decision -> {
                    if (storeFailing.compareAndSet(true, false)) {
                        log.info("the rate limit store answers again");
                    }
                    count(routeClass, decision.allowed() ? "allowed" : "refused");
                })
                .onErrorResume(error -> storeFailed(routeClass, error));
    }

    /** The refusal of {@code decision} as the exception the gateway answers 429 for. */
    public RateLimitExceededException refusal(RouteClass routeClass, Caller caller, Decision decision) {
        String bucket = decision.reported() == null ? "" : decision.reported().bucket();
        String whose;
        if (bucket.startsWith("tenant:")) {
            whose = "tenant '" + caller.tenant() + "'";
        } else if (bucket.startsWith("key:")) {
            whose = "key '" + caller.keyId() + "'";
        } else {
            whose = "anonymous callers from your address";
        }
        Bandwidth bandwidth = decision.reported() == null ? null : decision.reported().bandwidth();
        return new RateLimitExceededException("the " + routeClass.configName() + " rate limit of " + whose
                + " is reached (" + bandwidth + "); retry after " + decision.retryAfter() + " s", decision,
                routeClass);
    }

    private Mono<Decision> storeFailed(RouteClass routeClass, Throwable error) {
        StoreFailurePolicy onFailure = policy.onStoreFailure().get(routeClass);
        String cause = error instanceof TimeoutException ? "no answer within " + policy.storeTimeout().toMillis()
                + " ms" : error.toString();
        if (storeFailing.compareAndSet(false, true)) {
            log.warn("the rate limit store failed ({}); {} requests {} until it answers again", cause,
                    routeClass.configName(), onFailure == StoreFailurePolicy.OPEN ? "go through unmetered"
                            : "are refused with 503");
        } else {
            log.debug("the rate limit store failed for a {} request: {}", routeClass.configName(), cause);
        }
        if (onFailure == StoreFailurePolicy.OPEN) {
            count(routeClass, "store-failed-open");
            return Mono.just(Decision.unmetered());
        }
        count(routeClass, "store-failed-closed");
        return Mono.error(new RateLimitStoreUnavailableException("the rate limit store cannot be reached, and "
                + routeClass.configName() + " requests are refused until it answers (faasfed.rate-limit."
                + "on-store-failure." + routeClass.configName() + "=closed); retry later", routeClass,
                policy.storeRetryAfter(), error));
    }

    private void count(RouteClass routeClass, String outcome) {
        counters.get(routeClass).get(outcome).increment();
    }
}
