package io.faasfed.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void lookupIgnoresCase() {
        Headers headers = Headers.of("Content-Type", "text/plain", "X-Call-Id", "42");

        assertThat(headers.first("content-type")).contains("text/plain");
        assertThat(headers.contains("X-CALL-ID")).isTrue();
    }

    @Test
    void keepsEveryValueOfARepeatedHeader() {
        Headers headers = Headers.of("Set-Cookie", "a=1", "set-cookie", "b=2");

        assertThat(headers.all("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void dropsHopByHopHeadersAndThoseConnectionNames() {
        Headers headers = Headers.of("Connection", "keep-alive, X-Secret-Hop", "Keep-Alive", "timeout=5",
                "Transfer-Encoding", "chunked", "X-Secret-Hop", "1", "X-Call-Id", "7", "Upgrade", "h2c");

        assertThat(headers.withoutHopByHop().values()).containsOnlyKeys("X-Call-Id");
    }

    @Test
    void withReplacesAndWithoutRemoves() {
        Headers headers = Headers.of("A", "1", "A", "2").with("a", "3").without("B");

        assertThat(headers.all("A")).containsExactly("3");
        assertThat(headers.without("A").isEmpty()).isTrue();
    }
}
