package io.faasfed.emulator.fn;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Fn emulator's datastore: apps, fns and triggers by id as the real server's sqlite store holds them, one lock for
 * writes, and the answer shapes every API handler shares (errors, paging, patch-merged maps, timestamps).
 */
final class FnStore {

    static final String JSON_UTF8 = "application/json; charset=utf-8";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
    private static final int DEFAULT_PER_PAGE = 30;
    private static final int MAX_PER_PAGE = 100;

    final Map<String, ObjectNode> apps = new ConcurrentHashMap<>();
    final Map<String, ObjectNode> fns = new ConcurrentHashMap<>();
    final Map<String, ObjectNode> triggers = new ConcurrentHashMap<>();
    final Object writes = new Object();

    /** The app called {@code name}. */
    Optional<ObjectNode> appNamed(String name) {
        return apps.values().stream().filter(app -> name.equals(app.path("name").asString())).findFirst();
    }

    // ---- answers ----

    /** An error as Fn writes it: {@code {"message":…}}. */
    static EmulatorResponse message(int status, String message) {
        return EmulatorResponse.json(status, JSON_UTF8, Json.object().put("message", message));
    }

    static Mono<EmulatorResponse> error(int status, String message) {
        return Mono.just(message(status, message));
    }

    static Mono<EmulatorResponse> ok(JsonNode body) {
        return Mono.just(EmulatorResponse.json(200, JSON_UTF8, body));
    }

    static Mono<EmulatorResponse> noContent() {
        return Mono.just(EmulatorResponse.bytes(204, EmulatorResponse.TEXT_PLAIN, new byte[0]));
    }

    static Mono<EmulatorResponse> get(Map<String, ObjectNode> store, String id, String missing) {
        ObjectNode entity = store.get(id);
        return entity == null ? error(404, missing) : ok(entity);
    }

    /**
     * One page of {@code entities}: {@code per_page} is 30 when missing, not a number or not positive, and at most
     * 100 (the real server's {@code pageParams} ignores what it cannot parse); {@code next_cursor} when the page is
     * full.
     */
    static Mono<EmulatorResponse> page(EmulatorRequest request, Collection<ObjectNode> entities,
            Predicate<ObjectNode> filter) {
        int perPage;
        try {
            perPage = Integer.parseInt(Optional.ofNullable(request.queryParam("per_page")).orElse(""));
        } catch (NumberFormatException notANumber) {
            perPage = DEFAULT_PER_PAGE;
        }
        perPage = perPage <= 0 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
        String after = decodeCursor(request.queryParam("cursor"));
        List<ObjectNode> items = new ArrayList<>(entities.stream().filter(filter)
                .filter(entity -> after == null || sortKey(entity).compareTo(after) > 0)
                .sorted(Comparator.comparing(FnStore::sortKey)).limit(perPage).toList());
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("items");
        items.forEach(array::add);
        if (items.size() == perPage) {
            body.put("next_cursor", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(sortKey(items.get(items.size() - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        return ok(body);
    }

    private static String sortKey(ObjectNode entity) {
        return entity.path("name").asString() + '\u0000' + entity.path("id").asString();
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    // ---- entity fields ----

    /** Patch semantics: keys with an empty (or null) value are removed, others added or replaced. */
    static void patchMap(ObjectNode entity, String field, JsonNode patch) {
        ObjectNode target = entity.get(field) instanceof ObjectNode existing ? existing : entity.putObject(field);
        if (patch == null || !patch.isObject()) {
            return;
        }
        patch.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull() || value.isString() && value.stringValue().isEmpty()) {
                target.remove(entry.getKey());
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        });
    }

    /** Drops {@code field} when it is an empty map, as Go's {@code omitempty} does. */
    static void omitEmpty(ObjectNode entity, String field) {
        if (entity.path(field).isEmpty()) {
            entity.remove(field);
        }
    }

    /** {@code field} as the sqlite store reads an empty map back: {@code null}. */
    static ObjectNode nullWhenEmpty(ObjectNode entity, String field) {
        ObjectNode copy = entity.deepCopy();
        if (copy.path(field).isEmpty()) {
            copy.putNull(field);
        }
        return copy;
    }

    static void stamp(ObjectNode entity, boolean created) {
        String now = TIME.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        if (created) {
            entity.put("created_at", now);
        }
        entity.put("updated_at", now);
    }
}
