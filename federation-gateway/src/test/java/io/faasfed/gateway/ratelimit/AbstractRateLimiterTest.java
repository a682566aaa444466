package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.gateway.support.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The token bucket behaviour every {@link RateLimiter} shows, on a clock the test moves (no waiting): each subclass
 * gives its limiter.
 */
abstract class AbstractRateLimiterTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private RateLimiter limiter;
    private String run;

    /** A limiter whose buckets refill by {@code clock}; a fresh, empty set of buckets for each test. */
    abstract RateLimiter limiter(Clock clock);

    @BeforeEach
    void newRun() {
        run = UUID.randomUUID().toString();
    }

    /** This test's limiter, made on first use (after the subclass's own set-up). */
    private RateLimiter limiter() {
        if (limiter == null) {
            limiter = limiter(clock);
        }
        return limiter;
    }

    /**
     * Where the concurrency tests dispatch their checks from: Reactor's non-blocking threads, where BlockHound fails any
     * check that parks.
     */
    reactor.core.scheduler.Scheduler concurrentCallers() {
        return Schedulers.parallel();
    }

    /** A bucket name of this test only. */
    String bucket(String name) {
        return name + ":" + run;
    }

    private Decision take(String name, Bandwidth bandwidth) {
        return limiter().tryConsume(bucket(name), bandwidth).block(WAIT);
    }

    private Decision take(BucketLimit... limits) {
        return limiter().tryConsume(List.of(limits)).block(WAIT);
    }

    @Test
    void theBurstIsAllowedThenTheNextRequestIsRefused() {
        Bandwidth three = Bandwidth.perSecond(3, 1);

        StepVerifier.create(limiter().tryConsume(bucket("k"), three))
                .assertNext(decision -> assertThat(decision).isEqualTo(new Decision(true, 3, 2, 1, 0,
                        new BucketLimit(bucket("k"), three))))
                .verifyComplete();
        assertThat(take("k", three).remaining()).isEqualTo(1);
        assertThat(take("k", three).remaining()).isEqualTo(0);

        Decision refused = take("k", three);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.limit()).isEqualTo(3);
        assertThat(refused.retryAfter()).isEqualTo(1);
        assertThat(refused.reset()).isEqualTo(3);
        assertThat(take("k", three).allowed()).as("a refusal takes nothing and gives nothing back").isFalse();
    }

    @Test
    void remainingAndResetCountExactly() {
        Bandwidth bandwidth = Bandwidth.perSecond(10, 2);

        for (int taken = 1; taken <= 10; taken++) {
            Decision decision = take("k", bandwidth);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(10 - taken);
            // each missing token takes half a second to come back
            assertThat(decision.reset()).isEqualTo((taken + 1) / 2);
            assertThat(decision.retryAfter()).isZero();
        }
        assertThat(take("k", bandwidth).allowed()).isFalse();
    }

    @Test
    void bucketsAreIndependent() {
        Bandwidth one = Bandwidth.perSecond(1, 1);

        assertThat(take("a", one).allowed()).isTrue();
        assertThat(take("a", one).allowed()).isFalse();
        assertThat(take("b", one).allowed()).as("another bucket").isTrue();
        assertThat(take("a", Bandwidth.perSecond(1, 1)).allowed()).isFalse();
    }

    @Test
    void tokensComeBackAtTheRefillRate() {
        Bandwidth bandwidth = Bandwidth.perSecond(2, 1);
        take("k", bandwidth);
        take("k", bandwidth);

        clock.advance(Duration.ofMillis(999));
        Decision early = take("k", bandwidth);
        assertThat(early.allowed()).isFalse();
        assertThat(early.retryAfter()).as("1 ms to go, rounded up to a whole second").isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        Decision onTime = take("k", bandwidth);
        assertThat(onTime.allowed()).isTrue();
        assertThat(onTime.remaining()).isZero();
        assertThat(onTime.reset()).isEqualTo(2);
        assertThat(take("k", bandwidth).allowed()).isFalse();

        clock.advance(Duration.ofMillis(1500));
        Decision partly = take("k", bandwidth);
        assertThat(partly.allowed()).isTrue();
        assertThat(partly.remaining()).as("1.5 tokens came back, one taken").isZero();
        assertThat(take("k", bandwidth).allowed()).isFalse();
    }

    @Test
    void aFractionalRateRefillsOneTokenPerPeriod() {
        Bandwidth oneEveryTwoSeconds = Bandwidth.perSecond(1, 0.5);
        take("k", oneEveryTwoSeconds);

        assertThat(take("k", oneEveryTwoSeconds).retryAfter()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1999));
        assertThat(take("k", oneEveryTwoSeconds).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(take("k", oneEveryTwoSeconds).allowed()).isTrue();
    }

    @Test
    void anIdleBucketFillsUpToItsCapacityAndNoFurther() {
        Bandwidth bandwidth = Bandwidth.perSecond(5, 100);
        for (int i = 0; i < 5; i++) {
            take("k", bandwidth);
        }

        clock.advance(Duration.ofDays(3));

        Decision decision = take("k", bandwidth);
        assertThat(decision.remaining()).isEqualTo(4);
        assertThat(decision.reset()).isEqualTo(1);
    }

    @Test
    void aCheckOfTwoBucketsTakesFromBothOrFromNeither() {
        BucketLimit key = new BucketLimit(bucket("key"), Bandwidth.perSecond(5, 1));
        BucketLimit tenant = new BucketLimit(bucket("tenant"), Bandwidth.perSecond(2, 1));

        Decision first = take(key, tenant);
        assertThat(first.allowed()).isTrue();
        assertThat(first.reported()).as("the tightest bucket speaks").isEqualTo(tenant);
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(take(key, tenant).remaining()).isZero();

        Decision refused = take(key, tenant);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reported()).isEqualTo(tenant);
        assertThat(refused.limit()).isEqualTo(2);

        Decision keyAlone = take(key);
        assertThat(keyAlone.remaining()).as("the refused check took nothing from the key: 5 - 2 - 1")
                .isEqualTo(2);
    }

    @Test
    void aRefusalReportsTheBucketThatRefillsLast() {
        BucketLimit fast = new BucketLimit(bucket("fast"), Bandwidth.perSecond(1, 10));
        BucketLimit slow = new BucketLimit(bucket("slow"), Bandwidth.perSecond(1, 0.25));
        take(fast, slow);

        Decision refused = take(fast, slow);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reported()).isEqualTo(slow);
        assertThat(refused.retryAfter()).isEqualTo(4);
    }

    @Test
    void concurrentChecksNeverTakeMoreThanTheCapacity() {
        Bandwidth fifty = Bandwidth.perSecond(50, 1);

        List<Decision> decisions = Flux.range(0, 200)
                .flatMap(i -> limiter().tryConsume(bucket("k"), fifty).subscribeOn(concurrentCallers()), 16)
                .collectList().block(WAIT);

        assertThat(decisions).filteredOn(Decision::allowed).extracting(Decision::remaining)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
    }

    @Test
    void concurrentChecksOfTwoBucketsAllowExactlyTheSmallerCapacity() {
        BucketLimit key = new BucketLimit(bucket("key"), Bandwidth.perSecond(80, 1));
        BucketLimit tenant = new BucketLimit(bucket("tenant"), Bandwidth.perSecond(50, 1));

        List<Decision> decisions = Flux.range(0, 200)
                .flatMap(i -> limiter().tryConsume(List.of(key, tenant)).subscribeOn(concurrentCallers()), 16)
                .collectList().block(WAIT);

        assertThat(decisions).filteredOn(Decision::allowed).hasSize(50);
        assertThat(take(key).remaining()).as("refused checks took nothing from the key: 80 - 50 - 1").isEqualTo(29);
    }

    @Test
    void aCheckNeedsDistinctBuckets() {
        BucketLimit one = new BucketLimit(bucket("k"), Bandwidth.perSecond(1, 1));

        assertThatThrownBy(() -> limiter().tryConsume(List.of(one, one))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> limiter().tryConsume(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
