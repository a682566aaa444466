package io.faasfed.gateway.composition;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;
import tools.jackson.dataformat.yaml.YAMLReadFeature;

/**
 * Reads definition text into a JSON tree token by token, within bounds, refusing what a definition never needs:
 * duplicate keys, YAML tags, anchors and aliases, and more than one document. Problems become an
 * {@link InvalidComposition} whose message starts with the line and column.
 */
final class TreeReader {

    /** Deep enough for the deepest valid definition (8 scopes, conditions nested 16 deep), and no deeper. */
    static final int MAX_NESTING = 100;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxNumberLength(100)
            .maxStringLength(64 * 1024)
            .maxNameLength(1024)
            .build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(CONSTRAINTS)
            .disable(YAMLReadFeature.EMPTY_STRING_AS_NULL)
            .disable(YAMLReadFeature.EMPTY_DOCUMENT_AS_EMPTY_OBJECT)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TreeReader() {
    }

    static JsonNode read(String text, CompositionParser.Format format) {
        TokenStreamFactory factory = format == CompositionParser.Format.YAML ? YAML : JSON;
        JsonParser parser = factory.createParser(ObjectReadContext.empty(), text);
        try {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw fail(parser.currentLocation(), "the definition is empty; write an object with name, startAt "
                        + "and states");
            }
            JsonNode root = value(parser, first);
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                throw fail(parser.currentTokenLocation(), format == CompositionParser.Format.YAML
                        ? "only one YAML document is allowed; remove the second one (after ---)"
                        : "unexpected content after the definition's closing '}'");
            }
            return root;
        } catch (StreamConstraintsException e) {
            // "... exceeds the maximum allowed (100, from `StreamReadConstraints.getMaxNestingDepth()`)"
            throw fail(e.getLocation() != null ? e.getLocation() : parser.currentLocation(),
                    e.getOriginalMessage().replaceAll(", from `[^`]*`", "")
                            + ": a definition never needs that much; simplify it");
        } catch (JacksonException e) {
            throw fail(e.getLocation() != null ? e.getLocation() : parser.currentLocation(), e.getOriginalMessage());
        } finally {
            parser.close();
        }
    }

    /** Builds the value starting at {@code token}, iteratively (no recursion: depth is the factory's concern). */
    private static JsonNode value(JsonParser parser, JsonToken token) {
        Deque<JsonNode> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        JsonNode root = null;
        String name = null;
        while (true) {
            refuseYamlExtras(parser);
            JsonNode made = null;
            boolean container = false;
            switch (token) {
                case START_OBJECT -> {
                    made = NODES.objectNode();
                    container = true;
                }
                case START_ARRAY -> {
                    made = NODES.arrayNode();
                    container = true;
                }
                case END_OBJECT, END_ARRAY -> {
                    JsonNode done = open.pop();
                    name = names.pop();
                    if (open.isEmpty()) {
                        return done;
                    }
                    token = parser.nextToken();
                    continue;
                }
                case PROPERTY_NAME -> {
                    name = parser.currentName();
                    ObjectNode object = (ObjectNode) open.peek();
                    if (object.has(name)) {
                        throw fail(parser.currentTokenLocation(), "duplicate key '" + name + "'; each key may "
                                + "appear once in an object (state names once per scope)");
                    }
                    token = parser.nextToken();
                    continue;
                }
                case VALUE_STRING -> made = NODES.stringNode(parser.getString());
                case VALUE_NUMBER_INT -> made = NODES.numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT -> {
                    String raw = parser.getString();
                    try {
                        made = NODES.numberNode(parser.getDecimalValue());
                    } catch (RuntimeException e) {
                        throw fail(parser.currentTokenLocation(), "'" + raw + "' is not a finite number");
                    }
                }
                case VALUE_TRUE -> made = NODES.booleanNode(true);
                case VALUE_FALSE -> made = NODES.booleanNode(false);
                case VALUE_NULL -> made = NODES.nullNode();
                default -> throw fail(parser.currentTokenLocation(), "unexpected " + token);
            }
            JsonNode parent = open.peek();
            if (parent == null) {
                root = made;
            } else if (parent instanceof ObjectNode object) {
                object.set(name, made);
            } else {
                ((ArrayNode) parent).add(made);
            }
            if (container) {
                open.push(made);
                names.push(name == null ? "" : name);
            } else if (parent == null) {
                return root;
            }
            token = parser.nextToken();
        }
    }

    private static void refuseYamlExtras(JsonParser parser) {
        if (!(parser instanceof YAMLParser yaml)) {
            return;
        }
        if (yaml.isCurrentAlias()) {
            throw fail(parser.currentTokenLocation(), "YAML aliases (*" + parser.getString() + ") are not "
                    + "accepted in a definition; write the value out in full");
        }
        if (parser.currentToken() != JsonToken.PROPERTY_NAME && parser.currentToken() != JsonToken.END_OBJECT
                && parser.currentToken() != JsonToken.END_ARRAY) {
            Object anchor = yaml.getObjectId();
            if (anchor != null) {
                throw fail(parser.currentTokenLocation(), "YAML anchors (&" + anchor + ") are not accepted in a "
                        + "definition; write the value out in full where it is used");
            }
            Object tag = yaml.getTypeId();
            if (tag != null) {
                throw fail(parser.currentTokenLocation(), "YAML tags (" + tag + ") are not accepted in a "
                        + "definition; write plain values (quote a string that would otherwise read as a number)");
            }
        }
    }

    private static InvalidComposition fail(TokenStreamLocation location, String message) {
        String at = location == null || location.getLineNr() <= 0 ? ""
                : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
        return new InvalidComposition(List.of(new Violation("", at + oneLine(message))));
    }

    /** SnakeYAML's messages quote the text with markers over several lines; the line and column say it already. */
    private static String oneLine(String message) {
        if (message == null) {
            return "cannot be read";
        }
        return message.lines().filter(line -> !line.isBlank() && !line.startsWith(" "))
                .map(String::strip).reduce((a, b) -> a + "; " + b).orElse(message.strip());
    }
}
