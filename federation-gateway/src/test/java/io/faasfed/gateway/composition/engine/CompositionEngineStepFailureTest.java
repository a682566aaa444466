package io.faasfed.gateway.composition.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.composition.ErrorCategory;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CompositionEngineStepFailureTest {

    private static final PlatformId FN = PlatformId.of("fn");

    @Test
    void platformFailuresAndThrottlingAreUnavailability() {
        StepFailure down = StepFailure.of(new FaasException.PlatformUnavailable(FN, "refused", null));
        StepFailure throttled = StepFailure.of(new FaasException.RateLimited(FN, "slow down", null));

        assertThat(down.category()).isEqualTo(ErrorCategory.PLATFORM_UNAVAILABLE);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.platform()).isEqualTo("fn");
        assertThat(throttled.category()).isEqualTo(ErrorCategory.PLATFORM_UNAVAILABLE);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(StepFailure.of(new ConnectException("refused")).category())
                .isEqualTo(ErrorCategory.PLATFORM_UNAVAILABLE);
    }

    @Test
    void timeoutsAreTimeouts() {
        assertThat(StepFailure.of(new FaasException.Timeout(FN, "call", Duration.ofSeconds(1), null)).category())
                .isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(StepFailure.of(new TimeoutException()).status()).isEqualTo(504);
    }

    @Test
    void functionFailuresKeepTheirStatusAndMissingFunctionsAreFunctionFailures() {
        StepFailure failed = StepFailure.of(new FaasException.FunctionFailed(FN, "f", 422, Headers.empty(), "no"));
        StepFailure missing = StepFailure.of(new FaasException.FunctionNotFound(FN, "f"));

        assertThat(failed.category()).isEqualTo(ErrorCategory.FUNCTION_FAILED);
        assertThat(failed.status()).isEqualTo(422);
        assertThat(missing.category()).isEqualTo(ErrorCategory.FUNCTION_FAILED);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(StepFailure.of(new FaasException.RequestRejected(FN, 413, "too large")).status()).isEqualTo(413);
        assertThat(StepFailure.of(new IllegalStateException("bug")).category())
                .isEqualTo(ErrorCategory.FUNCTION_FAILED);
    }

    @Test
    void aStepFailureMapsToItselfAndAnyIsRefused() {
        StepFailure own = new StepFailure(ErrorCategory.TIMEOUT, 504, "late");

        assertThat(StepFailure.of(own)).isSameAs(own);
        assertThatThrownBy(() -> new StepFailure(ErrorCategory.ANY, 500, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category: any");
    }
}
