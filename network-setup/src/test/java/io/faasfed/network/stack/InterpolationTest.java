package io.faasfed.network.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

class InterpolationTest {

    private static final Map<String, String> ENV = Map.of("NET", "othernet", "EMPTY", "");

    @Test
    void replacesSetVariablesAndUsesDefaultsOtherwise() {
        assertThat(Interpolation.apply("${NET:-faasnet}", ENV, "f")).isEqualTo("othernet");
        assertThat(Interpolation.apply("${MISSING:-faasnet}", ENV, "f")).isEqualTo("faasnet");
        assertThat(Interpolation.apply("${EMPTY:-d}", ENV, "f")).isEqualTo("d");
        assertThat(Interpolation.apply("${EMPTY-d}", ENV, "f")).isEmpty();
        assertThat(Interpolation.apply("${MISSING-d}", ENV, "f")).isEqualTo("d");
        assertThat(Interpolation.apply("a/$NET:1", ENV, "f")).isEqualTo("a/othernet:1");
        assertThat(Interpolation.apply("img:${V:-${NET}}", ENV, "f")).isEqualTo("img:othernet");
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        assertThat(Interpolation.apply("export X=\"$$(cat /run/secrets/x)\"", ENV, "f")).isEqualTo("export X=\"$(cat /run/secrets/x)\"");
    }

    @Test
    void anUnsetVariableWithoutDefaultFailsNamingThePath() {
        assertThatThrownBy(() -> Interpolation.apply("${NOPE}", ENV, "fed.yml: services.faasfed.image"))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("fed.yml: services.faasfed.image")
                .hasMessageContaining("NOPE is not set")
                .satisfies(e -> assertThat(((SetupException) e).problem()).isEqualTo(SetupProblem.INVALID_INPUT))
                .satisfies(e -> assertThat(((SetupException) e).hint()).contains("${NOPE:-default}"));
        assertThatThrownBy(() -> Interpolation.apply("${EMPTY:?give a key}", ENV, "f")).hasMessageContaining("give a key");
        assertThatThrownBy(() -> Interpolation.apply("${NET", ENV, "f")).hasMessageContaining("without a closing");
        assertThatThrownBy(() -> Interpolation.apply("cost $5", ENV, "f")).hasMessageContaining("'$5'");
    }
}
