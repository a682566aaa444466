package io.faasfed.gateway.ratelimit;

import java.util.Objects;

/**
 * One bucket a request draws a token from, and its bandwidth.
 *
 * @param bucket    the bucket's name, e.g. {@code key:k1:invoke}, {@code tenant:acme:invoke},
 *                  {@code address:192.0.2.7}
 * @param bandwidth its size and refill
 */
public record BucketLimit(String bucket, Bandwidth bandwidth) {

    /** Checks the arguments. */
    public BucketLimit {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(bandwidth, "bandwidth");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket: '' (expected: a name)");
        }
    }
}
