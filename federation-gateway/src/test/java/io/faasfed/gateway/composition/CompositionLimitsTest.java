package io.faasfed.gateway.composition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faasfed.gateway.composition.CompositionParser.Format;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A definition cannot cost much: size, steps, nesting, YAML's alias and tag machinery, violations reported. */
class CompositionLimitsTest {

    static InvalidComposition refused(String text, Format format, CompositionLimits limits) {
        InvalidComposition e = catchThrowableOfType(InvalidComposition.class,
                () -> CompositionParser.parse(text, format, limits));
        assertThat(e).as("expected the definition to be refused").isNotNull();
        return e;
    }

    static InvalidComposition refused(String text, Format format) {
        return refused(text, format, CompositionLimits.DEFAULTS);
    }

    @Test
    void aBillionLaughsIsRefusedAtItsFirstAnchorAtOnce() {
        StringBuilder bomb = new StringBuilder("name: t\nstartAt: a\nlol0: &l0 [lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("lol").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            bomb.append("]\n");
        }
        bomb.append("states:\n  a: { type: succeed }\n");

        long start = System.nanoTime();
        InvalidComposition e = refused(bomb.toString(), Format.YAML);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.violations()).containsExactly(new Violation("", "line 3, column 7: YAML anchors (&l0) are not "
                + "accepted in a definition; write the value out in full where it is used"));
    }

    @Test
    void aliasesAndTagsAreRefused() {
        String alias = "name: t\nstartAt: a\nstates:\n  a: { type: task, function: f, retry: *r, end: true }\n";
        String tag = "name: !!str t\nstartAt: a\nstates:\n  a: { type: succeed }\n";
        String custom = "name: t\nstartAt: a\nstates:\n  a: !java.lang.Runtime { type: succeed }\n";

        assertThat(refused(alias, Format.YAML).getMessage()).contains("line 4").contains("YAML aliases (*r)")
                .contains("write the value out in full");
        assertThat(refused(tag, Format.YAML).getMessage()).contains("YAML tags (tag:yaml.org,2002:str)");
        assertThat(refused(custom, Format.YAML).getMessage()).contains("YAML tags (java.lang.Runtime)");
    }

    @Test
    void deepNestingIsRefusedByTheReaderWithoutRecursion() {
        String json = "[".repeat(100_000) + "]".repeat(100_000);
        String yaml = "a: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";

        long start = System.nanoTime();
        assertThat(refused(json, Format.JSON, new CompositionLimits(1_000_000, 500, 8, 100)).getMessage())
                .contains("line 1, column 102").contains("nesting depth");
        assertThat(refused(yaml, Format.YAML).getMessage()).contains("nesting depth");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    static String nestedParallel(int scopes) {
        String inner = "{ type: task, function: f, end: true }";
        for (int i = 1; i < scopes; i++) {
            inner = "{ type: parallel, branches: [ { startAt: s, states: { s: " + inner + " } } ], end: true }";
        }
        return "name: t\nstartAt: s\nstates:\n  s: " + inner + "\n";
    }

    @Test
    void scopesNestAtMostEightDeep() {
        assertThat(CompositionParser.parse(nestedParallel(8), Format.YAML).steps()).isEqualTo(8);

        List<Violation> v = refused(nestedParallel(9), Format.YAML).violations();

        assertThat(v).hasSize(1);
        assertThat(v.get(0).path()).isEqualTo("states.s" + ".branches[0].states.s".repeat(7) + ".branches[0]");
        assertThat(v.get(0).message()).startsWith("nested 9 scopes deep; at most 8 are allowed")
                .contains("composition of its own");
    }

    static String chain(int states) {
        StringBuilder out = new StringBuilder("name: t\nstartAt: s0\nstates:\n");
        for (int i = 0; i < states; i++) {
            out.append("  s").append(i).append(": { type: task, function: f")
                    .append(i == states - 1 ? ", end: true" : ", next: s" + (i + 1)).append(" }\n");
        }
        return out.toString();
    }

    @Test
    void atMostFiveHundredStepsInAllScopes() {
        assertThat(CompositionParser.parse(chain(500), Format.YAML).steps()).isEqualTo(500);

        assertThat(refused(chain(501), Format.YAML).violations()).containsExactly(new Violation("states",
                "the definition has 501 steps in all scopes; at most 500 are allowed: split it into compositions "
                        + "that call each other"));
    }

    @Test
    void theTextIsBoundedBeforeItIsRead() {
        String big = "name: t\ndescription: \"" + "x".repeat(300 * 1024) + "\"\n";

        assertThat(refused(big, Format.YAML).violations()).containsExactly(new Violation("",
                "the definition is longer than 262144 bytes; split it into compositions that call each other"));
        assertThat(refused("{\"name\":\"" + "é".repeat(140_000) + "\"}", Format.JSON).getMessage())
                .contains("longer than 262144 bytes");
    }

    @Test
    void reportedProblemsAreCapped() {
        StringBuilder text = new StringBuilder("name: t\nstartAt: s0\nstates:\n");
        for (int i = 0; i < 150; i++) {
            text.append("  s").append(i).append(": { type: bogus }\n");
        }

        List<Violation> v = refused(text.toString(), Format.YAML, new CompositionLimits(262_144, 500, 8, 20))
                .violations();

        assertThat(v).hasSize(21);
        assertThat(v.get(20)).isEqualTo(new Violation("", "... and 130 more problems"));
    }
}
