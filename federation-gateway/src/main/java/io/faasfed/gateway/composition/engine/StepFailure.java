package io.faasfed.gateway.composition.engine;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.composition.ErrorCategory;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * A function call that failed, in the terms a definition's retriers and catchers select: an {@link ErrorCategory}
 * (never {@link ErrorCategory#ANY}), an HTTP-like status and a message. {@link #of(Throwable)} maps the platform
 * SPI's exceptions; an invoker may also fail with one directly.
 */
public final class StepFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;
    private final int status;
    private final String platform;

    /**
     * @param category what kind of failure; not {@link ErrorCategory#ANY}
     * @param status   the status that reports it (e.g. 503, 504, or the function's own)
     * @param message  what happened
     */
    public StepFailure(ErrorCategory category, int status, String message) {
        this(category, status, message, null, null);
    }

    /**
     * @param category what kind of failure; not {@link ErrorCategory#ANY}
     * @param status   the status that reports it
     * @param message  what happened
     * @param platform the platform that failed; null when unknown
     * @param cause    the exception it maps; null for none
     */
    public StepFailure(ErrorCategory category, int status, String message, String platform, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
        if (category == ErrorCategory.ANY) {
            throw new IllegalArgumentException("category: any (expected: platform-unavailable, timeout or "
                    + "function-failed)");
        }
        this.status = status;
        this.platform = platform;
    }

    /**
     * The failure an exception from an invoker stands for:
     * <ul>
     *   <li>{@code PlatformUnavailable} (502/503) and {@code RateLimited} (429): {@code platform-unavailable} — the
     *       platform could not take the call now; retrying later may work;</li>
     *   <li>{@code Timeout} and {@link TimeoutException}: {@code timeout} (504);</li>
     *   <li>{@code FunctionFailed}: {@code function-failed}, with the function's own status;</li>
     *   <li>{@code FunctionNotFound}: {@code function-failed} (404) — the namespace answered, and the function is
     *       not in it: no platform is down, and waiting will not make it appear, so it is the definition's or the
     *       deployment's fault, which a {@code function-failed} catcher (a fallback) handles, not a retrier for
     *       unavailable platforms;</li>
     *   <li>{@code RequestRejected} (its 4xx), {@code InvalidSpec} (400), {@code UnsupportedCapability} (501),
     *       {@code AlreadyExists} (409): {@code function-failed} — the call itself cannot succeed as sent;</li>
     *   <li>an {@link IOException} (connection refused or reset): {@code platform-unavailable} (503);</li>
     *   <li>a {@code StepFailure}: itself; anything else: {@code function-failed} (500) with the exception's type
     *       and message.</li>
     * </ul>
     */
    public static StepFailure of(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (error instanceof StepFailure failure) {
            return failure;
        }
        if (error instanceof FaasException faas) {
            String platform = faas.platform().map(PlatformId::value).orElse(null);
            if (faas instanceof FaasException.PlatformUnavailable e) {
                return new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, e.status(), e.getMessage(), platform, e);
            }
            if (faas instanceof FaasException.RateLimited e) {
                return new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, 429, e.getMessage(), platform, e);
            }
            if (faas instanceof FaasException.Timeout e) {
                return new StepFailure(ErrorCategory.TIMEOUT, 504, e.getMessage(), platform, e);
            }
            if (faas instanceof FaasException.FunctionFailed e) {
                return new StepFailure(ErrorCategory.FUNCTION_FAILED, e.status(), e.getMessage(), platform, e);
            }
            if (faas instanceof FaasException.FunctionNotFound e) {
                return new StepFailure(ErrorCategory.FUNCTION_FAILED, 404, e.getMessage(), platform, e);
            }
            if (faas instanceof FaasException.RequestRejected e) {
                return new StepFailure(ErrorCategory.FUNCTION_FAILED, e.status(), e.getMessage(), platform, e);
            }
            if (faas instanceof FaasException.UnsupportedCapability e) {
                return new StepFailure(ErrorCategory.FUNCTION_FAILED, 501, e.getMessage(), platform, e);
            }
            if (faas instanceof FaasException.AlreadyExists e) {
                return new StepFailure(ErrorCategory.FUNCTION_FAILED, 409, e.getMessage(), platform, e);
            }
            return new StepFailure(ErrorCategory.FUNCTION_FAILED, 400, faas.getMessage(), platform, faas);
        }
        if (error instanceof TimeoutException) {
            return new StepFailure(ErrorCategory.TIMEOUT, 504, "timed out"
                    + (error.getMessage() == null ? "" : ": " + error.getMessage()), null, error);
        }
        if (error instanceof IOException) {
            return new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, 503, "cannot reach the platform: "
                    + error, null, error);
        }
        return new StepFailure(ErrorCategory.FUNCTION_FAILED, 500, "the call failed: " + error, null, error);
    }

    /** What kind of failure: {@code platform-unavailable}, {@code timeout} or {@code function-failed}. */
    public ErrorCategory category() {
        return category;
    }

    /** The status that reports it. */
    public int status() {
        return status;
    }

    /** The platform that failed; null when unknown. */
    public String platform() {
        return platform;
    }
}
