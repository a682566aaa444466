package io.faasfed.gateway.composition.runtime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Compositions, under {@value #PREFIX}. */
@Validated
@ConfigurationProperties(CompositionProperties.PREFIX)
public class CompositionProperties {

    /** The prefix of these settings. */
    public static final String PREFIX = "faasfed.compositions";

    /** Whether compositions are served (their platform joins the namespace, and their API is on). */
    private boolean enabled = true;

    /** The id of the platform that holds compositions in the namespace ({@code X-Faasfed-Platform}, listings). */
    @NotNull
    @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", message = "must be a DNS label")
    private String platformId = "compositions";

    /** How long a run's trace and checkpoint are kept after it was last written. */
    @NotNull
    private Duration runTtl = Duration.ofHours(24);

    /** How deep compositions may call compositions. */
    @Positive
    @Max(64)
    private int maxDepth = 8;

    /** The largest input a run accepts (its request body). */
    @NotNull
    private DataSize maxInputSize = DataSize.ofMegabytes(1);

    /** The largest answer a step's function may give; a larger one fails the step. */
    @NotNull
    private DataSize maxStepOutputSize = DataSize.ofMegabytes(1);

    /** The most runs the in-memory store keeps (the embedded default); older ones are dropped. */
    @Positive
    private int maxRunsInMemory = 10_000;

    /** Whether compositions are served. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets whether compositions are served. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The compositions platform's id. */
    public String getPlatformId() {
        return platformId;
    }

    /** Sets the compositions platform's id. */
    public void setPlatformId(String platformId) {
        this.platformId = platformId;
    }

    /** How long runs are kept. */
    public Duration getRunTtl() {
        return runTtl;
    }

    /** Sets how long runs are kept. */
    public void setRunTtl(Duration runTtl) {
        this.runTtl = runTtl;
    }

    /** How deep compositions nest. */
    public int getMaxDepth() {
        return maxDepth;
    }

    /** Sets how deep compositions nest. */
    public void setMaxDepth(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** The largest run input. */
    public DataSize getMaxInputSize() {
        return maxInputSize;
    }

    /** Sets the largest run input. */
    public void setMaxInputSize(DataSize maxInputSize) {
        this.maxInputSize = maxInputSize;
    }

    /** The largest step answer. */
    public DataSize getMaxStepOutputSize() {
        return maxStepOutputSize;
    }

    /** Sets the largest step answer. */
    public void setMaxStepOutputSize(DataSize maxStepOutputSize) {
        this.maxStepOutputSize = maxStepOutputSize;
    }

    /** The most runs kept in memory. */
    public int getMaxRunsInMemory() {
        return maxRunsInMemory;
    }

    /** Sets the most runs kept in memory. */
    public void setMaxRunsInMemory(int maxRunsInMemory) {
        this.maxRunsInMemory = maxRunsInMemory;
    }
}
