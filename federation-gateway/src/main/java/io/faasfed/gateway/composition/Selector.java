package io.faasfed.gateway.composition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A strict subset of JSONPath that picks one value out of JSON data: {@code $} (all of it), {@code $.a},
 * {@code $.a.b}, {@code $.a[0]}, {@code $['key with spaces']}, {@code $.a[2].b}. A dotted name is letters, digits,
 * {@code _} and {@code -}; any other key is written in brackets, quoted with {@code '} or {@code "} ({@code \}
 * escapes the quote and itself). Indexes are non-negative integers. Wildcards, filters, slices, unions, negative
 * indexes and recursive descent ({@code ..}) are refused: a selector names exactly one place.
 *
 * <p>Immutable; equal when they name the same place, whatever the spelling ({@code $.a} equals {@code $['a']}).
 */
public final class Selector {

    /** {@code $}: the whole data. */
    public static final Selector ROOT = new Selector(List.of());

    private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_LENGTH = 1024;
    private static final String EXAMPLE = "write a path such as $, $.a.b, $.a[0] or $['key with spaces']";

    private final List<Object> segments;

    private Selector(List<Object> segments) {
        this.segments = List.copyOf(segments);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException when it is not a selector: the message says why, at which character
     *                                  (counting from 1), and what to write instead
     */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw bad(text, 0, "it is empty; write $ for the whole data");
        }
        if (text.length() > MAX_LENGTH) {
            throw bad(text.substring(0, 32) + "...", -1, "it is longer than " + MAX_LENGTH + " characters");
        }
        if (text.charAt(0) != '$') {
            throw bad(text, 0, "a selector starts with $; " + EXAMPLE);
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                if (i + 1 < n && text.charAt(i + 1) == '.') {
                    throw bad(text, i, "recursive descent '..' is not supported; name each field: " + EXAMPLE);
                }
                int start = i + 1;
                int end = start;
                while (end < n && isNameChar(text.charAt(end))) {
                    end++;
                }
                if (end == start) {
                    if (start < n && text.charAt(start) == '*') {
                        throw bad(text, start, "wildcards are not supported; a selector names one value");
                    }
                    throw bad(text, start, start < n ? "'" + text.charAt(start) + "' cannot start a dotted name; "
                            + "write $['...'] for keys with such characters" : "a name must follow '.'");
                }
                segments.add(text.substring(start, end));
                i = end;
            } else if (c == '[') {
                i = bracket(text, i, segments);
            } else {
                throw bad(text, i, "unexpected '" + c + "'; after $ or a step, write .name, [index] or ['key']");
            }
        }
        return new Selector(segments);
    }

    private static int bracket(String text, int open, List<Object> segments) {
        int n = text.length();
        int i = open + 1;
        if (i >= n) {
            throw bad(text, open, "'[' is not closed");
        }
        char c = text.charAt(i);
        if (c == '\'' || c == '"') {
            StringBuilder key = new StringBuilder();
            i++;
            while (true) {
                if (i >= n) {
                    throw bad(text, open, "the quoted key is not closed; end it with " + c + "]");
                }
                char k = text.charAt(i);
                if (k == '\\') {
                    if (i + 1 >= n || (text.charAt(i + 1) != c && text.charAt(i + 1) != '\\')) {
                        throw bad(text, i, "'\\' escapes only the quote and itself");
                    }
                    key.append(text.charAt(i + 1));
                    i += 2;
                } else if (k == c) {
                    i++;
                    break;
                } else {
                    key.append(k);
                    i++;
                }
            }
            if (i >= n || text.charAt(i) != ']') {
                throw bad(text, i, "expected ']' after the quoted key" + (i < n && text.charAt(i) == ','
                        ? " (unions of keys are not supported)" : ""));
            }
            segments.add(key.toString());
            return i + 1;
        }
        if (c >= '0' && c <= '9') {
            int start = i;
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
            }
            String digits = text.substring(start, i);
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                throw bad(text, start, "write the index without leading zeros");
            }
            if (digits.length() > 9) {
                throw bad(text, start, "the index is too large (at most 999999999)");
            }
            if (i >= n) {
                throw bad(text, open, "'[' is not closed");
            }
            char after = text.charAt(i);
            if (after == ':') {
                throw bad(text, i, "slices are not supported; a selector names one value, e.g. $.a[0]");
            }
            if (after == ',') {
                throw bad(text, i, "unions are not supported; a selector names one value, e.g. $.a[0]");
            }
            if (after != ']') {
                throw bad(text, i, "expected ']' after the index");
            }
            segments.add(Integer.parseInt(digits));
            return i + 1;
        }
        String why = switch (c) {
            case '*' -> "wildcards are not supported; a selector names one value";
            case '?' -> "filters are not supported; choose with a choice state instead";
            case '-' -> "negative indexes are not supported; count from the start, e.g. [0]";
            case '(' -> "script expressions are not supported";
            case ':' -> "slices are not supported; a selector names one value, e.g. $.a[0]";
            default -> "expected an index such as [0] or a quoted key such as ['key']";
        };
        throw bad(text, i, why);
    }

    /** The selector of {@code segments}: {@link String} field names and non-negative {@link Integer} indexes. */
    static Selector of(List<Object> segments) {
        return new Selector(segments);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static IllegalArgumentException bad(String text, int index, String why) {
        String at = index < 0 ? "" : " (at character " + (index + 1) + ")";
        return new IllegalArgumentException("bad selector '" + text + "'" + at + ": " + why);
    }

    /** Whether this is {@code $}. */
    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The steps from the root: {@link String} field names and {@link Integer} array indexes. */
    public List<Object> segments() {
        return segments;
    }

    /**
     * The value this selector names in {@code data}, or empty when a field is missing, an index is past the end, or
     * a step meets a value of another kind (a field of an array, an index of an object). A JSON {@code null} that is
     * there is present: a {@code NullNode}.
     */
    public Optional<JsonNode> find(JsonNode data) {
        JsonNode current = data;
        for (Object segment : segments) {
            if (current == null) {
                return Optional.empty();
            }
            if (segment instanceof String name) {
                current = current.isObject() ? current.get(name) : null;
            } else {
                int index = (Integer) segment;
                current = current.isArray() && index < current.size() ? current.get(index) : null;
            }
        }
        return Optional.ofNullable(current).filter(node -> !node.isMissingNode());
    }

    /**
     * The value this selector names in {@code data}.
     *
     * @throws SelectionException when there is none: the message names the first step that did not fit and what it
     *                            met there
     */
    public JsonNode apply(JsonNode data) {
        JsonNode current = data;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            if (segment instanceof String name) {
                if (current == null || !current.isObject()) {
                    throw new SelectionException(this + ": " + prefix(i) + " is " + kind(current) + ", not an object "
                            + "with field '" + name + "'");
                }
                JsonNode next = current.get(name);
                if (next == null) {
                    throw new SelectionException(this + ": the object at " + prefix(i) + " has no field '" + name + "'"
                            + fieldsOf(current));
                }
                current = next;
            } else {
                int index = (Integer) segment;
                if (current == null || !current.isArray()) {
                    throw new SelectionException(this + ": " + prefix(i) + " is " + kind(current) + ", not an array");
                }
                if (index >= current.size()) {
                    throw new SelectionException(this + ": index " + index + " is past the end of the array at "
                            + prefix(i) + " (" + current.size() + " elements)");
                }
                current = current.get(index);
            }
        }
        return current;
    }

    /** The first {@code count} steps, spelled canonically (for messages). */
    private String prefix(int count) {
        return new Selector(segments.subList(0, count)).toString();
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase();
        };
    }

    private static String fieldsOf(JsonNode object) {
        List<String> names = new ArrayList<>(object.propertyNames());
        if (names.isEmpty()) {
            return " (it is empty)";
        }
        return " (fields: " + String.join(", ", names.subList(0, Math.min(10, names.size())))
                + (names.size() > 10 ? ", ..." : "") + ")";
    }

    /** The canonical spelling: dotted names where they fit, {@code ['...']} otherwise; it parses back to this. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("$");
        for (Object segment : segments) {
            if (segment instanceof String name) {
                if (DOTTED.matcher(name).matches()) {
                    out.append('.').append(name);
                } else {
                    out.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
                }
            } else {
                out.append('[').append(segment).append(']');
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Selector that && segments.equals(that.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
