package io.faasfed.gateway.composition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faasfed.gateway.composition.CompositionParser.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the format, with the exact path of the problem and what the message tells the author to write. */
class CompositionValidationTest {

    static List<Violation> violations(String yaml) {
        InvalidComposition e = catchThrowableOfType(InvalidComposition.class,
                () -> CompositionParser.parse(yaml, Format.YAML));
        assertThat(e).as("expected the definition to be refused").isNotNull();
        return e.violations();
    }

    static Violation only(String yaml) {
        List<Violation> all = violations(yaml);
        assertThat(all).as("violations").hasSize(1);
        return all.get(0);
    }

    static final String HEAD = "name: t\nstartAt: a\nstates:\n";

    @Test
    void aNextToAnUnknownStateNamesTheStatesThatExist() {
        List<Violation> all = violations(HEAD + "  a: { type: task, function: f, next: bb }\n  b: { type: succeed }\n");
        Violation v = all.get(0);
        assertThat(all).extracting(Violation::path).containsExactly("states.a.next", "states.b");

        assertThat(v.path()).isEqualTo("states.a.next");
        assertThat(v.message()).contains("no state 'bb'").contains("did you mean 'b'?")
                .contains("states here: a, b");
    }

    @Test
    void unknownDefaultAndCatchTargetsAndStartAtAreReportedAtTheirPaths() {
        List<Violation> all = violations("name: t\nstartAt: x\nstates:\n"
                + "  a: { type: choice, choices: [ { condition: { variable: $.a, isPresent: true }, next: nope } ],"
                + " default: gone }\n"
                + "  b: { type: task, function: f, catch: [ { errors: [any], next: lost } ], end: true }\n");

        assertThat(all).extracting(Violation::path).contains("states.a.choices[0].next", "states.a.default",
                "states.b.catch[0].next", "startAt");
    }

    @Test
    void unreachableStatesAreEachReported() {
        List<Violation> all = violations(HEAD + "  a: { type: succeed }\n  b: { type: succeed }\n"
                + "  c: { type: task, function: f, next: b }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.b", "states.c");
        assertThat(all.get(0).message()).contains("unreachable").contains("startAt 'a'");
    }

    @Test
    void aCycleIsReportedWithItsStatesInOrderAtTheEdgeThatClosesIt() {
        Violation v = only(HEAD + "  a: { type: task, function: f, next: b }\n"
                + "  b: { type: task, function: g, next: c }\n  c: { type: task, function: h, next: a }\n");

        assertThat(v.path()).isEqualTo("states.c.next");
        assertThat(v.message()).contains("cycle: a -> b -> c -> a").contains("use retry");
    }

    @Test
    void aCatchThatLoopsBackIsACycleToo() {
        Violation v = only(HEAD + "  a: { type: task, function: f, next: b }\n"
                + "  b: { type: task, function: g, catch: [ { errors: [timeout], next: a } ], end: true }\n");

        assertThat(v.path()).isEqualTo("states.b.catch[0].next");
        assertThat(v.message()).contains("cycle: a -> b -> a");
    }

    @Test
    void aSelfLoopThroughAChoiceIsACycle() {
        Violation v = only(HEAD + "  a: { type: choice, choices: [ { condition: { variable: $.x, isNull: true }, "
                + "next: a } ], default: b }\n  b: { type: succeed }\n");

        assertThat(v.path()).isEqualTo("states.a.choices[0].next");
        assertThat(v.message()).contains("cycle: a -> a");
    }

    @Test
    void graphChecksRunPerScopeAndNamesMayRepeatAcrossScopes() {
        Violation v = only(HEAD + "  a:\n    type: parallel\n    branches:\n"
                + "      - startAt: a\n        states: { a: { type: task, function: f, next: b }, "
                + "b: { type: succeed } }\n"
                + "      - startAt: a\n        states: { a: { type: task, function: f, next: missing } }\n"
                + "    end: true\n");

        assertThat(v.path()).isEqualTo("states.a.branches[1].states.a.next");
        assertThat(v.message()).contains("states here: a");
    }

    @Test
    void aStateInAnotherScopeCannotBeTheTarget() {
        Violation v = only(HEAD + "  a:\n    type: map\n    iterator: { startAt: x, states: { x: { type: task, "
                + "function: f, next: b } } }\n    next: b\n  b: { type: succeed }\n");

        assertThat(v.path()).isEqualTo("states.a.iterator.states.x.next");
    }

    @Test
    void anUnknownStateTypeSuggestsTheClosestAndListsAll() {
        Violation v = only(HEAD + "  a: { type: taks, function: f, end: true }\n");

        assertThat(v.path()).isEqualTo("states.a.type");
        assertThat(v.message()).contains("unknown state type 'taks'").contains("did you mean 'task'?")
                .contains("task, sequence, parallel, map, choice, succeed, fail");
    }

    @Test
    void unknownFieldsNameTheAllowedOnes() {
        Violation v = only(HEAD + "  a: { type: task, function: f, nxt: b, end: true }\n");

        assertThat(v.path()).isEqualTo("states.a.nxt");
        assertThat(v.message()).contains("unknown field").contains("did you mean 'next'?")
                .contains("allowed here: type, function, input, resultPath, output, timeout, retry, catch, next, end");
    }

    @Test
    void unknownTopLevelFieldsAndMissingRequiredOnesAreReported() {
        List<Violation> all = violations("nam: t\nstates:\n  a: { type: task, end: true }\n");

        assertThat(all).extracting(Violation::path).containsExactlyInAnyOrder("nam", "name", "startAt",
                "states.a.function");
    }

    @Test
    void nextAndEndTogetherOrNeitherAreRefused() {
        List<Violation> all = violations(HEAD + "  a: { type: task, function: f, next: b, end: true }\n"
                + "  b: { type: task, function: g }\n");

        assertThat(all).containsExactly(
                new Violation("states.a.end", "both next and end: true; write only one: next to go on, end: true "
                        + "to finish the scope"),
                new Violation("states.b", "neither next nor end; write next: <state> to go on, or end: true to "
                        + "finish the scope"));
    }

    @Test
    void choiceSucceedAndFailHaveNoNextOfTheirOwn() {
        List<Violation> all = violations(HEAD + "  a: { type: choice, choices: [ { condition: { variable: $.x, "
                + "isNull: true }, next: b } ], next: b }\n  b: { type: succeed, end: true }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a.next", "states.b.end");
        assertThat(all.get(0).message()).contains("write the state as default");
        assertThat(all.get(1).message()).contains("ends its scope by itself");
    }

    @Test
    void badSelectorsSayWhyAndWhere() {
        List<Violation> all = violations(HEAD + "  a: { type: task, function: f, input: \"$.a..b\", "
                + "output: \"$.items[*]\", resultPath: \"a.b\", end: true }\n");

        assertThat(all).containsExactly(
                new Violation("states.a.input", "bad selector '$.a..b' (at character 4): recursive descent '..' is "
                        + "not supported; name each field: write a path such as $, $.a.b, $.a[0] or "
                        + "$['key with spaces']"),
                new Violation("states.a.resultPath", "bad selector 'a.b' (at character 1): a selector starts with $; "
                        + "write a path such as $, $.a.b, $.a[0] or $['key with spaces']"),
                new Violation("states.a.output", "bad selector '$.items[*]' (at character 9): wildcards are not "
                        + "supported; a selector names one value"));
    }

    @Test
    void badDurationsSayWhatToWrite() {
        List<Violation> all = violations("name: t\ntimeout: 5 minutes\nstartAt: a\nstates:\n"
                + "  a: { type: task, function: f, timeout: 30, end: true }\n"
                + "  b: { type: task, function: f, timeout: 0s, end: true }\n");

        assertThat(all).extracting(Violation::path).containsExactly("timeout", "states.a.timeout",
                "states.b.timeout", "states.b");
        assertThat(all.get(0).message()).contains("'5 minutes' is not a duration").contains("500ms, 30s, 5m");
        assertThat(all.get(1).message()).contains("write the unit: 30s");
        assertThat(all.get(2).message()).contains("out of range").contains("at least 1ms");
    }

    @Test
    void retryValuesAreCheckedAgainstTheirRanges() {
        List<Violation> all = violations(HEAD + "  a:\n    type: task\n    function: f\n    end: true\n"
                + "    retry:\n      - { errors: [timeout], interval: 2h, backoffRate: 0.5, maxAttempts: 101, "
                + "jitter: 1.5 }\n      - { errors: [timeout], maxAttempts: 2.5 }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a.retry[0].interval",
                "states.a.retry[0].backoffRate", "states.a.retry[0].maxAttempts", "states.a.retry[0].jitter",
                "states.a.retry[1].maxAttempts");
        assertThat(all.get(1).message()).isEqualTo("0.5 is out of range; write a number from 1 to 10");
        assertThat(all.get(2).message()).isEqualTo("101 is out of range; write a whole number from 1 to 100");
        assertThat(all.get(4).message()).contains("expected a whole number from 1 to 100, got 2.5");
    }

    @Test
    void unknownErrorCategoriesAreNamedWithTheAllowedOnes() {
        Violation v = only(HEAD + "  a: { type: task, function: f, end: true, retry: [ { errors: [timeout, "
                + "platform-down] } ] }\n");

        assertThat(v.path()).isEqualTo("states.a.retry[0].errors[1]");
        assertThat(v.message()).contains("unknown error category 'platform-down'")
                .contains("platform-unavailable, timeout, function-failed, any");
    }

    @Test
    void anyStandsAloneAndLastInItsList() {
        List<Violation> all = violations(HEAD + "  a:\n    type: task\n    function: f\n    end: true\n"
                + "    retry: [ { errors: [any, timeout] } ]\n"
                + "    catch: [ { errors: [any], next: b }, { errors: [timeout], next: b } ]\n  b: { type: succeed }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a.retry[0].errors",
                "states.a.catch[1]");
        assertThat(all.get(1).message()).contains("never used: states.a.catch[0]");
    }

    @Test
    void emptyBranchesStepsChoicesAndStatesAreRefused() {
        List<Violation> all = violations(HEAD + "  a: { type: parallel, branches: [], next: b }\n"
                + "  b: { type: sequence, steps: [], next: c }\n  c: { type: choice, choices: [] , default: d }\n"
                + "  d: { type: map, iterator: { startAt: x, states: {} }, end: true }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a.branches", "states.b.steps",
                "states.c.choices", "states.d.iterator.states");
        assertThat(all.get(0).message()).startsWith("empty");
    }

    @Test
    void nameMustBeAFunctionName() {
        Violation v = only("name: Order_Pipeline\nstartAt: a\nstates:\n  a: { type: succeed }\n");

        assertThat(v.path()).isEqualTo("name");
        assertThat(v.message()).contains("'Order_Pipeline' is not a composition name").contains("e.g. order-pipeline");
    }

    @Test
    void functionAndStateNamesAreChecked() {
        List<Violation> all = violations("name: t\nstartAt: \"a b\"\nstates:\n"
                + "  \"a b\": { type: task, function: \"f/../admin\", end: true }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a b", "states.a b.function");
    }

    @Test
    void mapConcurrencyAndFailFieldsAreChecked() {
        List<Violation> all = violations(HEAD + "  a: { type: map, maxConcurrency: 0, iterator: { startAt: x, "
                + "states: { x: { type: succeed } } }, next: b }\n  b: { type: fail }\n");

        assertThat(all).containsExactly(
                new Violation("states.a.maxConcurrency", "0 is out of range; write a whole number from 1 to 1000"),
                new Violation("states.b.error", "missing"));
    }

    @Test
    void aSequenceRetriesStepByStep() {
        Violation v = only(HEAD + "  a: { type: sequence, steps: [ { function: f, out: $ } ], end: true }\n");

        assertThat(v.path()).isEqualTo("states.a.steps[0].out");
        assertThat(v.message()).contains("did you mean 'output'?");
        Violation retry = only(HEAD + "  a: { type: sequence, steps: [ { function: f } ], retry: [ { errors: [any] }"
                + " ], end: true }\n");
        assertThat(retry.path()).isEqualTo("states.a.retry");
        assertThat(retry.message()).contains("move the retry into the steps");
        Violation unknown = only(HEAD + "  a: { type: sequence, steps: [ { function: f } ], bogus: 1, end: true }\n");
        assertThat(unknown.message()).endsWith("allowed here: type, steps, input, resultPath, output, timeout, "
                + "catch, next, end");
    }

    @Test
    void conditionsNeedExactlyOneOperator() {
        List<Violation> all = violations(HEAD + "  a:\n    type: choice\n    default: b\n    choices:\n"
                + "      - { condition: { variable: $.a }, next: b }\n"
                + "      - { condition: { variable: $.a, stringEquals: x, numericEquals: 1 }, next: b }\n"
                + "      - { condition: { variable: $.a, stringEqual: x }, next: b }\n"
                + "      - { condition: { and: [], variable: $.a }, next: b }\n"
                + "  b: { type: succeed }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a.choices[0].condition",
                "states.a.choices[1].condition", "states.a.choices[2].condition.stringEqual",
                "states.a.choices[2].condition", "states.a.choices[3].condition");
        assertThat(all.get(0).message()).startsWith("no operator; write one of stringEquals,");
        assertThat(all.get(1).message()).startsWith("2 operators (stringEquals, numericEquals)")
                .contains("combine several with and");
        assertThat(all.get(2).message()).contains("did you mean 'stringEquals'?");
        assertThat(all.get(4).message()).contains("stands alone");
    }

    @Test
    void operandsMustBeOfTheOperatorsType() {
        List<Violation> all = violations(HEAD + "  a:\n    type: choice\n    default: b\n    choices:\n"
                + "      - { condition: { variable: $.a, stringEquals: 100 }, next: b }\n"
                + "      - { condition: { variable: $.a, numericLessThan: \"5\" }, next: b }\n"
                + "      - { condition: { not: { variable: $.a, isNull: yes } }, next: b }\n"
                + "      - { condition: { variable: $.a, stringMatches: \"a\\\\b\" }, next: b }\n"
                + "  b: { type: succeed }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a.choices[0].condition.stringEquals",
                "states.a.choices[1].condition.numericLessThan", "states.a.choices[2].condition.not.isNull",
                "states.a.choices[3].condition.stringMatches");
        assertThat(all.get(0).message()).contains("quote it: \"100\"");
        assertThat(all.get(2).message()).contains("expected true or false, got a string");
        assertThat(all.get(3).message()).contains("escapes only '*' and '\\'");
    }

    @Test
    void everyProblemIsReportedAtOnceAndTheMessageListsThemAll() {
        InvalidComposition e = catchThrowableOfType(InvalidComposition.class, () -> CompositionParser.parse(
                "{\"name\":\"X\",\"startAt\":\"a\",\"states\":{\"a\":{\"type\":\"task\",\"end\":true}}}",
                Format.JSON));

        assertThat(e.violations()).hasSize(2);
        assertThat(e.getMessage()).isEqualTo("invalid composition (2 problems): name: 'X' is not a composition "
                + "name; write 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or "
                + "digit, e.g. order-pipeline; states.a.function: missing");
    }

    @Test
    void parseErrorsReportLineAndColumn() {
        Violation json = catchThrowableOfType(InvalidComposition.class, () -> CompositionParser.parse(
                "{\n  \"name\": \"t\",\n  \"startAt\" \"a\"\n}", Format.JSON)).violations().get(0);
        Violation yaml = only("name: t\nstates:\n  a: { type: task\n  b: 1\n");

        assertThat(json.path()).isEmpty();
        assertThat(json.message()).startsWith("line 3, column 13: ");
        assertThat(yaml.message()).isEqualTo("line 4, column 4: while parsing a flow mapping; expected ',' or '}', "
                + "but got :");
    }

    @Test
    void duplicateKeysAreRefusedWithTheirLine() {
        Violation v = only(HEAD + "  a: { type: succeed }\n  a: { type: fail, error: E }\n");

        assertThat(v.message()).isEqualTo("line 5, column 3: duplicate key 'a'; each key may appear once in an "
                + "object (state names once per scope)");
    }

    @Test
    void jsonWithContentAfterTheObjectIsRefused() {
        InvalidComposition e = catchThrowableOfType(InvalidComposition.class, () -> CompositionParser.parse(
                "{\"name\":\"t\",\"startAt\":\"a\",\"states\":{\"a\":{\"type\":\"succeed\"}}} {}",
                Format.JSON));

        assertThat(e.violations()).containsExactly(new Violation("", "line 1, column 62: unexpected content after "
                + "the definition's closing '}'"));
    }

    @Test
    void aMapNeedsAnIteratorAndItsItemsMustBeASelector() {
        List<Violation> all = violations(HEAD + "  a: { type: map, items: \"lines\", end: true }\n");

        assertThat(all).extracting(Violation::path).containsExactly("states.a.items", "states.a.iterator");
        assertThat(all.get(0).message()).contains("a selector starts with $");
    }

    @Test
    void theDocumentMustBeOneObject() {
        assertThat(only("- a\n- b\n").message()).contains("the definition is an array; write an object");
        assertThat(only("").message()).contains("empty");
        assertThat(only(HEAD + "  a: { type: succeed }\n---\nname: other\n").message())
                .contains("only one YAML document");
    }
}
