package io.faasfed.gateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertStepTest {

    private static Map<String, String> scale(String min, String max, String factor) {
        return Map.of("com.openfaas.scale.min", min, "com.openfaas.scale.max", max,
                "com.openfaas.scale.factor", factor);
    }

    @Test
    void aFiringAlertAddsCeilOfMaxTimesFactorUpToMaxWithOpenFaasDefaults() {
        assertThat(AlertController.Step.of("firing", 1, Map.of()))
                .isEqualTo(new AlertController.Step(1, 1, 20, 20, 5));
        assertThat(AlertController.Step.of("firing", 18, Map.of()).target()).isEqualTo(20);
        assertThat(AlertController.Step.of("firing", 3, scale("1", "5", "20")).target()).isEqualTo(4);
        assertThat(AlertController.Step.of("firing", 2, scale("1", "10", "15")).target()).isEqualTo(4);
    }

    @Test
    void aResolvedAlertOrAZeroFactorGoesToMin() {
        assertThat(AlertController.Step.of("resolved", 7, scale("2", "10", "20")).target()).isEqualTo(2);
        assertThat(AlertController.Step.of("firing", 7, scale("2", "10", "0")).target()).isEqualTo(2);
    }

    @Test
    void unreadableOrOutOfRangeLabelsTakeTheDefaultsAndFiringNeverGoesBelowMin() {
        AlertController.Step step = AlertController.Step.of("firing", 0, scale("3", "many", "150"));
        assertThat(step).isEqualTo(new AlertController.Step(0, 3, 20, 20, 4));
        assertThat(AlertController.Step.of("firing", 0, scale("-1", "20", "20")).min()).isEqualTo(1);
    }
}
