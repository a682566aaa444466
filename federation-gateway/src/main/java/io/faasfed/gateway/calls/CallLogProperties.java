package io.faasfed.gateway.calls;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The call log ({@code GET /federation/v1/calls/{id}[/tree]}), under {@value #PREFIX}. */
@Validated
@ConfigurationProperties(CallLogProperties.PREFIX)
public class CallLogProperties {

    /** The prefix of these settings. */
    public static final String PREFIX = "faasfed.calls";

    /** Whether synchronous calls ({@code /function/**}) are recorded in the call log. */
    private boolean recordSync = true;

    /** How long a recorded call (and its place in its parent's tree) is kept. */
    @NotNull
    private Duration syncTtl = Duration.ofHours(1);

    /** With faasfed.store=memory: the most calls kept; the oldest are evicted first. */
    @Positive
    @Max(10_000_000)
    private int memoryMax = 10_000;

    /** How many records may wait to be written; past it, records are dropped (and counted), never the call slowed. */
    @Positive
    @Max(1_000_000)
    private int bufferSize = 8192;

    /** Whether synchronous calls are recorded. */
    public boolean isRecordSync() {
        return recordSync;
    }

    /** Sets whether synchronous calls are recorded. */
    public void setRecordSync(boolean recordSync) {
        this.recordSync = recordSync;
    }

    /** How long a recorded call is kept. */
    public Duration getSyncTtl() {
        return syncTtl;
    }

    /** Sets how long a recorded call is kept. */
    public void setSyncTtl(Duration syncTtl) {
        this.syncTtl = syncTtl;
    }

    /** The most calls kept in memory. */
    public int getMemoryMax() {
        return memoryMax;
    }

    /** Sets the most calls kept in memory. */
    public void setMemoryMax(int memoryMax) {
        this.memoryMax = memoryMax;
    }

    /** How many records may wait to be written. */
    public int getBufferSize() {
        return bufferSize;
    }

    /** Sets how many records may wait to be written. */
    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }
}
