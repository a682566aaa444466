package io.faasfed.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FaasException;
import org.junit.jupiter.api.Test;

class FunctionPathTest {

    private static FunctionPath parse(String path) {
        return FunctionPath.parse(path, "/function/", "openfaas-fn");
    }

    @Test
    void aBareNameHasNoScopeAndNoExtraPath() {
        assertThat(parse("/function/echo")).isEqualTo(new FunctionPath("echo", null, ""));
    }

    @Test
    void theDefaultNamespaceMeansTheDefaultScope() {
        assertThat(parse("/function/echo.openfaas-fn")).isEqualTo(new FunctionPath("echo", null, ""));
    }

    @Test
    void anotherNamespaceIsTheScopeAndTheLastDotSplits() {
        assertThat(parse("/function/echo.team-a/x/y")).isEqualTo(new FunctionPath("echo", "team-a", "/x/y"));
        assertThat(parse("/function/a.b.c")).isEqualTo(new FunctionPath("a.b", "c", ""));
    }

    @Test
    void theExtraPathKeepsItsEncodingAndTrailingSlash() {
        assertThat(parse("/function/echo/a%20b/")).isEqualTo(new FunctionPath("echo", null, "/a%20b/"));
    }

    @Test
    void aPathWithoutANameIsNotFound() {
        assertThatThrownBy(() -> parse("/function/")).isInstanceOf(FaasException.FunctionNotFound.class);
    }
}
