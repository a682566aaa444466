package io.faasfed.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.Headers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Tracing switched off: no span, no header, and a caller's trace context passes through untouched. */
class CallTracingTest {

    private static final String CALLERS = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void withoutTracingACallersTraceContextPassesThrough() {
        CallTracing.Call call = CallTracing.noop().startCall(null, "openfaas", "hello", "c1");
        Headers headers = Headers.of("traceparent", CALLERS, "X-Call-Id", "c1");

        assertThat(call.headers()).isEmpty();
        assertThat(call.replaces("traceparent")).isFalse();
        assertThat(call.applyTo(headers)).isEqualTo(headers);
        assertThat(call.traceId()).isNull();
        call.end();
    }

    @Test
    void withoutTracingNothingIsStoredAndAContinuedTraceHasNoId() {
        CallTracing tracing = CallTracing.noop();
        var continued = tracing.continueTrace("async", "async hello", Map.of("traceparent", CALLERS));

        assertThat(tracing.propagation(continued.getContext())).isEmpty();
        assertThat(tracing.traceId(continued.getContext())).isNull();
        assertThat(tracing.propagationOf(Map.of("Traceparent", java.util.List.of(CALLERS)))).isEmpty();
        continued.stop();
    }

    @Test
    void aTracedCallThatThrowsBeforeItsMonoIsAnErrorNotAThrow() {
        StepVerifier.create(CallTracing.noop().traceCall(null, "openfaas", "hello", "c1", span -> {
            throw new IllegalStateException("broken");
        }).then(Mono.just(1))).expectErrorMessage("broken").verify(java.time.Duration.ofSeconds(10));
    }
}
