package io.faasfed.gateway.composition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SelectorTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNode DATA = JSON.readTree("""
            {"a": {"b": 1, "list": [10, {"x": "y"}, null]}, "key with spaces": true, "it's": "q",
             "n": null, "s": "text"}""");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "$                       | $",
            "$.a                     | $.a",
            "$.a.b                   | $.a.b",
            "$['a'][\"b\"]           | $.a.b",
            "$.a.list[0]             | $.a.list[0]",
            "$.a.list[1].x           | $.a.list[1].x",
            "$['key with spaces']    | $['key with spaces']",
            "$['it\\'s']             | $['it\\'s']",
            "$.under_score-dash.9    | $.under_score-dash.9",
    })
    void goodSelectorsParseToTheirCanonicalSpelling(String text, String canonical) {
        Selector s = Selector.parse(text);

        assertThat(s.toString()).isEqualTo(canonical);
        assertThat(Selector.parse(s.toString())).isEqualTo(s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                 | it is empty",
            "a.b                | (at character 1): a selector starts with $",
            "$.a..b             | (at character 4): recursive descent",
            "$..a               | (at character 2): recursive descent",
            "$.*                | (at character 3): wildcards are not supported",
            "$.a[*]             | (at character 5): wildcards are not supported",
            "$.a[?(@.x)]        | (at character 5): filters are not supported",
            "$.a[-1]            | (at character 5): negative indexes are not supported",
            "$.a[0:2]           | (at character 6): slices are not supported",
            "$.a[0,1]           | (at character 6): unions are not supported",
            "$.a[01]            | (at character 5): write the index without leading zeros",
            "$.a[0              | '[' is not closed",
            "$['a               | the quoted key is not closed",
            "$.a b              | (at character 4): unexpected ' '",
            "$.                 | a name must follow '.'",
            "$.a.$b             | (at character 5): '$' cannot start a dotted name",
            "$a                 | (at character 2): unexpected 'a'",
            "$.a[1234567890]    | the index is too large",
    })
    void badSelectorsSayWhyAndWhere(String text, String why) {
        assertThatThrownBy(() -> Selector.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad selector '" + text + "'")
                .hasMessageContaining(why);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "$.a.b                | 1",
            "$.a.list[0]          | 10",
            "$.a.list[1]          | {\"x\":\"y\"}",
            "$.a.list[2]          | null",
            "$.n                  | null",
            "$['key with spaces'] | true",
    })
    void applyPicksTheValue(String selector, String expected) {
        assertThat(Selector.parse(selector).apply(DATA)).isEqualTo(JSON.readTree(expected));
        assertThat(Selector.parse(selector).find(DATA)).contains(JSON.readTree(expected));
    }

    @Test
    void rootIsTheWholeData() {
        assertThat(Selector.ROOT.apply(DATA)).isSameAs(DATA);
        assertThat(Selector.parse("$").isRoot()).isTrue();
        assertThat(Selector.parse("$.a").segments()).isEqualTo(List.of("a"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "$.missing      | the object at $ has no field 'missing' (fields: a, key with spaces, it's, n, s)",
            "$.a.list[3]    | index 3 is past the end of the array at $.a.list (3 elements)",
            "$.s.x          | $.s is a string, not an object with field 'x'",
            "$.a[0]         | $.a is an object, not an array",
            "$.n.x          | $.n is null, not an object with field 'x'",
            "$.a.list.x     | $.a.list is an array, not an object with field 'x'",
    })
    void applyFailsSayingWhereAndWhatItMet(String selector, String message) {
        assertThat(Selector.parse(selector).find(DATA)).isEmpty();
        assertThatThrownBy(() -> Selector.parse(selector).apply(DATA))
                .isInstanceOf(SelectionException.class)
                .hasMessage(selector + ": " + message);
    }
}
