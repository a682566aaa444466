package io.faasfed.gateway.composition;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a state puts its result in its data, written with {@link Selector} syntax, or {@code null} to discard it.
 * The merge rules ({@link #merge}):
 * <ul>
 *   <li>{@code $} (the default): the result replaces the whole data;</li>
 *   <li>{@code null} in the definition ({@link #DISCARD}): the result is dropped and the data passes through;</li>
 *   <li>a path: the data is copied and the result is set at the path, replacing what was there. Objects missing on
 *       the way (absent fields, JSON {@code null}s, empty data) are created; an index must name an element that
 *       exists (no index at or past the end); meeting a value of another kind on the way (a string where an object
 *       is needed) fails with {@link SelectionException} rather than overwrite it.</li>
 * </ul>
 * Immutable; the input data is never changed.
 */
public final class ResultPath {

    /** {@code $}: the result replaces the data. */
    public static final ResultPath ROOT = new ResultPath(Selector.ROOT);
    /** {@code null}: the result is discarded and the data passes through. */
    public static final ResultPath DISCARD = new ResultPath(null);

    private final Selector path;

    private ResultPath(Selector path) {
        this.path = path;
    }

    /**
     * Parses a result path: {@code null} means {@link #DISCARD}, anything else is a {@link Selector}.
     *
     * @throws IllegalArgumentException when it is not a selector (the message says why and where)
     */
    public static ResultPath parse(String text) {
        if (text == null) {
            return DISCARD;
        }
        Selector selector = Selector.parse(text);
        return selector.isRoot() ? ROOT : new ResultPath(selector);
    }

    /** A result path at {@code selector}. */
    public static ResultPath of(Selector selector) {
        Objects.requireNonNull(selector, "selector");
        return selector.isRoot() ? ROOT : new ResultPath(selector);
    }

    /** Whether the result is discarded. */
    public boolean isDiscard() {
        return path == null;
    }

    /** The place the result goes; null for {@link #DISCARD}. */
    public Selector selector() {
        return path;
    }

    /**
     * The state's data after its result is put in place (see the class comment for the rules).
     *
     * @param data   the state's data (its input); null or a JSON null counts as empty
     * @param result the state's result; null counts as a JSON null
     * @return new data; {@code data} and {@code result} are not changed (the result is copied in)
     * @throws SelectionException when the path cannot be made in this data
     */
    public JsonNode merge(JsonNode data, JsonNode result) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode value = result == null ? nodes.nullNode() : result.deepCopy();
        if (path == null) {
            return data == null ? nodes.nullNode() : data;
        }
        if (path.isRoot()) {
            return value;
        }
        List<Object> segments = path.segments();
        JsonNode root = data == null || data.isNull() || data.isMissingNode() ? nodes.objectNode() : data.deepCopy();
        JsonNode current = root;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            String here = Selector.of(segments.subList(0, i)).toString();
            if (segment instanceof String name) {
                if (!(current instanceof ObjectNode object)) {
                    throw mismatch(here, current, "an object to set field '" + name + "' in");
                }
                if (last) {
                    object.set(name, value);
                } else {
                    JsonNode child = object.get(name);
                    if (child == null || child.isNull()) {
                        child = nodes.objectNode();
                        object.set(name, child);
                    }
                    current = child;
                }
            } else {
                int index = (Integer) segment;
                if (!(current instanceof ArrayNode array)) {
                    throw mismatch(here, current, "an array to set index " + index + " in");
                }
                if (index >= array.size()) {
                    throw new SelectionException("resultPath " + path + ": index " + index + " is past the end of "
                            + "the array at " + here + " (" + array.size() + " elements); a result path replaces "
                            + "an element, it does not append");
                }
                if (last) {
                    array.set(index, value);
                } else {
                    JsonNode child = array.get(index);
                    if (child.isNull()) {
                        child = nodes.objectNode();
                        array.set(index, child);
                    }
                    current = child;
                }
            }
        }
        return root;
    }

    private SelectionException mismatch(String here, JsonNode found, String needed) {
        return new SelectionException("resultPath " + path + ": " + here + " is " + Selector.kind(found)
                + ", but the path needs " + needed + "; choose another resultPath, or null to discard the result");
    }

    /** The path as written ({@code $}, {@code $.a.b}), or {@code "null"} for {@link #DISCARD}. */
    @Override
    public String toString() {
        return path == null ? "null" : path.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResultPath that && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(path);
    }
}
