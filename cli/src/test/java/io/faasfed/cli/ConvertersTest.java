package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.faasfed.network.ModeChoice;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void durationsTakeMillisecondsSecondsMinutesBareSecondsAndIso() {
        Converters.DurationConverter durations = new Converters.DurationConverter();

        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(durations.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> durations.convert("soon")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("500ms, 5s, 2m or PT5S");
        assertThatThrownBy(() -> durations.convert("0ms")).hasMessageContaining("more than zero");
    }

    @Test
    void modesAreTheWordsTheHelpShows() {
        Converters.ModeChoiceConverter modes = new Converters.ModeChoiceConverter();

        assertThat(modes.convert("auto")).isEqualTo(ModeChoice.AUTO);
        assertThat(modes.convert("Swarm")).isEqualTo(ModeChoice.SWARM);
        assertThat(modes.convert("single-host")).isEqualTo(ModeChoice.SINGLE_HOST);
        assertThat(new Converters.ModeCandidates()).containsExactly("auto", "swarm", "single-host");
    }
}
