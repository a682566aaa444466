package io.faasfed.gateway.composition;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A test on a state's data that a choice state uses to pick its next state: a {@link Comparison} of one value the
 * {@code variable} selector names, or {@link And}, {@link Or} and {@link Not} over other conditions.
 *
 * <p>A comparison never fails a run: a value of another type than the operator compares (a number for
 * {@code stringEquals}, a string for {@code numericGreaterThan}) makes it false, and so does a missing value for
 * every operator but {@code isPresent}.
 */
public sealed interface Condition permits Condition.Comparison, Condition.And, Condition.Or, Condition.Not {

    /** Whether this condition holds for {@code data}. */
    boolean test(JsonNode data);

    /** The kind of operand an operator takes. */
    enum Operand {
        /** A JSON string. */
        STRING,
        /** A JSON number. */
        NUMBER,
        /** A JSON boolean. */
        BOOLEAN
    }

    /** The comparison operators, written in definitions by their {@link #jsonName()}. */
    enum Operator {
        /** The value is a string equal to the operand. */
        STRING_EQUALS("stringEquals", Operand.STRING),
        /** The value is a string before the operand, by Unicode code point. */
        STRING_LESS_THAN("stringLessThan", Operand.STRING),
        /** The value is a string after the operand, by Unicode code point. */
        STRING_GREATER_THAN("stringGreaterThan", Operand.STRING),
        /** The value is a string matching the operand, a glob where {@code *} is any run of characters. */
        STRING_MATCHES("stringMatches", Operand.STRING),
        /** The value is a number equal to the operand ({@code 1} equals {@code 1.0}). */
        NUMERIC_EQUALS("numericEquals", Operand.NUMBER),
        /** The value is a number less than the operand. */
        NUMERIC_LESS_THAN("numericLessThan", Operand.NUMBER),
        /** The value is a number less than or equal to the operand. */
        NUMERIC_LESS_THAN_EQUALS("numericLessThanEquals", Operand.NUMBER),
        /** The value is a number greater than the operand. */
        NUMERIC_GREATER_THAN("numericGreaterThan", Operand.NUMBER),
        /** The value is a number greater than or equal to the operand. */
        NUMERIC_GREATER_THAN_EQUALS("numericGreaterThanEquals", Operand.NUMBER),
        /** The value is a boolean equal to the operand. */
        BOOLEAN_EQUALS("booleanEquals", Operand.BOOLEAN),
        /** The value is there (true) or not (false); the only operator that looks at a missing value. */
        IS_PRESENT("isPresent", Operand.BOOLEAN),
        /** The value is (true) or is not (false) a JSON null. */
        IS_NULL("isNull", Operand.BOOLEAN),
        /** The value is (true) or is not (false) a string. */
        IS_STRING("isString", Operand.BOOLEAN),
        /** The value is (true) or is not (false) a number. */
        IS_NUMERIC("isNumeric", Operand.BOOLEAN),
        /** The value is (true) or is not (false) a boolean. */
        IS_BOOLEAN("isBoolean", Operand.BOOLEAN);

        private final String jsonName;
        private final Operand operand;

        Operator(String jsonName, Operand operand) {
            this.jsonName = jsonName;
            this.operand = operand;
        }

        /** The name written in a definition, e.g. {@code numericGreaterThan}. */
        public String jsonName() {
            return jsonName;
        }

        /** The kind of operand it takes. */
        public Operand operand() {
            return operand;
        }

        /** The operator written as {@code name}, if there is one. */
        public static Optional<Operator> fromJsonName(String name) {
            return Arrays.stream(values()).filter(o -> o.jsonName.equals(name)).findFirst();
        }
    }

    /**
     * One operator applied to the value {@code variable} names.
     *
     * @param variable the value tested
     * @param operator the test
     * @param operand  a {@link String}, a {@link BigDecimal} (trailing zeros stripped) or a {@link Boolean}, as the
     *                 operator's {@link Operator#operand()} says
     */
    record Comparison(Selector variable, Operator operator, Object operand) implements Condition {

        /** Checks that the operand is of the operator's kind, and normalizes numbers. */
        public Comparison {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
            Class<?> expected = switch (operator.operand()) {
                case STRING -> String.class;
                case NUMBER -> BigDecimal.class;
                case BOOLEAN -> Boolean.class;
            };
            if (!expected.isInstance(operand)) {
                throw new IllegalArgumentException("operand of " + operator.jsonName() + ": " + operand
                        + " (expected: a " + expected.getSimpleName() + ")");
            }
            if (operand instanceof BigDecimal number) {
                operand = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
            }
        }

        @Override
        public boolean test(JsonNode data) {
            Optional<JsonNode> found = variable.find(data);
            if (operator == Operator.IS_PRESENT) {
                return found.isPresent() == (Boolean) operand;
            }
            if (found.isEmpty()) {
                return false;
            }
            JsonNode value = found.get();
            return switch (operator) {
                case STRING_EQUALS -> value.isString() && value.stringValue().equals(operand);
                case STRING_LESS_THAN -> value.isString() && compareCodePoints(value.stringValue(), (String) operand) < 0;
                case STRING_GREATER_THAN -> value.isString()
                        && compareCodePoints(value.stringValue(), (String) operand) > 0;
                case STRING_MATCHES -> value.isString() && Globs.matches((String) operand, value.stringValue());
                case NUMERIC_EQUALS -> compareNumber(value) == 0;
                case NUMERIC_LESS_THAN -> compareNumber(value) == -1;
                case NUMERIC_LESS_THAN_EQUALS -> compareNumber(value) == -1 || compareNumber(value) == 0;
                case NUMERIC_GREATER_THAN -> compareNumber(value) == 1;
                case NUMERIC_GREATER_THAN_EQUALS -> compareNumber(value) == 1 || compareNumber(value) == 0;
                case BOOLEAN_EQUALS -> value.isBoolean() && value.booleanValue() == (Boolean) operand;
                case IS_NULL -> value.isNull() == (Boolean) operand;
                case IS_STRING -> value.isString() == (Boolean) operand;
                case IS_NUMERIC -> value.isNumber() == (Boolean) operand;
                case IS_BOOLEAN -> value.isBoolean() == (Boolean) operand;
                case IS_PRESENT -> throw new IllegalStateException("handled above");
            };
        }

        /** -1, 0 or 1 comparing a number value with the operand; 2 when the value is no number (never true). */
        private int compareNumber(JsonNode value) {
            if (!value.isNumber()) {
                return 2;
            }
            if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
                return 2;
            }
            return Integer.signum(value.decimalValue().compareTo((BigDecimal) operand));
        }

        private static int compareCodePoints(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                int ca = a.codePointAt(i);
                int cb = b.codePointAt(j);
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                i += Character.charCount(ca);
                j += Character.charCount(cb);
            }
            return Boolean.compare(i < a.length(), j < b.length());
        }
    }

    /**
     * Holds when every one of {@code conditions} holds (checked in order, stopping at the first false).
     *
     * @param conditions at least one
     */
    record And(List<Condition> conditions) implements Condition {

        /** Copies the list. */
        public And {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(JsonNode data) {
            return conditions.stream().allMatch(c -> c.test(data));
        }
    }

    /**
     * Holds when any of {@code conditions} holds (checked in order, stopping at the first true).
     *
     * @param conditions at least one
     */
    record Or(List<Condition> conditions) implements Condition {

        /** Copies the list. */
        public Or {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(JsonNode data) {
            return conditions.stream().anyMatch(c -> c.test(data));
        }
    }

    /**
     * Holds when {@code condition} does not.
     *
     * @param condition the condition negated
     */
    record Not(Condition condition) implements Condition {

        /** Requires the condition. */
        public Not {
            Objects.requireNonNull(condition, "condition");
        }

        @Override
        public boolean test(JsonNode data) {
            return !condition.test(data);
        }
    }
}
