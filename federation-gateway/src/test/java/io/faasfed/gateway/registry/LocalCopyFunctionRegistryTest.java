package io.faasfed.gateway.registry;

import static io.faasfed.gateway.registry.AbstractFunctionRegistryTest.FN;
import static io.faasfed.gateway.registry.AbstractFunctionRegistryTest.OPENFAAS;
import static io.faasfed.gateway.registry.AbstractFunctionRegistryTest.WAIT;
import static io.faasfed.gateway.registry.AbstractFunctionRegistryTest.placement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The local copy in front of a store that can be switched off: reads served from the copy within the staleness
 * bound and refused beyond it, writes refused while the store is away, recovery on the next refresh.
 */
class LocalCopyFunctionRegistryTest {

    private static final Duration MAX_STALENESS = Duration.ofMinutes(5);

    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final InMemoryFunctionRegistry backing = new InMemoryFunctionRegistry();
    private final MutableClock clock = new MutableClock();
    private LocalCopyFunctionRegistry registry;

    /** The failure the fake store raises while it is down. */
    static final class StoreAway extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreAway() {
            super("connection refused");
        }
    }

    @BeforeEach
    void storeWithCopy() {
        FunctionRegistry store = mock(FunctionRegistry.class, invocation -> {
            Class<?> type = invocation.getMethod().getReturnType();
            if (storeDown.get() && type == Mono.class) {
                return Mono.error(new StoreAway());
            }
            if (storeDown.get() && type == Flux.class) {
                return Flux.error(new StoreAway());
            }
            try {
                return invocation.getMethod().invoke(backing, invocation.getArguments());
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        StoreAvailability availability = new StoreAvailability() {
            @Override
            public Mono<Void> ping() {
                return Mono.defer(() -> storeDown.get() ? Mono.error(new StoreAway()) : Mono.empty());
            }

            @Override
            public boolean isOutage(Throwable error) {
                return error instanceof StoreAway;
            }

            @Override
            public String describe() {
                return "fake";
            }
        };
        registry = new LocalCopyFunctionRegistry(store, availability, Duration.ofSeconds(15), MAX_STALENESS, clock);
        backing.put(placement("echo", OPENFAAS)).block(WAIT);
        registry.refresh().block(WAIT);
    }

    @Test
    void whileTheStoreIsAwayReadsAreAnsweredFromTheCopy() {
        storeDown.set(true);

        StepVerifier.create(registry.lookup("echo"))
                .assertNext(found -> assertThat(found).extracting(Placement::platform).containsExactly(OPENFAAS))
                .verifyComplete();
        StepVerifier.create(registry.lookup("ghost")).expectNext(List.of()).verifyComplete();
        StepVerifier.create(registry.size()).expectNext(1L).verifyComplete();
        StepVerifier.create(registry.all().count()).expectNext(1L).verifyComplete();
        assertThat(registry.storeUnavailable()).isTrue();
    }

    @Test
    void aCopyOlderThanTheBoundIsNotServed() {
        storeDown.set(true);
        registry.lookup("echo").block(WAIT);

        clock.advance(MAX_STALENESS);
        StepVerifier.create(registry.lookup("echo")).expectNextCount(1).verifyComplete();

        clock.advance(Duration.ofSeconds(1));
        StepVerifier.create(registry.lookup("echo"))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(RegistryUnavailableException.class)
                        .hasMessageContaining("faasfed.redis.local-copy.max-staleness"))
                .verify(WAIT);
        StepVerifier.create(registry.all()).expectError(RegistryUnavailableException.class).verify(WAIT);
    }

    @Test
    void whileTheStoreIsAwayWritesAreRefusedAndTheCopyIsUnchanged() {
        storeDown.set(true);

        StepVerifier.create(registry.ensureWritable()).expectError(RegistryUnavailableException.class).verify(WAIT);
        StepVerifier.create(registry.put(placement("other", FN)))
                .expectError(RegistryUnavailableException.class).verify(WAIT);
        StepVerifier.create(registry.remove("echo", OPENFAAS, null, clock.instant()))
                .expectError(RegistryUnavailableException.class).verify(WAIT);
        StepVerifier.create(registry.replacePlatform(OPENFAAS, List.of(), clock.instant()))
                .expectError(RegistryUnavailableException.class).verify(WAIT);

        StepVerifier.create(registry.lookup("echo")).expectNextCount(1).verifyComplete();
        StepVerifier.create(registry.lookup("other")).expectNext(List.of()).verifyComplete();
    }

    @Test
    void aWriteThatFindsTheStoreAwayIsRefusedAndMarksItUnavailable() {
        storeDown.set(true);

        StepVerifier.create(registry.put(placement("other", FN)))
                .expectError(RegistryUnavailableException.class).verify(WAIT);

        assertThat(registry.storeUnavailable()).isTrue();
    }

    @Test
    void theNextRefreshAfterTheStoreReturnsRecoversAndReReadsTheCopy() {
        storeDown.set(true);
        registry.lookup("echo").block(WAIT);
        registry.refresh().block(WAIT);
        assertThat(registry.storeUnavailable()).isTrue();

        storeDown.set(false);
        backing.put(placement("written-elsewhere", FN)).block(WAIT);
        clock.advance(Duration.ofHours(1));
        registry.refresh().block(WAIT);

        assertThat(registry.storeUnavailable()).isFalse();
        assertThat(registry.copyAge()).isEqualTo(Duration.ZERO);
        storeDown.set(true);
        StepVerifier.create(registry.lookup("written-elsewhere"))
                .assertNext(found -> assertThat(found).extracting(Placement::platform).containsExactly(FN))
                .verifyComplete();
    }

    @Test
    void acceptedWritesAndReadsKeepTheCopyCurrent() {
        registry.put(placement("deployed", FN)).block(WAIT);
        backing.remove("echo", OPENFAAS, null, clock.instant()).block(WAIT);
        registry.lookup("echo").block(WAIT);

        storeDown.set(true);

        StepVerifier.create(registry.lookup("deployed")).expectNextCount(1).verifyComplete();
        StepVerifier.create(registry.lookup("echo")).expectNext(List.of()).verifyComplete();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
