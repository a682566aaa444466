package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** On-miss lookups: single-flight per name, the negative cache, the global budget, and unreachable platforms. */
class DiscoveryMissTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PlatformId ALPHA = PlatformId.of("alpha");
    private static final PlatformId BETA = PlatformId.of("beta");

    private final AtomicLong nanos = new AtomicLong(1L);
    private final AtomicInteger alphaGets = new AtomicInteger();
    private final AtomicInteger betaGets = new AtomicInteger();
    private PlatformDirectory directory;

    private Discovery discovery(Supplier<Mono<FunctionInfo>> alpha, Supplier<Mono<FunctionInfo>> beta, int burst) {
        List<ConfiguredPlatform> platforms = new ArrayList<>();
        platforms.add(new ConfiguredPlatform(platform(ALPHA, alpha, alphaGets), 10, null));
        platforms.add(new ConfiguredPlatform(platform(BETA, beta, betaGets), 20, null));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        directory = new PlatformDirectory(platforms, null);
        return new Discovery(directory, new InMemoryFunctionRegistry(),
                new FaasfedProperties.Discovery(), meters,
                new MissLimiter(Duration.ofSeconds(30), 100, 0.001, burst, meters, nanos::get));
    }

    private static FaasPlatform platform(PlatformId id, Supplier<Mono<FunctionInfo>> get, AtomicInteger gets) {
        FaasPlatform platform = mock(FaasPlatform.class);
        when(platform.id()).thenReturn(id);
        when(platform.get(any())).thenAnswer(invocation -> Mono.defer(() -> {
            gets.incrementAndGet();
            return get.get();
        }));
        return platform;
    }

    private static Supplier<Mono<FunctionInfo>> notFound(PlatformId id) {
        return () -> Mono.error(new FaasException.FunctionNotFound(id, "ghost"));
    }

    @Test
    void concurrentMissesForOneNameCauseOneGetPerPlatform() {
        Sinks.One<FunctionInfo> alphaAnswer = Sinks.one();
        Sinks.One<FunctionInfo> betaAnswer = Sinks.one();
        Discovery discovery = discovery(alphaAnswer::asMono, betaAnswer::asMono, 20);

        List<Boolean> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            discovery.refreshOnMiss("ghost").subscribe(results::add);
        }
        assertThat(alphaGets).as("one get on alpha while ten misses wait").hasValue(1);
        assertThat(betaGets).as("one get on beta while ten misses wait").hasValue(1);

        alphaAnswer.tryEmitError(new FaasException.FunctionNotFound(ALPHA, "ghost"));
        betaAnswer.tryEmitError(new FaasException.FunctionNotFound(BETA, "ghost"));

        assertThat(results).hasSize(10).containsOnly(false);
        assertThat(alphaGets).hasValue(1);
        assertThat(betaGets).hasValue(1);
    }

    @Test
    void missesForOneNameFromManyThreadsAtOnceShareOneGetPerPlatform() throws Exception {
        // the platforms answer only when the test says so: every caller has subscribed by then, whatever the load
        Sinks.One<FunctionInfo> alphaAnswer = Sinks.one();
        Sinks.One<FunctionInfo> betaAnswer = Sinks.one();
        Discovery discovery = discovery(alphaAnswer::asMono, betaAnswer::asMono, 100);
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch subscribed = new CountDownLatch(callers);
        Queue<Boolean> results = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            for (int i = 0; i < callers; i++) {
                threads.execute(() -> {
                    try {
                        start.await();
                        discovery.refreshOnMiss("ghost").subscribe(results::add, errors::add);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        subscribed.countDown();
                    }
                });
            }
            start.countDown();
            assertThat(subscribed.await(30, TimeUnit.SECONDS)).as("every caller subscribed").isTrue();

            assertThat(alphaGets).as("one get on alpha for " + callers + " concurrent misses").hasValue(1);
            assertThat(betaGets).as("one get on beta for " + callers + " concurrent misses").hasValue(1);
            assertThat(results).as("nobody is answered before the platforms are").isEmpty();

            alphaAnswer.tryEmitValue(FunctionInfo.builder("ghost", ALPHA).build());
            betaAnswer.tryEmitError(new FaasException.FunctionNotFound(BETA, "ghost"));

            assertThat(errors).isEmpty();
            assertThat(results).as("every caller got the one lookup's answer").hasSize(callers).containsOnly(true);
            assertThat(alphaGets).hasValue(1);
            assertThat(betaGets).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aMissIsAnsweredFromTheNegativeCacheWithoutAskingAgain() {
        Discovery discovery = discovery(notFound(ALPHA), notFound(BETA), 20);

        StepVerifier.create(discovery.refreshOnMiss("ghost")).expectNext(false).verifyComplete();
        StepVerifier.create(discovery.refreshOnMiss("ghost")).expectNext(false).verifyComplete();

        assertThat(alphaGets).hasValue(1);
        assertThat(betaGets).hasValue(1);
    }

    @Test
    void beyondTheBudgetAMissIsAnsweredWithoutAskingThePlatforms() {
        Discovery discovery = discovery(notFound(ALPHA), notFound(BETA), 2);

        for (int i = 0; i < 10; i++) {
            StepVerifier.create(discovery.refreshOnMiss("ghost-" + i)).expectNext(false).verifyComplete();
        }

        assertThat(alphaGets).hasValue(2);
        assertThat(betaGets).hasValue(2);
    }

    @Test
    void beyondTheBudgetAMissWhileAPlatformIsKnownDownIs503NamingIt() {
        Discovery discovery = discovery(notFound(ALPHA), notFound(BETA), 1);
        ConfiguredPlatform beta = directory.require(BETA);
        when(beta.platform().probe()).thenReturn(Mono.just(PlatformHealth.down(BETA, "connection refused",
                Duration.ZERO)));
        when(beta.platform().list()).thenReturn(Flux.error(new FaasException.PlatformUnavailable(BETA,
                "connection refused", null)));
        discovery.sync(beta).block(WAIT);

        StepVerifier.create(discovery.refreshOnMiss("first")).expectNext(false).verifyComplete();
        StepVerifier.create(discovery.refreshOnMiss("second"))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(PlatformsUnreachableException.class, unreachable ->
                                assertThat(unreachable.unreachable()).containsOnlyKeys(BETA)))
                .verify(WAIT);
        assertThat(alphaGets).as("the second miss asked no platform").hasValue(1);
        assertThat(betaGets).hasValue(1);
    }

    @Test
    void aPlatformThatCannotBeAskedMakesTheMiss503NamingItAndIsRemembered() {
        Discovery discovery = discovery(notFound(ALPHA),
                () -> Mono.error(new FaasException.PlatformUnavailable(BETA, "connection refused", null)), 20);

        for (int i = 0; i < 2; i++) {
            StepVerifier.create(discovery.refreshOnMiss("ghost"))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOfSatisfying(PlatformsUnreachableException.class, unreachable -> {
                                assertThat(unreachable.unreachable()).containsOnlyKeys(BETA);
                                assertThat(unreachable.function()).isEqualTo("ghost");
                            })
                            .hasMessageContaining("'beta'"))
                    .verify(WAIT);
        }
        assertThat(betaGets).hasValue(1);
    }
}
