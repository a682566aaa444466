package io.faasfed.adapter.api;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach a function with a plain HTTP forward, for platforms whose invocation is one (OpenFaaS
 * {@code /function/}, Fn {@code /t/} triggers, OpenWhisk {@code .http} web actions). The gateway then forwards the
 * request itself on its pooled, streaming HTTP client: the call's method, extra path, query, headers and body go
 * to {@code uri} + extra path, and the response comes back as it is.
 *
 * @param uri                  the function's base URL; the call's extra path is appended to its path
 * @param requestHeaders       headers to set on the forwarded request (for example authentication)
 * @param callIdResponseHeader the response header that carries the platform's call id ({@code X-Call-Id},
 *                             {@code Fn-Call-Id}, {@code x-openwhisk-activation-id}); null when there is none
 */
public record ForwardTarget(URI uri, Headers requestHeaders, String callIdResponseHeader) {

    /** Requires an absolute URI. */
    public ForwardTarget {
        Objects.requireNonNull(uri, "uri");
        if (!uri.isAbsolute()) {
            throw Checks.invalid("uri", uri, "an absolute http(s) URL");
        }
        requestHeaders = requestHeaders == null ? Headers.empty() : requestHeaders;
    }
}
