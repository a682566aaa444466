package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Json;
import java.util.Comparator;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /namespaces/{ns}/activations[/{id}[/result|/logs]]}: records are there once an activation has ended (404
 * before), listed newest first, briefly unless {@code docs=true}.
 */
final class ActivationsApi {

    Mono<EmulatorResponse> get(WhiskState state, EmulatorRequest request, String part) {
        ObjectNode record = state.activation(request.param("id"));
        if (record == null) {
            return Mono.just(WhiskResponses.notFound());
        }
        return Mono.just(switch (part) {
            case "result" -> EmulatorResponse.json(200, record.path("response"));
            case "logs" -> EmulatorResponse.json(200, Json.object().set("logs", record.path("logs").deepCopy()));
            default -> EmulatorResponse.json(200, record);
        });
    }

    Mono<EmulatorResponse> list(WhiskState state, EmulatorRequest request) {
        String name = request.queryParam("name");
        boolean docs = "true".equalsIgnoreCase(request.queryParam("docs"));
        Stream<ObjectNode> matching = state.activations().stream()
                .filter(record -> name == null || name.equals(record.path("name").asString())
                        || name.endsWith('/' + record.path("name").asString()));
        return WhiskResponses.page(request, matching, record -> {
            if (docs) {
                return record;
            }
            ObjectNode brief = Json.object();
            Stream.of("namespace", "name", "version", "subject", "activationId", "start", "end", "duration",
                    "statusCode", "publish", "annotations", "cause").filter(record::has)
                    .forEach(field -> brief.set(field, record.get(field).deepCopy()));
            return brief;
        }, Comparator.comparingLong((ObjectNode record) -> record.path("start").asLong()).reversed());
    }
}
