package io.faasfed.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.InvalidArgument;
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

    @Test
    void theIssuesTraversalIsRefusedNamingTheSegment() {
        assertThatThrownBy(() -> parse("/function/x/..%2F..%2Fsystem%2Ffunctions"))
                .isInstanceOf(InvalidArgument.class)
                .hasMessageStartingWith("path segment: \"..%2F..%2Fsystem%2Ffunctions\"")
                .hasMessageContaining("no encoded '/' (%2F)");
    }

    @Test
    void dotSegmentsAreRefusedPlainEncodedOrWithParameters() {
        for (String path : new String[] {"/function/x/..", "/function/x/../y", "/function/x/a/./b", "/function/x/.",
            "/function/x/%2e%2e/y", "/function/x/%2E./y", "/function/x/..;jsessionid=1/y", "/function/x/.%3Bx/y"}) {
            assertThatThrownBy(() -> parse(path)).as(path).isInstanceOf(InvalidArgument.class)
                    .hasMessageContaining("no '.' or '..' segments");
        }
    }

    @Test
    void backslashesControlCharactersAndBadEncodingsAreRefused() {
        assertThatThrownBy(() -> parse("/function/x/a\\b")).hasMessageContaining("no '\\'");
        assertThatThrownBy(() -> parse("/function/x/a%5cb")).hasMessageContaining("no '\\'");
        assertThatThrownBy(() -> parse("/function/x/a%00b")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> parse("/function/x/a%0Ab")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> parse("/function/x/a%2")).hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> parse("/function/x/a%zz")).hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> parse("/function/x/%C0%AE%C0%AE")).hasMessageContaining("UTF-8");
    }

    @Test
    void aNameOrNamespaceThatIsNotPlainIsRefused() {
        for (String path : new String[] {"/function/..", "/function/.", "/function/%2e%2e/system", "/function/a%2Fb",
            "/function/a;x=1", "/function/a.b%2F", "/function/a\\b", "/function/.hidden"}) {
            assertThatThrownBy(() -> parse(path)).as(path).isInstanceOf(InvalidArgument.class)
                    .hasMessageMatching("function (name|namespace): .*");
        }
    }

    @Test
    void anotherSpellingOfThePrefixIsRefused() {
        assertThatThrownBy(() -> parse("/%66unction/x")).isInstanceOf(InvalidArgument.class)
                .hasMessageContaining("the prefix /function/ spelled plainly");
        assertThatThrownBy(() -> parse("/function;a=b/x")).isInstanceOf(InvalidArgument.class);
        assertThatThrownBy(() -> parse("/function")).isInstanceOf(FaasException.FunctionNotFound.class);
    }

    @Test
    void safePathsPassUnchanged() {
        assertThat(parse("/function/echo/a%20b/%E2%82%AC/..x/x../.well-known//c%25/"))
                .isEqualTo(new FunctionPath("echo", null, "/a%20b/%E2%82%AC/..x/x../.well-known//c%25/"));
        assertThat(parse("/function/My_Fn@v1.team_1")).isEqualTo(new FunctionPath("My_Fn@v1", "team_1", ""));
    }
}
