package io.faasfed.gateway.error;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.ratelimit.RateLimitExceededException;
import io.faasfed.gateway.ratelimit.RateLimitStoreUnavailableException;
import io.faasfed.gateway.registry.PlatformsUnreachableException;
import io.faasfed.gateway.registry.RegistryUnavailableException;
import io.faasfed.adapter.api.InvalidArgument;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.springframework.core.codec.CodecException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where failures become HTTP statuses:
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>failure</th><th>status</th></tr>
 *   <tr><td>{@link FaasException.FunctionNotFound}</td><td>404</td></tr>
 *   <tr><td>{@link FaasException.AlreadyExists}</td><td>409</td></tr>
 *   <tr><td>{@link io.faasfed.gateway.composition.InvalidComposition}</td><td>400 with every violation's path
 *       and message in {@code violations}</td></tr>
 *   <tr><td>{@link FaasException.PlatformUnavailable}, a refused or failed connection</td><td>503 (502 when the
 *       platform could not get an answer from the function's container), with the platform's own Retry-After</td></tr>
 *   <tr><td>{@link PlatformsUnreachableException} (an unknown name while a platform could not be asked)</td>
 *       <td>503 naming the platforms</td></tr>
 *   <tr><td>{@link RegistryUnavailableException} (Redis away: a write, or a local copy too old)</td><td>503</td></tr>
 *   <tr><td>{@link FaasException.Timeout}</td><td>504</td></tr>
 *   <tr><td>{@link RateLimitExceededException} (the gateway's own limit)</td><td>429 with Retry-After</td></tr>
 *   <tr><td>{@link RateLimitStoreUnavailableException} (a route class that fails closed, Redis away)</td><td>503
 *       with Retry-After</td></tr>
 *   <tr><td>{@link FaasException.RateLimited}</td><td>429, with the platform's Retry-After when it sent one</td></tr>
 *   <tr><td>{@link FaasException.RequestRejected}</td><td>the platform's 4xx (413 body too large, ...), or 403 when the adapter
 *       refused a call that would lend the gateway's platform credentials</td></tr>
 *   <tr><td>{@link FaasException.FunctionFailed}</td><td>the function's own status when it is 4xx/5xx, else 502</td></tr>
 *   <tr><td>{@link FaasException.InvalidSpec}, {@link InvalidArgument}, {@link BadRequest}, an unreadable
 *       body (malformed JSON, an unknown field, a value of the wrong type, a passed JSON limit)</td><td>400, saying
 *       what to fix; the JSON path of a bad field in {@code field}</td></tr>
 *   <tr><td>a body larger than the codecs buffer ({@code spring.codec.max-in-memory-size})</td><td>413</td></tr>
 *   <tr><td>{@link FaasException.UnsupportedCapability}</td><td>501</td></tr>
 *   <tr><td>{@link ResponseStatusException}</td><td>its status</td></tr>
 *   <tr><td>anything else (an {@link IllegalArgumentException} included: a bug, not the caller's fault)</td>
 *       <td>500 with a generic detail</td></tr>
 * </table>
 * No detail carries a Java type name, a stack trace or an internal address.
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
        if (error instanceof io.faasfed.gateway.composition.InvalidComposition invalid) {
            ext.put("violations", invalid.violations().stream().map(violation -> Map.of("path", violation.path(),
                    "message", violation.message())).toList());
            return new Problem(400, "Invalid composition", invalid.violations().size() + " problem(s) in the "
                    + "definition; each names its path (e.g. states.validate.next) and what to fix: "
                    + invalid.violations().stream().limit(3).map(violation -> (violation.path().isEmpty() ? "(top)"
                    : violation.path()) + ": " + violation.message()).collect(java.util.stream.Collectors.joining(
                    "; ")) + (invalid.violations().size() > 3 ? "; ..." : ""), ext, null);
        }
        if (error instanceof io.faasfed.gateway.async.AsyncUnavailableException unavailable) {
            return new Problem(503, "Asynchronous call not accepted", error.getMessage(), ext,
                    unavailable.retryAfter());
        }
        if (error instanceof RegistryUnavailableException) {
            return new Problem(503, "Registry unavailable", error.getMessage(), ext, null);
        }
        if (error instanceof RateLimitExceededException limited) {
            ext.put("routeClass", limited.routeClass().configName());
            return new Problem(429, "Too many requests", error.getMessage(), ext, limited.retryAfter());
        }
        if (error instanceof RateLimitStoreUnavailableException unavailable) {
            ext.put("routeClass", unavailable.routeClass().configName());
            return new Problem(503, "Rate limit store unavailable", error.getMessage(), ext,
                    unavailable.retryAfter());
        }
        if (error instanceof PlatformsUnreachableException unreachable) {
            ext.put("function", unreachable.function());
            ext.put("platforms", unreachable.unreachable().keySet().stream().map(PlatformId::value).sorted()
                    .toList());
            return new Problem(503, "Platform unavailable", error.getMessage(), ext, null);
        }
        if (error instanceof FaasException.PlatformUnavailable unavailable) {
            return new Problem(unavailable.status(), unavailable.status() == 502 ? "Bad gateway"
                    : "Platform unavailable", error.getMessage(), ext, unavailable.retryAfter().orElse(null));
        }
        if (error instanceof FaasException.Timeout) {
            return new Problem(504, "Timeout", error.getMessage(), ext, null);
        }
        if (error instanceof FaasException.RateLimited limited) {
            return new Problem(429, "Rate limited", error.getMessage(), ext, limited.retryAfter());
        }
        if (error instanceof FaasException.RequestRejected rejected) {
            return new Problem(rejected.status(), title(rejected.status()), error.getMessage(), ext, null);
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
        if (error instanceof InvalidArgument || error instanceof BadRequest) {
            return new Problem(400, "Bad request", error.getMessage(), ext, null);
        }
        if (error instanceof UnsupportedMediaTypeStatusException media) {
            return new Problem(415, title(415), "the body's Content-Type "
                    + (media.getContentType() == null ? "is missing" : "'" + media.getContentType() + "' is not accepted")
                    + " here (expected: " + mediaTypes(media.getSupportedMediaTypes()) + ")", ext, null);
        }
        if (error instanceof MethodNotAllowedException method) {
            return new Problem(405, title(405), "method " + method.getHttpMethod() + " is not allowed here (allowed: "
                    + method.getSupportedMethods().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")", ext, null);
        }
        DataBufferLimitException tooLarge = causeOf(error, DataBufferLimitException.class);
        if (tooLarge != null) {
            return new Problem(413, title(413), "the request body is larger than this endpoint buffers ("
                    + "spring.codec.max-in-memory-size); send a smaller document", ext, null);
        }
        if (error instanceof ServerWebInputException || error instanceof CodecException) {
            JacksonException json = causeOf(error, JacksonException.class);
            if (json != null) {
                String field = fieldPath(json);
                if (!field.isEmpty()) {
                    ext.put("field", field);
                }
                return new Problem(400, "Bad request", describeJson(json, field), ext, null);
            }
            return new Problem(400, "Bad request", error instanceof ServerWebInputException input
                    ? describeInput(input) : "the body cannot be read: check that it matches its Content-Type", ext,
                    null);
        }
        if (error instanceof ResponseStatusException status) {
            int code = status.getStatusCode().value();
            String detail = status.getReason() != null && status.getClass() == ResponseStatusException.class
                    ? status.getReason() : defaultDetail(code);
            return new Problem(code, title(code), detail, ext, null);
        }
        return connectionProblem(error, ext);
    }

    private static Problem connectionProblem(Throwable error, Map<String, Object> ext) {
        String who = "the platform" + (ext.containsKey("platform") ? " '" + ext.get("platform") + "'" : "");
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof TimeoutException) {
                return new Problem(504, "Timeout", who + " did not answer in time", ext, null);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof java.nio.channels.ClosedChannelException
                    || cause instanceof reactor.netty.http.client.PrematureCloseException
                    || cause instanceof java.io.IOException) {
                return new Problem(503, "Platform unavailable", who + " cannot be reached", ext, null);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return new Problem(500, "Internal error", "the gateway failed to handle the request; this is a fault of "
                + "the gateway, not of your request: the gateway log has the details under the call id", ext, null);
    }

    /** Whether {@code problem} reports a fault of the gateway itself (logged with its stack trace). */
    public static boolean isInternal(Problem problem) {
        return problem.status() == 500;
    }

    private static String describeInput(ServerWebInputException input) {
        if (input instanceof org.springframework.web.server.MissingRequestValueException missing) {
            return "the " + missing.getLabel() + " '" + missing.getName() + "' is missing";
        }
        if (input instanceof org.springframework.web.server.UnsatisfiedRequestParameterException) {
            return "the query parameters do not match what this operation expects";
        }
        if (input.getMethodParameter() != null && input.getMethodParameter().getParameterName() != null
                && input.getCause() != null) {
            return "'" + input.getMethodParameter().getParameterName() + "' has a value of the wrong type";
        }
        String reason = input.getReason();
        if (reason != null && reason.startsWith("No request body")) {
            return "the request needs a body (a JSON object); none was sent";
        }
        return "the request cannot be read: check its body and parameters";
    }

    /**
     * What is wrong with a JSON body, in the client's terms: which field is unknown or has the wrong type (with
     * what was expected), where the JSON breaks, or which limit it passes. Never a Java type name.
     */
    private static String describeJson(JacksonException json, String field) {
        String where = json.getLocation() == null || json.getLocation().getLineNr() < 0 ? ""
                : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
        if (json instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown field '" + (field.isEmpty() ? unknown.getPropertyName() : field) + "'" + where
                    + (known.isEmpty() ? "" : " (expected one of: " + known + ")");
        }
        if (json instanceof MismatchedInputException mismatched) {
            String expected = expected(mismatched.getTargetType());
            String got = got(mismatched.getCurrentToken());
            if (field.isEmpty()) {
                return "the body does not have the expected shape" + where + " (expected: "
                        + (expected == null ? "a JSON object" : expected) + (got == null ? "" : ", got " + got) + ")";
            }
            return field + ": " + (expected == null ? "a value of the wrong type" : "expected " + expected)
                    + (got == null ? "" : ", got " + got) + where;
        }
        if (json instanceof StreamConstraintsException) {
            return "the body passes a JSON limit" + where + ": " + constraint(json.getOriginalMessage());
        }
        if (json instanceof DatabindException) {
            return field.isEmpty() ? "the body cannot be used" + where : field + ": the value cannot be used" + where;
        }
        if (json instanceof tools.jackson.core.exc.InputCoercionException) {
            return (field.isEmpty() ? "a number in the body" : field) + " is out of range" + where;
        }
        return "the body is not valid JSON" + where;
    }

    /** The JSON kind a Java target type takes, or null when it says nothing useful. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type == Character.class || type.isEnum()) {
            return "a string";
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == int.class
                || type == long.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }

    private static String got(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    /** Jackson's words for a passed stream limit, with the setting that raises it instead of its Java getter. */
    private static String constraint(String message) {
        String text = message == null ? "a limit" : message;
        int from = text.indexOf(", from `");
        if (from > 0) {
            int close = text.indexOf(')', from);
            String getter = text.substring(from, close < 0 ? text.length() : close);
            String setting = getter.contains("NestingDepth") ? "faasfed.json.max-nesting-depth"
                    : getter.contains("StringLen") ? "faasfed.json.max-string-length"
                    : getter.contains("DocumentLength") ? "faasfed.json.max-document-length" : null;
            text = text.substring(0, from) + (setting == null ? "" : ", " + setting)
                    + (close < 0 ? ")" : text.substring(close));
        }
        return text;
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < 20; depth++) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return null;
    }

    /** The JSON path of the failure, e.g. {@code limits.memoryMiB} or {@code secrets[2]}; empty at the top. */
    private static String fieldPath(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String mediaTypes(java.util.List<org.springframework.http.MediaType> types) {
        return types.isEmpty() ? "another type" : types.stream().map(Object::toString)
                .filter(type -> !type.contains("*")).distinct().collect(Collectors.joining(", "));
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
            case 406 -> "no representation of the answer matches the Accept header";
            case 413 -> "the request body is larger than the gateway accepts";
            case 415 -> "the body's Content-Type is not accepted here";
            case 504 -> "the platform did not answer in time";
            default -> title(status);
        };
    }
}
