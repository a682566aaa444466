package io.faasfed.gateway.async;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Asynchronous invocations ({@code /async-function/**}), under {@value #PREFIX}. */
@Validated
@ConfigurationProperties(AsyncProperties.PREFIX)
public class AsyncProperties {

    /** The prefix of these settings. */
    public static final String PREFIX = "faasfed.async";

    /** The function label that sets a function's own number of attempts. */
    public static final String MAX_ATTEMPTS_LABEL = "faasfed.async.max-attempts";

    /** Whether this replica runs queued calls (a replica that only accepts them can turn its worker off). */
    private boolean worker = true;

    /** This replica's consumer name in the queue's consumer group; empty: host name, process id and a random part. */
    private String consumerName = "";

    /** Attempts per call before it becomes a dead letter (a function's label faasfed.async.max-attempts wins). */
    @Positive
    @Max(100)
    private int maxAttempts = 5;

    /** The HTTP statuses (the platform's or the function's) that make an attempt retryable. */
    @NotNull
    private Set<Integer> retryStatuses = new LinkedHashSet<>(List.of(408, 429, 500, 502, 503, 504));

    /** Back-off between attempts of a call. */
    @Valid
    private Backoff backoff = new Backoff();

    /** How long one attempt may take when the function states no timeout of its own. */
    @NotNull
    private Duration timeout = Duration.ofMinutes(5);

    /** How many calls this replica runs at once on each platform, unless {@link #platformConcurrency} says. */
    @Positive
    @Max(10_000)
    private int concurrency = 16;

    /** Per platform id: how many calls this replica runs at once on it. */
    private Map<String, @Positive Integer> platformConcurrency = new LinkedHashMap<>();

    /**
     * The most jobs the shared queue may hold (ready, pending and waiting for a retry); past it submits answer 503.
     * Checked against the queue's size as last read (every few seconds), so a burst may pass it by a little.
     */
    @Positive
    private long maxQueued = 100_000;

    /** How many jobs (runs and callbacks) this replica holds at once, across platforms. */
    @Positive
    @Max(100_000)
    private int maxInFlight = 64;

    /**
     * How long a job may sit with a replica that stopped reporting on it before another replica takes it over. Each
     * replica confirms its jobs every third of this, however long they run.
     */
    @NotNull
    private Duration claimIdle = Duration.ofSeconds(60);

    /** How long one read of the queue waits for work when there is none. */
    @NotNull
    private Duration pollWait = Duration.ofSeconds(2);

    /** How often due retries are moved back to the queue. */
    @NotNull
    private Duration promoteInterval = Duration.ofMillis(500);

    /**
     * How long a stopping replica waits for the calls and callbacks it holds to finish (it takes no new ones
     * meanwhile); what is still running then is taken over by another replica after {@link #claimIdle}.
     */
    @NotNull
    private Duration shutdownGrace = Duration.ofSeconds(30);

    /** How long a finished call's record (and result) is kept. */
    @NotNull
    private Duration recordTtl = Duration.ofHours(24);

    /** How long a dead letter (record and request) is kept for inspection and replay. */
    @NotNull
    private Duration deadLetterTtl = Duration.ofDays(7);

    /** How long an X-Idempotency-Key is remembered. */
    @NotNull
    private Duration idempotencyTtl = Duration.ofHours(24);

    /** The largest function answer kept in a call's record and sent to its callback; the rest is cut. */
    @NotNull
    private DataSize maxResultSize = DataSize.ofMegabytes(1);

    /** Callback delivery. */
    @Valid
    private Callback callback = new Callback();

    public boolean isWorker() {
        return worker;
    }

    public void setWorker(boolean worker) {
        this.worker = worker;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Set<Integer> getRetryStatuses() {
        return retryStatuses;
    }

    public void setRetryStatuses(Set<Integer> retryStatuses) {
        this.retryStatuses = retryStatuses;
    }

    public Backoff getBackoff() {
        return backoff;
    }

    public void setBackoff(Backoff backoff) {
        this.backoff = backoff;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public Map<String, Integer> getPlatformConcurrency() {
        return platformConcurrency;
    }

    public void setPlatformConcurrency(Map<String, Integer> platformConcurrency) {
        this.platformConcurrency = platformConcurrency;
    }

    public long getMaxQueued() {
        return maxQueued;
    }

    public void setMaxQueued(long maxQueued) {
        this.maxQueued = maxQueued;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Duration getClaimIdle() {
        return claimIdle;
    }

    public void setClaimIdle(Duration claimIdle) {
        this.claimIdle = claimIdle;
    }

    public Duration getPollWait() {
        return pollWait;
    }

    public void setPollWait(Duration pollWait) {
        this.pollWait = pollWait;
    }

    public Duration getPromoteInterval() {
        return promoteInterval;
    }

    public void setPromoteInterval(Duration promoteInterval) {
        this.promoteInterval = promoteInterval;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public Duration getRecordTtl() {
        return recordTtl;
    }

    public void setRecordTtl(Duration recordTtl) {
        this.recordTtl = recordTtl;
    }

    public Duration getDeadLetterTtl() {
        return deadLetterTtl;
    }

    public void setDeadLetterTtl(Duration deadLetterTtl) {
        this.deadLetterTtl = deadLetterTtl;
    }

    public Duration getIdempotencyTtl() {
        return idempotencyTtl;
    }

    public void setIdempotencyTtl(Duration idempotencyTtl) {
        this.idempotencyTtl = idempotencyTtl;
    }

    public DataSize getMaxResultSize() {
        return maxResultSize;
    }

    public void setMaxResultSize(DataSize maxResultSize) {
        this.maxResultSize = maxResultSize;
    }

    public Callback getCallback() {
        return callback;
    }

    public void setCallback(Callback callback) {
        this.callback = callback;
    }

    /** The concurrency of {@code platform} on this replica. */
    public int concurrencyOf(String platform) {
        return platformConcurrency.getOrDefault(platform, concurrency);
    }

    /** Exponential back-off with jitter: attempt n waits about initial × multiplier^(n-1), at most max. */
    public static class Backoff {
        /** The wait after the first failed attempt (before jitter). */
        @NotNull
        private Duration initial = Duration.ofSeconds(1);

        /** The longest wait between attempts. */
        @NotNull
        private Duration max = Duration.ofMinutes(1);

        /** How much each wait grows over the previous one. */
        @DecimalMin("1.0")
        @DecimalMax("10.0")
        private double multiplier = 2.0;

        /**
         * The share of each wait that is random: 0.5 waits between half and all of the computed back-off, 0 always
         * the computed back-off, 1 anything from zero to it ("full jitter").
         */
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        private double jitter = 0.5;

        public Duration getInitial() {
            return initial;
        }

        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        public Duration getMax() {
            return max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }
    }

    /** Callback delivery and its SSRF guard. */
    public static class Callback {
        /** Delivery attempts per callback before it is given up (recorded as failed). */
        @Positive
        @Max(100)
        private int maxAttempts = 5;

        /** How long one delivery may take (connect and answer). */
        @NotNull
        private Duration timeout = Duration.ofSeconds(10);

        /** Back-off between delivery attempts. */
        @Valid
        private Backoff backoff = new Backoff();

        /** When not empty: the only host names callbacks may go to (exact, or *.example.com). */
        @NotNull
        private List<String> allowedHosts = new ArrayList<>();

        /** CIDRs accepted even inside the refused ranges (loopback, private, link-local, ...), e.g. 10.1.0.0/16. */
        @NotNull
        private List<String> allowedNetworks = new ArrayList<>();

        /** CIDRs refused on top of the default refused ranges. */
        @NotNull
        private List<String> refusedNetworks = new ArrayList<>();

        /** The URL schemes callbacks may use. */
        @NotNull
        private Set<String> schemes = new LinkedHashSet<>(List.of("http", "https"));

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Backoff getBackoff() {
            return backoff;
        }

        public void setBackoff(Backoff backoff) {
            this.backoff = backoff;
        }

        public List<String> getAllowedHosts() {
            return allowedHosts;
        }

        public void setAllowedHosts(List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
        }

        public List<String> getAllowedNetworks() {
            return allowedNetworks;
        }

        public void setAllowedNetworks(List<String> allowedNetworks) {
            this.allowedNetworks = allowedNetworks;
        }

        public List<String> getRefusedNetworks() {
            return refusedNetworks;
        }

        public void setRefusedNetworks(List<String> refusedNetworks) {
            this.refusedNetworks = refusedNetworks;
        }

        public Set<String> getSchemes() {
            return schemes;
        }

        public void setSchemes(Set<String> schemes) {
            this.schemes = schemes;
        }
    }
}
