package io.faasfed.gateway.error;

import io.faasfed.adapter.api.FaasException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.codec.CodecException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The one place where failures become HTTP statuses:
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>failure</th><th>status</th></tr>
 *   <tr><td>{@link FaasException.FunctionNotFound}</td><td>404</td></tr>
 *   <tr><td>{@link FaasException.AlreadyExists}</td><td>409</td></tr>
 *   <tr><td>{@link FaasException.PlatformUnavailable}, a refused or failed connection</td><td>503</td></tr>
 *   <tr><td>{@link FaasException.Timeout}</td><td>504</td></tr>
 *   <tr><td>{@link FaasException.RateLimited}</td><td>429 with Retry-After</td></tr>
 *   <tr><td>{@link FaasException.FunctionFailed}</td><td>the function's own status when it is 4xx/5xx, else 502</td></tr>
 *   <tr><td>{@link FaasException.InvalidSpec}, a rejected argument, an unreadable body</td><td>400</td></tr>
 *   <tr><td>{@link FaasException.UnsupportedCapability}</td><td>501</td></tr>
 *   <tr><td>{@link ResponseStatusException}</td><td>its status</td></tr>
 *   <tr><td>anything else</td><td>500, without internals</td></tr>
 * </table>
 */
public final class Problems {

    private Problems() {
    }

    /** The problem for {@code error}; {@code platform} names the platform the request was routed to, if any. */
    public static Problem of(Throwable error, String platform) {
        Map<String, Object> ext = new LinkedHashMap<>();
        if (error instanceof FaasException faas) {
            faas.platform().ifPresentOrElse(id -> ext.put("platform", id.value()), () -> {
                if (platform != null) {
                    ext.put("platform", platform);
                }
            });
        } else if (platform != null) {
            ext.put("platform", platform);
        }
        if (error instanceof FaasException.FunctionNotFound notFound) {
            ext.put("function", notFound.function());
            return new Problem(404, "Function not found", error.getMessage()
                    + ". List the namespace with GET /system/functions or GET /federation/v1/functions.", ext, null);
        }
        if (error instanceof FaasException.AlreadyExists exists) {
            ext.put("function", exists.function());
            return new Problem(409, "Function already exists", error.getMessage(), ext, null);
        }
        if (error instanceof FaasException.PlatformUnavailable) {
            return new Problem(503, "Platform unavailable", error.getMessage(), ext, null);
        }
        if (error instanceof FaasException.Timeout) {
            return new Problem(504, "Timeout", error.getMessage(), ext, null);
        }
        if (error instanceof FaasException.RateLimited limited) {
            return new Problem(429, "Rate limited", error.getMessage(), ext, limited.retryAfter());
        }
        if (error instanceof FaasException.FunctionFailed failed) {
            ext.put("function", failed.function());
            ext.put("functionStatus", failed.status());
            if (!failed.body().isEmpty()) {
                ext.put("output", failed.body());
            }
            int status = failed.status() >= 400 && failed.status() <= 599 ? failed.status() : 502;
            return new Problem(status, "Function failed", error.getMessage(), ext, null);
        }
        if (error instanceof FaasException.InvalidSpec invalid) {
            invalid.field().ifPresent(field -> ext.put("field", field));
            return new Problem(400, "Invalid function spec", error.getMessage(), ext, null);
        }
        if (error instanceof FaasException.UnsupportedCapability unsupported) {
            ext.put("capability", unsupported.capability().name());
            return new Problem(501, "Not supported by the platform", error.getMessage(), ext, null);
        }
        if (error instanceof IllegalArgumentException) {
            return new Problem(400, "Bad request", error.getMessage(), ext, null);
        }
        if (error instanceof ServerWebInputException input) {
            return new Problem(400, "Bad request", describeInput(input), ext, null);
        }
        if (error instanceof CodecException codec) {
            return new Problem(400, "Bad request", "the body cannot be read: " + rootMessage(codec), ext, null);
        }
        if (error instanceof ResponseStatusException status) {
            int code = status.getStatusCode().value();
            String detail = status.getReason() != null ? status.getReason() : defaultDetail(code);
            return new Problem(code, title(code), detail, ext, null);
        }
        return connectionProblem(error, ext);
    }

    private static Problem connectionProblem(Throwable error, Map<String, Object> ext) {
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof java.nio.channels.ClosedChannelException
                    || cause instanceof reactor.netty.http.client.PrematureCloseException
                    || cause instanceof java.io.IOException) {
                return new Problem(503, "Platform unavailable", "the platform"
                        + (ext.containsKey("platform") ? " '" + ext.get("platform") + "'" : "")
                        + " cannot be reached (" + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", ext, null);
            }
            if (cause instanceof TimeoutException) {
                return new Problem(504, "Timeout", "the platform did not answer in time", ext, null);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return new Problem(500, "Internal error", "the gateway failed to handle the request; the gateway log has "
                + "the details", ext, null);
    }

    private static String describeInput(ServerWebInputException input) {
        String reason = input.getReason();
        String root = rootMessage(input);
        return (reason == null ? "invalid request" : reason) + (root == null || root.equals(reason) ? "" : ": " + root);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return message;
    }

    /** The standard reason phrase of {@code status}, as a title. */
    public static String title(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static String defaultDetail(int status) {
        return switch (status) {
            case 404 -> "no route or resource at this path";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request body is larger than the gateway accepts";
            case 504 -> "the platform did not answer in time";
            default -> title(status);
        };
    }
}
