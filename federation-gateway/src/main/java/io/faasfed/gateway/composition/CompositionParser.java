package io.faasfed.gateway.composition;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads and validates composition definitions written in JSON or YAML. Every problem is collected, each with its
 * path, and reported at once in one {@link InvalidComposition}: unknown or missing fields, bad values (selectors,
 * durations, ranges, error categories, names), references to states that do not exist, unreachable states, cycles,
 * and the limits of {@link CompositionLimits}. Text that does not parse is reported with its line and column.
 *
 * <p>The readers are bounded before any state is looked at: the text's size, the nesting of its objects and
 * arrays, and the length of its strings and numbers. YAML is read without its type machinery: tags ({@code !!x},
 * {@code !x}), anchors and aliases ({@code &x}, {@code *x}) are refused, so no alias expansion ("billion laughs") can
 * cost anything; more than one document is refused too. Thread-safe; stateless.
 */
public final class CompositionParser {

    private CompositionParser() {
    }

    /** The languages a definition can be written in. */
    public enum Format {
        /** JSON (RFC 8259). */
        JSON,
        /** YAML 1.2, without tags, anchors or aliases. */
        YAML;

        /**
         * The format a request's {@code Content-Type} names: {@code application/json} and {@code +json} types are
         * JSON; {@code application/yaml}, {@code application/x-yaml}, {@code text/yaml}, {@code text/x-yaml} and
         * {@code +yaml} types are YAML. Parameters ({@code ; charset=utf-8}) are ignored.
         *
         * @throws IllegalArgumentException for a missing or another type, saying which ones are accepted
         */
        public static Format fromContentType(String contentType) {
            String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") || type.endsWith("+json")) {
                return JSON;
            }
            if (type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml")
                    || type.equals("text/x-yaml") || type.endsWith("+yaml")) {
                return YAML;
            }
            throw new IllegalArgumentException("Content-Type: '" + (contentType == null ? "" : contentType)
                    + "' (expected: application/json or application/yaml)");
        }
    }

    /**
     * Parses and validates {@code text} within {@link CompositionLimits#DEFAULTS}.
     *
     * @throws InvalidComposition with every problem found
     */
    public static CompositionDefinition parse(String text, Format format) {
        return parse(text, format, CompositionLimits.DEFAULTS);
    }

    /**
     * Parses and validates {@code text} within {@code limits}.
     *
     * @throws InvalidComposition with every problem found
     */
    public static CompositionDefinition parse(String text, Format format, CompositionLimits limits) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(limits, "limits");
        // a cheap bound first: a char is at most 3 UTF-8 bytes, at least 1
        if (text.length() > limits.maxBytes()
                || (text.length() * 3L > limits.maxBytes()
                && text.getBytes(StandardCharsets.UTF_8).length > limits.maxBytes())) {
            throw new InvalidComposition(List.of(new Violation("", "the definition is longer than "
                    + limits.maxBytes() + " bytes; split it into compositions that call each other")));
        }
        var tree = TreeReader.read(text, format);
        return new DefinitionReader(limits).read(tree);
    }
}
