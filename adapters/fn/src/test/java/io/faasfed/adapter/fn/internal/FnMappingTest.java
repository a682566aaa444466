package io.faasfed.adapter.fn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.fn.internal.client.model.Fn;
import io.faasfed.adapter.fn.internal.client.model.FnPatch;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FnMappingTest {

    private final FnMapping mapping = new FnMapping(PlatformId.of("fn"), "faasfed", "faasnet");

    @Test
    void timeoutsRoundUpToWholeSeconds() {
        FnMapping.Desired desired = mapping.desired(FunctionSpec.builder("a").image("i")
                .limits(Limits.none().withTimeout(Duration.ofMillis(1500)).withIdleTimeout(Duration.ofMinutes(5)))
                .build());

        assertThat(desired.timeout()).isEqualTo(2);
        assertThat(desired.idleTimeout()).isEqualTo(300);
    }

    @Test
    void theServerWideNetworkIsAcceptedAndConcurrencyOneIsFine() {
        FnMapping.Desired desired = mapping.desired(FunctionSpec.builder("a").image("i").network("faasnet")
                .scope("faasfed").limits(Limits.none().withConcurrency(1)).build());

        assertThat(desired.image()).isEqualTo("i");
    }

    @Test
    void labelsAndAnnotationsSurviveARoundTrip() {
        FnMapping.Desired desired = mapping.desired(FunctionSpec.builder("a").image("i").label("team", "fed")
                .annotation("owner", "ops").build());
        Fn fn = new Fn().id("01A").name("a").image("i").annotations(new java.util.LinkedHashMap<>(
                desired.annotations()));
        fn.putAnnotationsItem("fnproject.io/fn/invokeEndpoint", "http://fn/invoke/01A");
        fn.putAnnotationsItem("weights", Map.of("a", 1));

        FunctionInfo info = mapping.toInfo(fn, null);

        assertThat(info.labels()).containsExactly(Map.entry("team", "fed"));
        assertThat(info.annotations()).containsEntry("owner", "ops")
                .containsEntry("fnproject.io/fn/invokeEndpoint", "http://fn/invoke/01A")
                .containsEntry("weights", "{\"a\":1}");
    }

    @Test
    void aPatchResetsOpenLimitsAndKeepsTheServersAnnotations() {
        Fn current = new Fn().id("01A").name("a").config(Map.of("K", "v"))
                .annotations(Map.of("fnproject.io/fn/invokeEndpoint", "x", "old", "y"));

        FnPatch patch = mapping.toPatch(mapping.desired(FunctionSpec.builder("a").image("i").build()), current);

        assertThat(patch.getMemory()).isEqualTo(FnMapping.DEFAULT_MEMORY);
        assertThat(patch.getTimeout()).isEqualTo(FnMapping.DEFAULT_TIMEOUT);
        assertThat(patch.getIdleTimeout()).isEqualTo(FnMapping.DEFAULT_IDLE_TIMEOUT);
        assertThat(patch.getConfig()).containsExactly(Map.entry("K", ""));
        assertThat(patch.getAnnotations()).containsExactly(Map.entry("old", ""));
    }

    @Test
    void annotationKeysAndValuesAreHeldToFnsLimits() {
        String longKey = "k".repeat(129);
        assertThatThrownBy(() -> mapping.desired(FunctionSpec.builder("a").image("i").label(longKey, "v").build()))
                .isInstanceOf(FaasException.InvalidSpec.class).hasMessageContaining("128 bytes");
        assertThatThrownBy(() -> mapping.desired(FunctionSpec.builder("a").image("i").label("k", "v".repeat(511))
                .build())).isInstanceOf(FaasException.InvalidSpec.class).hasMessageContaining("512");
        assertThatThrownBy(() -> mapping.desired(FunctionSpec.builder("a").image("i").label("fnproject.io/x", "v")
                .build())).isInstanceOf(FaasException.InvalidSpec.class).hasMessageContaining("Fn server");
    }

    @Test
    void invokeAnswersAreTranslatedLikeAnHttpTriggerWould() {
        Headers raw = Headers.of("Fn-Http-Status", "418", "Fn-Http-H-Content-Type", "application/json",
                "Content-Type", "text/plain", "Fn-Call-Id", "01C");

        assertThat(FnMapping.invokeStatus(200, raw)).isEqualTo(418);
        assertThat(FnMapping.invokeStatus(502, raw)).isEqualTo(502);
        Headers translated = FnMapping.invokeHeaders(raw);
        assertThat(translated.all("Content-Type")).containsExactly("application/json");
        assertThat(translated.first("Fn-Call-Id")).contains("01C");
        assertThat(translated.contains("Fn-Http-Status")).isFalse();
    }

    @Test
    void errorMessagesAreReadFromFnsErrorBody() {
        assertThat(FnErrors.message("{\"message\":\"App not found\"}")).isEqualTo("App not found");
        assertThat(FnErrors.message("plain words\n")).isEqualTo("plain words");
        assertThat(FnErrors.message("{broken")).isEqualTo("{broken");
        assertThat(FnErrors.message(null)).isEmpty();
    }
}
