package io.faasfed.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which caller-sent ids become parents, and which traceparents give a trace id. */
class CallContextTest {

    @Test
    void aPrintableIdUpTo128CharactersIsAParent() {
        assertThat(CallContext.parentId(" 3f2b9c1e-7d4a-4c8e-9b1f-0a2d3c4e5f60 "))
                .isEqualTo("3f2b9c1e-7d4a-4c8e-9b1f-0a2d3c4e5f60");
        assertThat(CallContext.parentId("my call #1")).isEqualTo("my call #1");
        assertThat(CallContext.parentId("x".repeat(128))).hasSize(128);
    }

    @Test
    void aBlankLongOrUnprintableIdIsIgnored() {
        assertThat(CallContext.parentId(null)).isNull();
        assertThat(CallContext.parentId("  ")).isNull();
        assertThat(CallContext.parentId("x".repeat(129))).isNull();
        assertThat(CallContext.parentId("a\u0001b")).isNull();
        assertThat(CallContext.parentId("caf\u00e9")).isNull();
    }

    @Test
    void theTraceIdIsTheTraceparentsSecondField() {
        assertThat(CallContext.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aMalformedOrInvalidTraceparentGivesNone() {
        assertThat(CallContext.traceId(null)).isNull();
        assertThat(CallContext.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(CallContext.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(CallContext.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
        assertThat(CallContext.traceId("00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01")).isNull();
        assertThat(CallContext.traceId("garbage")).isNull();
    }
}
