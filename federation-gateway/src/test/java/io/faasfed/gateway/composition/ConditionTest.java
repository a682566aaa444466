package io.faasfed.gateway.composition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.gateway.composition.CompositionParser.Format;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every operator, true and false, on the value it compares and on values of other types (false, never an error). */
class ConditionTest {

    static final JsonNode DATA = JsonMapper.builder().build().readTree("""
            {"s": "beta", "n": 10, "d": 2.5, "t": true, "f": false, "z": null, "o": {"k": 1}, "a": [1],
             "num": "10", "star": "a*b", "emoji": "\\ud83d\\ude00"}""");

    /** The condition as a definition writes it (YAML flow), read through the parser as the engine will get it. */
    static Condition condition(String yaml) {
        CompositionDefinition d = CompositionParser.parse("name: t\nstartAt: c\nstates:\n  c:\n    type: choice\n"
                + "    choices: [ { condition: " + yaml + ", next: e } ]\n  e: { type: succeed }\n", Format.YAML);
        return ((ChoiceState) d.states().get("c")).choices().get(0).condition();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "{ variable: $.s, stringEquals: beta }                 | true",
            "{ variable: $.s, stringEquals: Beta }                 | false",
            "{ variable: $.n, stringEquals: '10' }                 | false",
            "{ variable: $.num, stringEquals: '10' }               | true",
            "{ variable: $.s, stringLessThan: gamma }              | true",
            "{ variable: $.s, stringLessThan: alpha }              | false",
            "{ variable: $.n, stringLessThan: zzz }                | false",
            "{ variable: $.s, stringGreaterThan: alpha }           | true",
            "{ variable: $.s, stringGreaterThan: beta }            | false",
            "{ variable: $.emoji, stringGreaterThan: \"\\uFFFF\" } | true",
            "{ variable: $.s, stringMatches: 'b*a' }               | true",
            "{ variable: $.s, stringMatches: '*et*' }              | true",
            "{ variable: $.s, stringMatches: 'b*x' }               | false",
            "{ variable: $.star, stringMatches: 'a\\*b' }          | true",
            "{ variable: $.s, stringMatches: 'a\\*b' }             | false",
            "{ variable: $.n, stringMatches: '*' }                 | false",
            "{ variable: $.n, numericEquals: 10.0 }                | true",
            "{ variable: $.n, numericEquals: 11 }                  | false",
            "{ variable: $.num, numericEquals: 10 }                | false",
            "{ variable: $.d, numericLessThan: 3 }                 | true",
            "{ variable: $.d, numericLessThan: 2.5 }               | false",
            "{ variable: $.s, numericLessThan: 100 }               | false",
            "{ variable: $.d, numericLessThanEquals: 2.5 }         | true",
            "{ variable: $.d, numericLessThanEquals: 2.4 }         | false",
            "{ variable: $.n, numericGreaterThan: 9.99 }           | true",
            "{ variable: $.n, numericGreaterThan: 10 }             | false",
            "{ variable: $.t, numericGreaterThan: 0 }              | false",
            "{ variable: $.n, numericGreaterThanEquals: 10 }       | true",
            "{ variable: $.n, numericGreaterThanEquals: 10.01 }    | false",
            "{ variable: $.t, booleanEquals: true }                | true",
            "{ variable: $.f, booleanEquals: true }                | false",
            "{ variable: $.s, booleanEquals: true }                | false",
            "{ variable: $.z, isPresent: true }                    | true",
            "{ variable: $.nope, isPresent: true }                 | false",
            "{ variable: $.nope, isPresent: false }                | true",
            "{ variable: $.o.nope, isPresent: false }              | true",
            "{ variable: $.z, isNull: true }                       | true",
            "{ variable: $.s, isNull: true }                       | false",
            "{ variable: $.s, isNull: false }                      | true",
            "{ variable: $.nope, isNull: false }                   | false",
            "{ variable: $.s, isString: true }                     | true",
            "{ variable: $.num, isString: true }                   | true",
            "{ variable: $.n, isString: true }                     | false",
            "{ variable: $.d, isNumeric: true }                    | true",
            "{ variable: $.num, isNumeric: true }                  | false",
            "{ variable: $.o, isNumeric: false }                   | true",
            "{ variable: $.f, isBoolean: true }                    | true",
            "{ variable: $.a, isBoolean: true }                    | false",
            "{ variable: $.nope, stringEquals: x }                 | false",
            "{ variable: $.nope, numericEquals: 0 }                | false",
    })
    void comparisons(String yaml, boolean expected) {
        assertThat(condition(yaml).test(DATA)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "{ and: [ { variable: $.n, numericEquals: 10 }, { variable: $.s, stringEquals: beta } ] }  | true",
            "{ and: [ { variable: $.n, numericEquals: 10 }, { variable: $.s, stringEquals: gamma } ] } | false",
            "{ or: [ { variable: $.n, numericEquals: 11 }, { variable: $.s, stringEquals: beta } ] }   | true",
            "{ or: [ { variable: $.n, numericEquals: 11 }, { variable: $.s, stringEquals: gamma } ] }  | false",
            "{ not: { variable: $.t, booleanEquals: true } }                                          | false",
            "{ not: { variable: $.nope, booleanEquals: true } }                                       | true",
            "{ not: { or: [ { variable: $.a, isPresent: false }, { not: { variable: $.z, isNull: true } } ] } } | true",
    })
    void combinators(String yaml, boolean expected) {
        assertThat(condition(yaml).test(DATA)).isEqualTo(expected);
    }

    @Test
    void numbersCompareByValueWhateverTheirScale() {
        Condition a = condition("{ variable: $.n, numericEquals: 100 }");
        Condition b = condition("{ variable: $.n, numericEquals: 100.00 }");

        assertThat(a).isEqualTo(b);
        assertThat(((Condition.Comparison) a).operand()).isEqualTo(new BigDecimal("1E+2"));
    }

    @Test
    void aComparisonRefusesAnOperandOfTheWrongKind() {
        assertThatThrownBy(() -> new Condition.Comparison(Selector.ROOT, Condition.Operator.NUMERIC_EQUALS, "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: a BigDecimal");
    }

    @Test
    void globMatchingStaysLinearOnHostilePatterns() {
        String text = "a".repeat(20_000) + "b";
        Condition c = condition("{ variable: $.x, stringMatches: '" + "*a".repeat(50) + "*c' }");
        JsonNode data = JsonMapper.builder().build().createObjectNode().put("x", text);

        long start = System.nanoTime();
        assertThat(c.test(data)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
