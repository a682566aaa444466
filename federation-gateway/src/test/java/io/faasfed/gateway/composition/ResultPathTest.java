package io.faasfed.gateway.composition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class ResultPathTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @ParameterizedTest(name = "{1} into {0} at {2}")
    @CsvSource(delimiter = '|', value = {
            // data                         | result   | path            | merged
            "{\"a\":1}                      | {\"r\":2} | $               | {\"r\":2}",
            "{\"a\":1}                      | 2         | $.r             | {\"a\":1,\"r\":2}",
            "{\"a\":1}                      | 2         | $.a             | {\"a\":2}",
            "{\"a\":1}                      | 2         | $.x.y.z         | {\"a\":1,\"x\":{\"y\":{\"z\":2}}}",
            "{\"a\":{\"k\":0}}              | 2         | $.a.b           | {\"a\":{\"k\":0,\"b\":2}}",
            "{\"a\":null}                   | 2         | $.a.b           | {\"a\":{\"b\":2}}",
            "null                           | 2         | $.r             | {\"r\":2}",
            "{\"l\":[1,2,3]}                | 9         | $.l[1]          | {\"l\":[1,9,3]}",
            "{\"l\":[{\"a\":1}]}            | 9         | $.l[0].b        | {\"l\":[{\"a\":1,\"b\":9}]}",
            "{\"l\":[null]}                 | 9         | $.l[0].b        | {\"l\":[{\"b\":9}]}",
            "{}                             | 9         | $['a key']      | {\"a key\":9}",
    })
    void mergePutsTheResultInPlace(String data, String result, String path, String merged) {
        assertThat(ResultPath.parse(path).merge(json(data), json(result))).isEqualTo(json(merged));
    }

    @Test
    void mergeNeverChangesItsInputs() {
        JsonNode data = json("{\"a\":{\"b\":1}}");
        JsonNode result = json("{\"r\":[1]}");

        JsonNode merged = ResultPath.parse("$.a.c").merge(data, result);
        ((tools.jackson.databind.node.ObjectNode) merged.get("a").get("c")).put("changed", true);

        assertThat(data).isEqualTo(json("{\"a\":{\"b\":1}}"));
        assertThat(result).isEqualTo(json("{\"r\":[1]}"));
    }

    @Test
    void discardLetsTheDataPassThrough() {
        JsonNode data = json("{\"a\":1}");

        assertThat(ResultPath.parse(null)).isSameAs(ResultPath.DISCARD);
        assertThat(ResultPath.DISCARD.merge(data, json("{\"r\":2}"))).isEqualTo(data);
        assertThat(ResultPath.DISCARD.toString()).isEqualTo("null");
        assertThat(ResultPath.ROOT.merge(data, null)).isEqualTo(JsonNodeFactory.instance.nullNode());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"l\":[1]}     | $.l[1]   | index 1 is past the end of the array at $.l (1 elements)",
            "{\"l\":[]}      | $.l[0].a | index 0 is past the end of the array at $.l (0 elements)",
            "{\"s\":\"t\"}   | $.s.x    | $.s is a string, but the path needs an object to set field 'x' in",
            "\"text\"        | $.x      | $ is a string, but the path needs an object to set field 'x' in",
            "{\"o\":{}}      | $.o[0]   | $.o is an object, but the path needs an array to set index 0 in",
    })
    void mergeRefusesToOverwriteDataOfAnotherKind(String data, String path, String message) {
        assertThatThrownBy(() -> ResultPath.parse(path).merge(json(data), json("1")))
                .isInstanceOf(SelectionException.class)
                .hasMessageStartingWith("resultPath " + path + ": " + message);
    }

    @Test
    void resultPathsUseSelectorSyntax() {
        assertThatThrownBy(() -> ResultPath.parse("$.a[*]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wildcards");
        assertThat(ResultPath.parse("$")).isSameAs(ResultPath.ROOT);
        assertThat(ResultPath.parse("$['a']")).isEqualTo(ResultPath.parse("$.a"));
    }
}
