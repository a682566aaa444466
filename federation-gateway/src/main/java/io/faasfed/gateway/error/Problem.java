package io.faasfed.gateway.error;

import java.time.Duration;
import java.util.Map;

/**
 * An RFC 9457 problem, before it is written.
 *
 * @param status     the HTTP status
 * @param title      a short, fixed summary of the problem type
 * @param detail     what happened in this case and, where possible, what to fix
 * @param extensions extra members (platform, function, callId, output, ...)
 * @param retryAfter a Retry-After hint, or null
 */
public record Problem(int status, String title, String detail, Map<String, Object> extensions, Duration retryAfter) {

    /** Copies the extensions. */
    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }
}
