package io.faasfed.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionSpecTest {

    private static FunctionSpec.Builder valid() {
        return FunctionSpec.builder("resize-image").image("faasfed/samples:uppercase");
    }

    @Test
    void acceptsAMinimalImageSpecAndDefaultsTheRest() {
        FunctionSpec spec = valid().build();

        assertThat(spec.name()).isEqualTo("resize-image");
        assertThat(spec.env()).isEmpty();
        assertThat(spec.labels()).isEmpty();
        assertThat(spec.limits()).isEqualTo(Limits.none());
        assertThat(spec.secrets()).isEmpty();
    }

    @Test
    void acceptsCodeWithoutAnImage() {
        FunctionSpec spec = FunctionSpec.builder("hello").code(FunctionCode.of("nodejs:20", "function main(){}"))
                .build();

        assertThat(spec.image()).isNull();
        assertThat(spec.code().runtime()).isEqualTo("nodejs:20");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "hello", "hello-world", "fn2", "0abc", "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsDnsLabelNames(String name) {
        assertThat(valid().name(name).build().name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Hello", "hello.world", "hello_world", "-hello", "hello-", "héllo", "a b",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsNamesThatAreNotDnsLabelsNamingFieldValueAndRule(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().name(name).build())
                .withMessageStartingWith("name: \"" + name + "\"")
                .withMessageContaining("expected: 1-63 lowercase letters, digits or '-'")
                .withMessageContaining("no dots");
    }

    @Test
    void rejectsAMissingName() {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().name(null).build())
                .withMessageStartingWith("name: null (expected:");
    }

    @Test
    void rejectsASpecWithNeitherImageNorCode() {
        assertThatIllegalArgumentException().isThrownBy(() -> FunctionSpec.builder("x").build())
                .withMessage("image: null (expected: an image reference, or code with a runtime)");
    }

    @Test
    void rejectsAnImageWithSpaces() {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().image("my image").build())
                .withMessageStartingWith("image: \"my image\"");
    }

    @Test
    void rejectsCodeWithoutRuntime() {
        assertThatIllegalArgumentException().isThrownBy(() -> FunctionCode.of(" ", "x"))
                .withMessage("code.runtime: \" \" (expected: a non-blank value)");
    }

    @Test
    void rejectsAScopeThatIsNotADnsLabel() {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().scope("Team.A").build())
                .withMessageStartingWith("scope: \"Team.A\"");
    }

    @Test
    void rejectsNonPositiveMemory() {
        assertThatIllegalArgumentException().isThrownBy(() -> Limits.none().withMemoryMiB(0))
                .withMessage("limits.memoryMiB: 0 (expected: > 0)");
    }

    @Test
    void rejectsNonPositiveCpus() {
        assertThatIllegalArgumentException().isThrownBy(() -> Limits.none().withCpus(-0.5))
                .withMessage("limits.cpus: -0.5 (expected: > 0)");
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        assertThatIllegalArgumentException().isThrownBy(() -> Limits.none().withTimeout(Duration.ZERO))
                .withMessage("limits.timeout: PT0S (expected: > 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> Limits.none().withIdleTimeout(Duration.ofSeconds(-1)))
                .withMessage("limits.idleTimeout: PT-1S (expected: > 0)");
    }

    @Test
    void rejectsNonPositiveConcurrency() {
        assertThatIllegalArgumentException().isThrownBy(() -> Limits.none().withConcurrency(-1))
                .withMessage("limits.concurrency: -1 (expected: > 0)");
    }

    @Test
    void rejectsEnvKeysThatAreNotVariableNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().env("MY-VAR", "x").build())
                .withMessageStartingWith("env: \"MY-VAR\"");
    }

    @Test
    void rejectsNullLabelValues() {
        java.util.HashMap<String, String> labels = new java.util.HashMap<>();
        labels.put("team", null);
        assertThatIllegalArgumentException().isThrownBy(() -> valid().labels(labels).build())
                .withMessageStartingWith("labels.team: null");
    }

    @Test
    void rejectsBlankSecretNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().secrets(List.of("db", "")).build())
                .withMessageStartingWith("secrets[1]: \"\"");
    }

    @Test
    void collectionsAreCopiedAndUnmodifiable() {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("A", "1"));
        FunctionSpec spec = valid().env(env).build();
        env.put("B", "2");

        assertThat(spec.env()).containsOnlyKeys("A");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spec.env().put("C", "3"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void labelWinsOverAnnotationForTheSameKey() {
        FunctionSpec spec = valid().label("faasfed.platform", "fn").annotation("faasfed.platform", "openwhisk")
                .annotation("only", "annotation").build();

        assertThat(spec.labelOrAnnotation("faasfed.platform")).isEqualTo("fn");
        assertThat(spec.labelOrAnnotation("only")).isEqualTo("annotation");
        assertThat(spec.labelOrAnnotation("missing")).isNull();
    }

    @Test
    void toBuilderRoundTrips() {
        FunctionSpec spec = valid().scope("team-a").env("A", "1").label("l", "v").network("faasnet")
                .limits(Limits.none().withMemoryMiB(256).withTimeout(Duration.ofSeconds(30))).build();

        assertThat(spec.toBuilder().build()).isEqualTo(spec);
    }
}
