package io.faasfed.gateway.ratelimit;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Token buckets: each check takes one token from every bucket it names, or from none when one of them is empty
 * (all or nothing, atomically), and says how full the tightest bucket is. A failing store answers with an error
 * signal; what to do then is the caller's choice (see {@link StoreFailurePolicy}).
 */
public interface RateLimiter {

    /**
     * Takes one token from each of {@code limits} when all hold one; otherwise takes none and refuses.
     *
     * @param limits one or more buckets with distinct names
     * @return the decision; an error when the store cannot answer
     */
    Mono<Decision> tryConsume(List<BucketLimit> limits);

    /** Takes one token from {@code bucket} when it holds one. */
    default Mono<Decision> tryConsume(String bucket, Bandwidth limit) {
        return tryConsume(List.of(new BucketLimit(bucket, limit)));
    }

    /** Checks that {@code limits} is a non-empty list of distinct buckets. */
    static List<BucketLimit> requireDistinct(List<BucketLimit> limits) {
        if (limits == null || limits.isEmpty()) {
            throw new IllegalArgumentException("limits: " + limits + " (expected: at least one bucket)");
        }
        if (limits.stream().map(BucketLimit::bucket).distinct().count() != limits.size()) {
            throw new IllegalArgumentException("limits: " + limits + " (expected: distinct bucket names)");
        }
        return limits;
    }
}
