package io.faasfed.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FunctionRefTest {

    @Test
    void aBlankScopeOrBackendIdMeansNone() {
        FunctionRef ref = new FunctionRef("echo", " ", "");
        assertThat(ref.scope()).isNull();
        assertThat(ref.backendId()).isNull();
        assertThat(ref.inDefaultScope()).isTrue();
        assertThat(ref.qualified()).isEqualTo("echo");
        assertThat(FunctionRef.of("echo", "dev").qualified()).isEqualTo("echo.dev");
        assertThatThrownBy(() -> FunctionRef.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFunctionsReferenceAndAnInvocationCarryItsScopeAndBackendId() {
        FunctionInfo info = FunctionInfo.builder("wc", PlatformId.of("fn")).scope("team").backendRef("01FN").build();
        Invocation call = Invocation.builder(info.ref()).body("x").build();

        assertThat(info.ref()).isEqualTo(new FunctionRef("wc", "team", "01FN"));
        assertThat(call.function()).isEqualTo("wc");
        assertThat(call.scope()).isEqualTo("team");
        assertThat(call.backendId()).isEqualTo("01FN");
        assertThat(call.ref()).isEqualTo(info.ref());
        assertThat(call.toBuilder().build().ref()).isEqualTo(info.ref());
    }
}
