package io.faasfed.adapter.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The errors a {@link FaasPlatform} signals, as one sealed family. Adapters translate their platform's answers into
 * exactly one of these; the gateway maps each to an HTTP status in one place (not found 404, platform unavailable
 * 503, timeout 504, rate limited 429, a function's own failure keeps its status, invalid spec 400, unsupported 501,
 * already exists 409).
 */
public abstract sealed class FaasException extends RuntimeException
        permits FaasException.FunctionNotFound, FaasException.PlatformUnavailable, FaasException.FunctionFailed,
        FaasException.InvalidSpec, FaasException.UnsupportedCapability, FaasException.Timeout,
        FaasException.RateLimited, FaasException.RequestRejected, FaasException.AlreadyExists {

    private static final long serialVersionUID = 1L;

    private final transient PlatformId platform;

    FaasException(PlatformId platform, String message, Throwable cause) {
        super(message, cause);
        this.platform = platform;
    }

    /** The platform that raised it; empty when raised before a platform was chosen. */
    public Optional<PlatformId> platform() {
        return Optional.ofNullable(platform);
    }

    private static String prefix(PlatformId platform) {
        return platform == null ? "" : "platform '" + platform + "': ";
    }

    /** The function does not exist on the platform (or in the namespace). */
    public static final class FunctionNotFound extends FaasException {
        private static final long serialVersionUID = 1L;
        private final String function;

        /** A function that {@code platform} does not know. */
        public FunctionNotFound(PlatformId platform, String function) {
            this(platform, function, null);
        }

        /** A function that {@code platform} does not know, with the platform's own words. */
        public FunctionNotFound(PlatformId platform, String function, String platformMessage) {
            super(platform, prefix(platform) + "function '" + function + "' not found"
                    + (platformMessage == null || platformMessage.isBlank() ? "" : " (" + platformMessage.trim() + ")"),
                    null);
            this.function = Objects.requireNonNull(function, "function");
        }

        /** The name that was not found. */
        public String function() {
            return function;
        }
    }

    /** A create names a function that already exists (on {@link #platform()}), which a create must not replace. */
    public static final class AlreadyExists extends FaasException {
        private static final long serialVersionUID = 1L;
        private final String function;

        /** {@code function} already exists on {@code platform}; {@code hint} says what to do instead. */
        public AlreadyExists(PlatformId platform, String function, String hint) {
            super(Objects.requireNonNull(platform, "platform"), "function '" + Objects.requireNonNull(function,
                    "function") + "' already exists on platform '" + platform + "'"
                    + (hint == null || hint.isBlank() ? "" : "; " + hint), null);
            this.function = function;
        }

        /** The name that exists. */
        public String function() {
            return function;
        }
    }

    /**
     * The platform cannot be reached, refused our credentials, or is failing itself. {@link #status()} is 503, or
     * 502 when the platform answered that it could not get an answer from the function's container.
     */
    public static final class PlatformUnavailable extends FaasException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient Duration retryAfter;

        /** {@code platform} is unavailable for the reason {@code message}. */
        public PlatformUnavailable(PlatformId platform, String message, Throwable cause) {
            this(platform, message, cause, 503, null);
        }

        /**
         * {@code platform} failed with {@code status} (502 or 503) for the reason {@code message}.
         *
         * @param retryAfter the platform's own {@code Retry-After}, or null when it sent none (never invented)
         */
        public PlatformUnavailable(PlatformId platform, String message, Throwable cause, int status,
                                   Duration retryAfter) {
            super(platform, prefix(platform) + message, cause);
            if (status != 502 && status != 503) {
                throw Checks.invalid("status", status, "502 or 503");
            }
            this.status = status;
            this.retryAfter = retryAfter;
        }

        /** The HTTP status that reports it: 502 or 503. */
        public int status() {
            return status;
        }

        /** The platform's own {@code Retry-After}, if it sent one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** The function ran and failed on its own (a non-2xx of its own, an application error, a crash). */
    public static final class FunctionFailed extends FaasException {
        private static final long serialVersionUID = 1L;
        private final String function;
        private final int status;
        private final transient Headers headers;
        private final String body;

        /**
         * The function {@code function} failed with HTTP {@code status} and the (possibly truncated) text body.
         */
        public FunctionFailed(PlatformId platform, String function, int status, Headers headers, String body) {
            super(platform, prefix(platform) + "function '" + function + "' failed with status " + status
                    + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)), null);
            this.function = function;
            this.status = status;
            this.headers = headers == null ? Headers.empty() : headers;
            this.body = body == null ? "" : body;
        }

        private static String abbreviate(String body) {
            String trimmed = body.strip();
            return trimmed.length() <= 500 ? trimmed : trimmed.substring(0, 500) + "...";
        }

        /** The function's name. */
        public String function() {
            return function;
        }

        /** The status the function (or its platform on its behalf) answered with. */
        public int status() {
            return status;
        }

        /** The response headers that came with the failure. */
        public Headers headers() {
            return headers;
        }

        /** The failure's body as text (platform error object, function output). */
        public String body() {
            return body;
        }
    }

    /** The spec cannot be deployed on this platform: a field is out of its range or has no mapping. */
    public static final class InvalidSpec extends FaasException {
        private static final long serialVersionUID = 1L;
        private final String field;

        /** {@code field} cannot be honoured; {@code message} says what was expected. */
        public InvalidSpec(PlatformId platform, String field, String message) {
            super(platform, prefix(platform) + (field == null ? "" : field + ": ") + message, null);
            this.field = field;
        }

        /** The field at fault, if one is. */
        public Optional<String> field() {
            return Optional.ofNullable(field);
        }
    }

    /** The platform has no such operation (Fn has no scale API, for example). */
    public static final class UnsupportedCapability extends FaasException {
        private static final long serialVersionUID = 1L;
        private final Capability capability;

        /** {@code platform} lacks {@code capability}; {@code message} says what to do instead. */
        public UnsupportedCapability(PlatformId platform, Capability capability, String message) {
            super(platform, prefix(platform) + "does not support " + capability + ": " + message, null);
            this.capability = capability;
        }

        /** The missing capability. */
        public Capability capability() {
            return capability;
        }
    }

    /** The call or operation did not finish in time. */
    public static final class Timeout extends FaasException {
        private static final long serialVersionUID = 1L;
        private final transient Duration after;

        /** {@code what} did not finish within {@code after}. */
        public Timeout(PlatformId platform, String what, Duration after, Throwable cause) {
            super(platform, prefix(platform) + what + " timed out" + (after == null ? "" : " after " + after), cause);
            this.after = after;
        }

        /** How long was waited, if known. */
        public Optional<Duration> after() {
            return Optional.ofNullable(after);
        }
    }

    /**
     * The platform itself throttled the call (not the function: a function's own 429 is its answer and passes
     * through); {@link #retryAfter()} is the platform's own hint, when it gave one.
     */
    public static final class RateLimited extends FaasException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;

        /** {@code platform} throttled the call; {@code retryAfter} is its own hint, or null when it gave none. */
        public RateLimited(PlatformId platform, String message, Duration retryAfter) {
            super(platform, prefix(platform) + message, null);
            this.retryAfter = retryAfter;
        }

        /** When to try again, as the platform said; null when it said nothing (the gateway never invents one). */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * The platform refused the request itself before any function saw it, for a reason the caller can fix: a body
     * too large (413), a URI or headers too long (414, 431); or the adapter refused to send it (403) because the call
     * would carry the gateway's own platform credentials on the caller's behalf. {@link #status()} is that status.
     */
    public static final class RequestRejected extends FaasException {
        private static final long serialVersionUID = 1L;
        private final int status;

        /** {@code platform} refused the request with the 4xx {@code status}; {@code message} says why. */
        public RequestRejected(PlatformId platform, int status, String message) {
            super(platform, prefix(platform) + message, null);
            if (status < 400 || status > 499) {
                throw Checks.invalid("status", status, "a 4xx status");
            }
            this.status = status;
        }

        /** The 4xx status the platform answered. */
        public int status() {
            return status;
        }
    }
}
