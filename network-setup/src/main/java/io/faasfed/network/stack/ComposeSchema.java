package io.faasfed.network.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The Compose specification's JSON schema ({@code compose-spec.json}, a copy of {@code ../shared/specs/compose/}),
 * loaded once from the classpath. Its {@code $schema} names draft 7 by an address the validator would try to fetch, so
 * it is dropped and draft 7 is given as the default dialect: nothing is read from the network.
 */
final class ComposeSchema {

    /** The classpath resource holding the schema. */
    static final String RESOURCE = "/io/faasfed/network/stack/compose-spec.json";

    private static final Schema SCHEMA = load();

    private ComposeSchema() {
    }

    private static Schema load() {
        try (InputStream in = ComposeSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Compose schema " + RESOURCE + " is missing from the classpath");
            }
            ObjectNode node = (ObjectNode) new ObjectMapper().readTree(in);
            node.remove("$schema");
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
            return registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE.substring(1)), node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Compose schema " + RESOURCE, e);
        }
    }

    /** The schema's complaints about {@code document}, one line each ({@code $.services.x.deploy: ...}); empty when it is valid. */
    static List<String> validate(JsonNode document) {
        List<Error> errors = SCHEMA.validate(document);
        return errors.stream().map(ComposeSchema::line).distinct().toList();
    }

    private static String line(Error error) {
        String pointer = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = error.getMessage();
        if (message.startsWith(pointer + ": ")) {
            message = message.substring(pointer.length() + 2);
        }
        return dotted(pointer) + ": " + message;
    }

    /** A JSON pointer ({@code /services/faasfed/secrets/0}) as the path people read ({@code services.faasfed.secrets[0]}). */
    static String dotted(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/") || pointer.equals("$")) {
            return "(top level)";
        }
        StringBuilder out = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.matches("\\d+")) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(name);
            }
        }
        return out.toString();
    }
}
