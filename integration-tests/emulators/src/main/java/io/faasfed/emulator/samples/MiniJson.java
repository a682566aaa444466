package io.faasfed.emulator.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the sample programs need, with nothing but the JDK (they run with a bare {@code java -cp}): parses a
 * document into {@link Map}, {@link List}, {@link String}, {@link Double}, {@link Boolean} or {@code null}, and writes
 * such values back.
 */
public final class MiniJson {

    private final String text;
    private int at;

    private MiniJson(String text) {
        this.text = text;
    }

    /** Parses one JSON document; {@link IllegalArgumentException} when it is not JSON. */
    public static Object parse(String text) {
        MiniJson parser = new MiniJson(text);
        Object value = parser.value();
        parser.blanks();
        if (parser.at != text.length()) {
            throw parser.bad("trailing characters");
        }
        return value;
    }

    /** Writes a value made of maps, lists, strings, numbers, booleans and nulls. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",").append(quote(String.valueOf(entry.getKey()))).append(':');
                write(entry.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String string) {
            out.append(quote(string));
        } else if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
            out.append(number.longValue());
        } else {
            out.append(value);
        }
    }

    /** A JSON string literal. */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private Object value() {
        blanks();
        if (at >= text.length()) {
            throw bad("a value is missing");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{' -> {
                return object();
            }
            case '[' -> {
                return array();
            }
            case '"' -> {
                return string();
            }
            default -> {
                for (String word : List.of("true", "false", "null")) {
                    if (text.startsWith(word, at)) {
                        at += word.length();
                        return "null".equals(word) ? null : Boolean.valueOf(word);
                    }
                }
                int start = at;
                while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                    at++;
                }
                try {
                    return Double.valueOf(text.substring(start, at));
                } catch (NumberFormatException e) {
                    throw bad("unexpected '" + c + "'");
                }
            }
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        blanks();
        if (next('}')) {
            return object;
        }
        do {
            blanks();
            if (!peek('"')) {
                throw bad("a member name is missing");
            }
            String key = string();
            blanks();
            expect(':');
            object.put(key, value());
            blanks();
        } while (next(','));
        expect('}');
        return object;
    }

    private List<Object> array() {
        List<Object> array = new ArrayList<>();
        at++;
        blanks();
        if (next(']')) {
            return array;
        }
        do {
            array.add(value());
            blanks();
        } while (next(','));
        expect(']');
        return array;
    }

    private String string() {
        StringBuilder string = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return string.toString();
            }
            if (c != '\\') {
                string.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case 'n' -> string.append('\n');
                case 'r' -> string.append('\r');
                case 't' -> string.append('\t');
                case 'b' -> string.append('\b');
                case 'f' -> string.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw bad("a \\u escape is cut short");
                    }
                    string.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> string.append(escaped);
            }
        }
        throw bad("a string is not closed");
    }

    private void blanks() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private boolean next(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!next(c)) {
            throw bad("'" + c + "' expected");
        }
    }

    private IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("not JSON at character " + at + ": " + what);
    }
}
