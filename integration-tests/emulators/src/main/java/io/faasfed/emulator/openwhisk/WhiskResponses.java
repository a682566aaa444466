package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.EmulatorServer;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The controller's shared answers: errors as {@code {"error","code"}}, paged lists and brief entity views. */
final class WhiskResponses {

    /** The prefix akka-http's rejection handler puts before a body that cannot be read. */
    static final String MALFORMED = "The request content was malformed:\n";

    private static final int DEFAULT_LIMIT = 30;
    private static final int MAX_LIMIT = 200;

    private WhiskResponses() {
    }

    /** An error as the controller writes it: {@code {"error":…,"code":<transaction id>}}. */
    static EmulatorResponse error(int status, String message) {
        return EmulatorResponse.json(status, Json.object().put("error", message).put("code", Ids.hex32()));
    }

    /** An entity that is not there: the controller's {@code terminate(NotFound)}. */
    static EmulatorResponse notFound() {
        return error(404, "The requested resource does not exist.");
    }

    /**
     * A path no route takes: akka-http's default rejection handler's 404 text, which the controller's
     * {@code BasicHttpService.customRejectionHandler} wraps as {@code {"error","code"}}.
     */
    static EmulatorResponse noRoute() {
        return error(404, "The requested resource could not be found.");
    }

    /** Maps what the server could not handle to the controller's error. */
    static EmulatorResponse failure(Throwable failure) {
        if (failure instanceof Json.BadJson bad) {
            return error(400, MALFORMED + bad.getMessage());
        }
        if (failure instanceof EmulatorServer.RequestTooLarge tooLarge) {
            return error(413, MALFORMED + tooLarge.getMessage());
        }
        return error(500, "An internal error occurred: " + failure);
    }

    /** A page of entities, newest first, by {@code limit} (default 30, at most 200, 0 = 200) and {@code skip}. */
    static Mono<EmulatorResponse> page(EmulatorRequest request, Stream<ObjectNode> entities,
            Function<ObjectNode, ObjectNode> view) {
        return page(request, entities, view, Comparator.comparingLong((ObjectNode e) -> e.path("updated").asLong())
                .reversed().thenComparing(e -> e.path("name").asString()));
    }

    static Mono<EmulatorResponse> page(EmulatorRequest request, Stream<ObjectNode> entities,
            Function<ObjectNode, ObjectNode> view, Comparator<ObjectNode> order) {
        int limit;
        int skip;
        try {
            limit = request.queryParam("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(request.queryParam("limit"));
            skip = request.queryParam("skip") == null ? 0 : Integer.parseInt(request.queryParam("skip"));
        } catch (NumberFormatException e) {
            return Mono.just(error(400, MALFORMED + "limit and skip must be integers"));
        }
        if (limit < 0 || skip < 0) {
            return Mono.just(error(400, MALFORMED + "limit and skip must not be negative"));
        }
        if (limit > MAX_LIMIT) {
            return Mono.just(error(400, "The value '" + limit + "' exceeds the maximum allowed " + MAX_LIMIT + "."));
        }
        ArrayNode array = Json.array();
        entities.sorted(order).skip(skip).limit(limit == 0 ? MAX_LIMIT : limit).map(view).forEach(array::add);
        return Mono.just(EmulatorResponse.json(200, array));
    }

    /** The brief view lists give of an action or package. */
    static ObjectNode brief(ObjectNode entity) {
        ObjectNode brief = Json.object();
        Stream.of("namespace", "name", "version", "publish", "annotations", "limits", "updated").filter(entity::has)
                .forEach(field -> brief.set(field, entity.get(field).deepCopy()));
        if (entity.has("exec")) {
            brief.putObject("exec").put("binary", entity.path("exec").path("binary").asBoolean(false));
        }
        return brief;
    }

    /** The next patch version of an entity. */
    static String bump(String version) {
        String[] parts = version.split("\\.");
        try {
            return parts[0] + '.' + parts[1] + '.' + (Integer.parseInt(parts[2]) + 1);
        } catch (RuntimeException notSemantic) {
            return "0.0.1";
        }
    }
}
