package io.faasfed.gateway.composition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.gateway.composition.CompositionParser.Format;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositionParserTest {

    static String resource(String name) {
        try (InputStream in = CompositionParserTest.class.getResourceAsStream("/composition/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theFullExampleReadsTheSameInJsonAndYaml() {
        CompositionDefinition yaml = CompositionParser.parse(resource("order-pipeline.yaml"), Format.YAML);
        CompositionDefinition json = CompositionParser.parse(resource("order-pipeline.json"), Format.JSON);

        assertThat(json).isEqualTo(yaml);
        assertThat(yaml.states().keySet()).containsExactly("validate", "fallback", "enrich", "route", "each", "seq",
                "done", "rejected");
    }

    @Test
    void theFullExampleHoldsEveryValueAsWritten() {
        CompositionDefinition d = CompositionParser.parse(resource("order-pipeline.yaml"), Format.YAML);

        assertThat(d.name()).isEqualTo("order-pipeline");
        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.startAt()).isEqualTo("validate");
        TaskState validate = (TaskState) d.states().get("validate");
        assertThat(validate.function()).isEqualTo("validate-order");
        assertThat(validate.input()).isEqualTo(Selector.parse("$.order"));
        assertThat(validate.resultPath()).isEqualTo(ResultPath.parse("$.validation"));
        assertThat(validate.output()).isEqualTo(Selector.ROOT);
        assertThat(validate.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(validate.retry()).containsExactly(new Retrier(
                List.of(ErrorCategory.PLATFORM_UNAVAILABLE, ErrorCategory.TIMEOUT), Duration.ofSeconds(1), 2.0, 3,
                0.5));
        assertThat(validate.catchers()).containsExactly(new Catcher(List.of(ErrorCategory.FUNCTION_FAILED),
                "fallback", ResultPath.parse("$.error")));
        assertThat(validate.next()).isEqualTo("enrich");
        assertThat(((TaskState) d.states().get("fallback")).resultPath().isDiscard()).isTrue();

        ParallelState enrich = (ParallelState) d.states().get("enrich");
        assertThat(enrich.branches()).hasSize(2);
        assertThat(((TaskState) enrich.branches().get(1).states().get("a")).input().toString())
                .isEqualTo("$.order.lines");

        ChoiceState route = (ChoiceState) d.states().get("route");
        assertThat(route.choices().get(0).condition()).isEqualTo(new Condition.Comparison(
                Selector.parse("$.order.total"), Condition.Operator.NUMERIC_GREATER_THAN, new BigDecimal("100")));
        assertThat(route.choices().get(1).condition()).isInstanceOf(Condition.And.class);
        assertThat(route.defaultNext()).isEqualTo("rejected");
        assertThat(route.transitions()).containsExactly("each", "seq", "rejected");

        MapState each = (MapState) d.states().get("each");
        assertThat(each.items().toString()).isEqualTo("$.order.lines");
        assertThat(each.maxConcurrency()).isEqualTo(4);
        assertThat(each.iterator().startAt()).isEqualTo("line");

        SequenceState seq = (SequenceState) d.states().get("seq");
        assertThat(seq.steps()).extracting(SequenceState.Step::function).containsExactly("tax", "shipping");
        assertThat(seq.steps().get(1).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(seq.steps().get(1).retry().get(0).maxAttempts()).isEqualTo(2);
        assertThat(seq.steps().get(1).retry().get(0).interval()).isEqualTo(Retrier.DEFAULT_INTERVAL);

        assertThat(d.states().get("done")).isEqualTo(new SucceedState());
        assertThat(d.states().get("rejected")).isEqualTo(new FailState("OrderRejected", "no route matched the order"));
    }

    @Test
    void functionsListsEveryCalledFunctionOnceInOrderAcrossScopes() {
        CompositionDefinition d = CompositionParser.parse(resource("order-pipeline.yaml"), Format.YAML);

        assertThat(d.functions()).containsExactly("validate-order", "validate-order-lenient.guest", "customer-info",
                "stock-check", "price-line", "tax", "shipping");
    }

    @Test
    void stepsCountsEveryStateInEveryScopeAndEachSequenceStep() {
        CompositionDefinition d = CompositionParser.parse(resource("order-pipeline.yaml"), Format.YAML);

        // 8 top-level states, the sequence counting 2 instead of 1, plus 2 branch states and 1 iterator state
        assertThat(d.steps()).isEqualTo(8 + 1 + 2 + 1);
    }

    @Test
    void toJsonParsesBackToAnEqualDefinitionAndIsStable() {
        CompositionDefinition d = CompositionParser.parse(resource("order-pipeline.yaml"), Format.YAML);

        String json = d.toJson();
        CompositionDefinition again = CompositionParser.parse(json, Format.JSON);

        assertThat(again).isEqualTo(d);
        assertThat(again.toJson()).isEqualTo(json);
        assertThat(json).startsWith("{\"name\":\"order-pipeline\",\"description\":");
        assertThat(json).contains("\"resultPath\":null").contains("\"timeout\":\"5m\"").contains("\"end\":true")
                .doesNotContain("\"input\":\"$\"");
    }

    @Test
    void toJsonWritesDurationsInGoStyleExactly() {
        String text = "{\"name\":\"d\",\"timeout\":\"PT1H30M0.5S\",\"startAt\":\"a\",\"states\":{\"a\":{\"type\":"
                + "\"task\",\"function\":\"f\",\"timeout\":\"1.5s\",\"end\":true}}}";
        CompositionDefinition d = CompositionParser.parse(text, Format.JSON);

        assertThat(d.timeout()).isEqualTo(Duration.ofMillis(5_400_500));
        assertThat(d.toJson()).contains("\"timeout\":\"1h30m500ms\"").contains("\"timeout\":\"1500ms\"");
        assertThat(CompositionParser.parse(d.toJson(), Format.JSON)).isEqualTo(d);
    }

    @Test
    void formatFollowsTheContentType() {
        assertThat(Format.fromContentType("application/json; charset=utf-8")).isEqualTo(Format.JSON);
        assertThat(Format.fromContentType("application/vnd.faasfed+json")).isEqualTo(Format.JSON);
        assertThat(Format.fromContentType("application/yaml")).isEqualTo(Format.YAML);
        assertThat(Format.fromContentType("text/x-yaml")).isEqualTo(Format.YAML);
        assertThatThrownBy(() -> Format.fromContentType("text/plain"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text/plain").hasMessageContaining("application/json or application/yaml");
        assertThatThrownBy(() -> Format.fromContentType(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theModelIsImmutable() {
        CompositionDefinition d = CompositionParser.parse(resource("order-pipeline.yaml"), Format.YAML);

        assertThatThrownBy(() -> d.states().remove("done")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.functions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((TaskState) d.states().get("validate")).retry().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void retryDelaysGrowByTheBackoffRateWithTheJitterShareRandom() {
        Retrier r = new Retrier(List.of(ErrorCategory.ANY), Duration.ofSeconds(1), 2.0, 5, 0.5);

        assertThat(r.delayBefore(1, 1.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.delayBefore(3, 1.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(r.delayBefore(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.matches(ErrorCategory.TIMEOUT)).isTrue();
        assertThat(new Retrier(List.of(ErrorCategory.TIMEOUT), null, 1, 1, 0).matches(ErrorCategory.FUNCTION_FAILED))
                .isFalse();
    }
}
