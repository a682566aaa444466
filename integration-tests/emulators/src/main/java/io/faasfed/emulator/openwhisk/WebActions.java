package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.ActionExecutor.annotation;
import static io.faasfed.emulator.openwhisk.WhiskResponses.error;
import static io.faasfed.emulator.openwhisk.WhiskResponses.notFound;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.openwhisk.ActionExecutor.Resolved;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/web/{ns}/{pkg|default}/{action}.{ext}[/path]}: web actions ({@code web-export=true}), without auth
 * unless {@code require-whisk-auth} asks for it, run as the owner of their namespace; the action sees {@code __ow_method}, {@code __ow_headers},
 * {@code __ow_path} (and {@code __ow_body}/{@code __ow_query} in raw mode) and its result becomes the HTTP answer.
 */
final class WebActions {

    private static final Set<String> WEB_EXTENSIONS = Set.of("json", "http", "html", "svg", "text");

    private final WhiskNamespaces namespaces;
    private final InvocationsApi invocations;

    WebActions(WhiskNamespaces namespaces, InvocationsApi invocations) {
        this.namespaces = namespaces;
        this.invocations = invocations;
    }

    Mono<EmulatorResponse> handle(EmulatorRequest request) {
        String requestedNs = request.param("ns");
        WhiskState state = "_".equals(requestedNs) ? namespaces.primary() : namespaces.named(requestedNs);
        if (state == null) {
            return Mono.just(notFound());
        }
        String actionSegment = request.param("action");
        int dot = actionSegment.lastIndexOf('.');
        String name = dot > 0 ? actionSegment.substring(0, dot) : actionSegment;
        String extension = dot > 0 ? actionSegment.substring(dot + 1) : "http";
        if (!WEB_EXTENSIONS.contains(extension)) {
            return Mono.just(error(406, "Resource representation is only available with these types:\n"
                    + ".json\n.html\n.http\n.text\n.svg"));
        }
        String pkg = "default".equals(request.param("pkg")) ? null : request.param("pkg");
        ObjectNode action = state.action(pkg, name);
        if (action == null || !webExported(action)) {
            return Mono.just(notFound());
        }
        if (!authenticated(annotation(action, "require-whisk-auth"), request)) {
            return Mono.just(error(401, "The resource requires authentication, which was not supplied with the "
                    + "request"));
        }
        Resolved target = state.resolved(action);
        ObjectNode params = webParameters(request, annotation(action, "raw-http").asBoolean(false));
        if (annotation(action, "final").asBoolean(false)) {
            ObjectNode bound = ActionExecutor.boundParameters(target);
            boolean overrides = params.propertyNames().stream()
                    .anyMatch(key -> !key.startsWith("__ow_") && bound.has(key));
            if (overrides) {
                return Mono.just(error(400, "Request defines parameters that are not allowed (e.g., reserved "
                        + "properties) or attempts to override final parameters."));
            }
        }
        String activationId = Ids.hex32();
        return invocations.start(state, target, params, activationId)
                .timeout(state.options().blockingWait())
                .map(record -> webResponse(record, extension, request.param("rest"))
                        .withHeader(InvocationsApi.ACTIVATION_ID_HEADER, activationId))
                .onErrorResume(TimeoutException.class, stillRunning -> Mono.just(error(202,
                        "Response not yet ready.").withHeader(InvocationsApi.ACTIVATION_ID_HEADER, activationId)));
    }

    /**
     * The controller's {@code confirmAuthenticated}: no annotation lets everyone in; a string or number must equal
     * the {@code X-Require-Whisk-Auth} header; {@code true} needs the Basic credentials of any valid key (not only
     * the namespace owner's: the controller only asks whether the caller authenticated); any other value (false,
     * null, an object) lets nobody in.
     */
    private boolean authenticated(JsonNode requireAuth, EmulatorRequest request) {
        if (requireAuth.isMissingNode()) {
            return true;
        }
        if (requireAuth.isString() || requireAuth.isNumber()) {
            return requireAuth.asString().equals(request.header("X-Require-Whisk-Auth"));
        }
        if (requireAuth.isBoolean() && requireAuth.booleanValue()) {
            return namespaces.ownerOf(request.header("Authorization")) != null;
        }
        return false;
    }

    private static boolean webExported(ObjectNode action) {
        JsonNode export = annotation(action, "web-export");
        return export.asBoolean(false) || "true".equalsIgnoreCase(export.asString(""));
    }

    private static ObjectNode webParameters(EmulatorRequest request, boolean raw) {
        ObjectNode params = Json.object();
        String contentType = Optional.ofNullable(request.header("Content-Type")).orElse("");
        if (raw) {
            params.put("__ow_query", request.rawQuery());
            params.put("__ow_body", textual(contentType) ? request.bodyText()
                    : Base64.getEncoder().encodeToString(request.body()));
        } else {
            request.query().forEach((key, values) -> {
                if (!values.isEmpty()) {
                    params.put(key, values.get(0));
                }
            });
            if (!request.bodyBlank()) {
                JsonNode body = contentType.contains("json") ? parseOrNull(request.body()) : null;
                if (body instanceof ObjectNode object) {
                    params.setAll(object);
                } else {
                    params.put("__ow_body", textual(contentType) ? request.bodyText()
                            : Base64.getEncoder().encodeToString(request.body()));
                }
            }
        }
        params.put("__ow_method", request.method().toLowerCase(Locale.ROOT));
        ObjectNode headers = params.putObject("__ow_headers");
        request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        params.put("__ow_path", request.param("rest") == null ? "" : request.param("rest"));
        return params;
    }

    private static EmulatorResponse webResponse(ObjectNode record, String extension, String rest) {
        JsonNode result = record.path("response").path("result");
        int statusCode = record.path("statusCode").asInt();
        if (statusCode == ActionExecutor.APPLICATION_ERROR) {
            return error(400, result.path("error").isString() ? result.path("error").asString()
                    : Json.text(result.path("error")));
        }
        if (statusCode != ActionExecutor.SUCCESS) {
            return error(502, result.path("error").asString("The action did not produce a valid response."));
        }
        switch (extension) {
            case "json" -> {
                JsonNode projected = rest == null || rest.isEmpty() ? result : result.at(rest);
                return projected.isMissingNode() ? error(404, "The requested resource does not exist.")
                        : EmulatorResponse.json(200, projected);
            }
            case "http" -> {
                return httpResult(result);
            }
            default -> {
                JsonNode field = result.path(extension);
                if (!field.isString()) {
                    return error(400, "The action did not produce a valid response.");
                }
                String contentType = switch (extension) {
                    case "html" -> "text/html; charset=UTF-8";
                    case "svg" -> "image/svg+xml";
                    default -> "text/plain; charset=UTF-8";
                };
                return EmulatorResponse.bytes(200, contentType, field.asString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static EmulatorResponse httpResult(JsonNode result) {
        JsonNode body = result.path("body");
        int status = result.path("statusCode").asInt(body.isMissingNode() ? 204 : 200);
        Map<String, String> headers = new LinkedHashMap<>();
        result.path("headers").properties().forEach(entry -> headers.put(entry.getKey(), entry.getValue().asString()));
        String contentType = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        byte[] bytes;
        if (body.isMissingNode() || body.isNull()) {
            bytes = new byte[0];
        } else if (body.isString()) {
            boolean binary = contentType != null && !textual(contentType);
            bytes = binary ? decodeOrRaw(body.asString()) : body.asString().getBytes(StandardCharsets.UTF_8);
            if (contentType == null) {
                contentType = "text/html; charset=UTF-8";
            }
        } else {
            bytes = Json.write(body);
            if (contentType == null) {
                contentType = EmulatorResponse.JSON;
            }
        }
        EmulatorResponse response = EmulatorResponse.bytes(status, contentType, bytes);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Content-Type")) {
                response = response.withHeader(header.getKey(), header.getValue());
            }
        }
        return response;
    }

    private static boolean textual(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("x-www-form-urlencoded") || type.contains("javascript");
    }

    private static byte[] decodeOrRaw(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException notBase64) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static JsonNode parseOrNull(byte[] body) {
        try {
            return Json.parse(body);
        } catch (Json.BadJson notJson) {
            return null;
        }
    }
}
