package io.faasfed.network.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.faasfed.network.ModeChoice;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.PlatformLayout;

class VerifyRequestTest {

    @Test
    void theDefaultsCheckEveryPlatformThatIsFoundWithBusyboxAndFiveSecondsAHop() {
        VerifyRequest request = VerifyRequest.of("faasnet");
        assertThat(request.mode()).isEqualTo(ModeChoice.AUTO);
        assertThat(request.platforms()).isEmpty();
        assertThat(request.requireGateway()).isFalse();
        assertThat(request.probeImage()).isEqualTo("busybox:1.36");
        assertThat(request.hopTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutThatLeavesNoTimeABlankImageOrABadNetworkNameIsInvalidInput() {
        assertThatThrownBy(() -> request("faasnet", "busybox", Duration.ZERO))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.INVALID_INPUT);
                    assertThat(e.getMessage()).isEqualTo("A hop timeout of PT0S leaves no time for a hop.");
                    assertThat(e.hint()).isEqualTo("Give at least one second (the default is 5 s).");
                });
        assertThatThrownBy(() -> request("faasnet", " ", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(SetupException.class, e -> assertThat(e.problem()).isEqualTo(SetupProblem.INVALID_INPUT));
        assertThatThrownBy(() -> request("no spaces", "busybox", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(SetupException.class, e -> assertThat(e.problem()).isEqualTo(SetupProblem.INVALID_INPUT));
    }

    @Test
    void theProbeMayRunEachHopsTimeoutPlusSlackAndAMargin() {
        NetworkVerifier verifier = new NetworkVerifier(io.faasfed.network.Engine.connect(
                io.faasfed.network.DockerEndpoint.of("unix:///nonexistent.sock")));
        assertThat(verifier.probeLimit(8, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(8 * 7 + 15));
        assertThat(verifier.probeLimit(0, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(15));
    }

    private static VerifyRequest request(String network, String image, Duration timeout) {
        return new VerifyRequest(network, ModeChoice.AUTO, PlatformLayout.defaults(), Set.of(), false, image, timeout);
    }
}
