package io.faasfed.adapter.api;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach a function with a plain HTTP forward, for platforms whose invocation is one (OpenFaaS
 * {@code /function/}, Fn {@code /t/} triggers, OpenWhisk {@code .http} web actions). The gateway then forwards the
 * request itself on the platform's pooled, streaming HTTP client: the call's method, extra path, query, headers and
 * body go to {@code uri} + extra path, and the response comes back as it is, unless {@code classifier} says that
 * the platform itself answered (its "not found", "bad gateway", "too busy", ...), which the gateway then reports as
 * a problem document.
 *
 * @param uri                  the function's base URL; the call's extra path is appended to its path
 * @param requestHeaders       headers to set on the forwarded request (for example authentication)
 * @param callIdResponseHeader the response header that carries the platform's call id ({@code X-Call-Id},
 *                             {@code Fn-Call-Id}, {@code x-openwhisk-activation-id}); null when there is none
 * @param classifier           tells the platform's own error answers from the function's answers
 */
public record ForwardTarget(URI uri, Headers requestHeaders, String callIdResponseHeader,
                            ResponseClassifier classifier) {

    /** Requires an absolute URI; no classifier means every answer is the function's. */
    public ForwardTarget {
        Objects.requireNonNull(uri, "uri");
        if (!uri.isAbsolute()) {
            throw Checks.invalid("uri", uri, "an absolute http(s) URL");
        }
        requestHeaders = requestHeaders == null ? Headers.empty() : requestHeaders;
        classifier = classifier == null ? ResponseClassifier.FUNCTION_ANSWERS : classifier;
    }

    /** A target whose every answer is taken as the function's own. */
    public ForwardTarget(URI uri, Headers requestHeaders, String callIdResponseHeader) {
        this(uri, requestHeaders, callIdResponseHeader, null);
    }

    /**
     * Tells a platform's own error answers on the forward path from the function's answers, from the status and
     * headers and, only where the adapter asks for it, a small prefix of the body. Implemented by each adapter, which
     * knows its platform's answers; applied by the gateway in one place.
     */
    @FunctionalInterface
    public interface ResponseClassifier {

        /** Every answer is the function's. */
        ResponseClassifier FUNCTION_ANSWERS = (status, headers, bodyPrefix) -> null;

        /** The most body bytes any classifier may ask to see. */
        int MAX_BODY_PREFIX = 1024;

        /**
         * How many bytes of the body (at most {@link #MAX_BODY_PREFIX}) the classifier needs to see to decide about
         * an answer with this status and these headers; 0 (the default) decides on status and headers alone.
         */
        default int bodyPrefix(int status, Headers headers) {
            return 0;
        }

        /**
         * The platform's own failure this answer reports, or null when it is the function's answer, to be passed
         * through untouched. A {@link FaasException.FunctionNotFound} means the platform no longer knows the
         * function at this address (the gateway then repairs the route).
         *
         * @param status     the answer's status
         * @param headers    the answer's headers
         * @param bodyPrefix the first bytes of the body as UTF-8 (as many as {@link #bodyPrefix} asked for, fewer
         *                   when the body is shorter or arrives in smaller pieces); empty when none were asked for
         */
        FaasException classify(int status, Headers headers, String bodyPrefix);
    }
}
