package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.security.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Which buckets a request draws from, and the store-failure policy per route class (with a store that fails). */
class RateLimitsTest {

    static final Caller ALICE = new Caller("k-alice", "acme", Set.of(Role.INVOKE, Role.DEPLOY));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    static RateLimitPolicy policy(Bandwidth perKey, Bandwidth perTenant, Bandwidth perAddress) {
        Map<RouteClass, Bandwidth> keys = new EnumMap<>(RouteClass.class);
        Map<RouteClass, Bandwidth> tenants = new EnumMap<>(RouteClass.class);
        for (RouteClass routeClass : RouteClass.values()) {
            keys.put(routeClass, perKey);
            tenants.put(routeClass, perTenant);
        }
        return new RateLimitPolicy(keys, tenants, perAddress, Map.of(RouteClass.INVOKE, StoreFailurePolicy.OPEN,
                RouteClass.DEPLOY, StoreFailurePolicy.CLOSED, RouteClass.ADMIN, StoreFailurePolicy.CLOSED,
                RouteClass.VIEW, StoreFailurePolicy.OPEN), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    private RateLimits limits(RateLimiter limiter) {
        return new RateLimits(limiter, policy(Bandwidth.perSecond(10, 1), Bandwidth.perSecond(100, 10),
                Bandwidth.perSecond(2, 1)), meters);
    }

    private double count(RouteClass routeClass, String outcome) {
        return meters.get("faasfed.ratelimit.checks").tag("class", routeClass.configName()).tag("outcome", outcome)
                .counter().count();
    }

    @Test
    void anAuthenticatedCallerDrawsFromItsKeyAndItsTenantPerRouteClass() {
        RateLimits limits = limits(new InMemoryRateLimiter(100, Clock.systemUTC()));

        assertThat(limits.buckets(RouteClass.INVOKE, ALICE, "192.0.2.1")).extracting(BucketLimit::bucket)
                .containsExactly("key:k-alice:invoke", "tenant:acme:invoke");
        assertThat(limits.buckets(RouteClass.DEPLOY, ALICE, "192.0.2.1")).extracting(BucketLimit::bucket)
                .containsExactly("key:k-alice:deploy", "tenant:acme:deploy");
        assertThat(limits.buckets(RouteClass.INVOKE, Caller.anonymous(), "192.0.2.1"))
                .extracting(BucketLimit::bucket).containsExactly("address:192.0.2.1");
    }

    @Test
    void aRefusalNamesTheLimitAndWhenToRetry() {
        RateLimits limits = limits(new InMemoryRateLimiter(100, Clock.systemUTC()));
        Decision decision = null;
        for (int i = 0; i < 3; i++) {
            decision = limits.check(RouteClass.INVOKE, Caller.anonymous(), "192.0.2.1").block();
        }

        assertThat(decision.allowed()).isFalse();
        RateLimitExceededException refusal = limits.refusal(RouteClass.INVOKE, Caller.anonymous(), decision);
        assertThat(refusal).hasMessage("the invoke rate limit of anonymous callers from your address is reached "
                + "(burst 2, 1/s); retry after 1 s");
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(count(RouteClass.INVOKE, "allowed")).isEqualTo(2);
        assertThat(count(RouteClass.INVOKE, "refused")).isEqualTo(1);
    }

    @Test
    void aFailedStoreLetsOpenClassesThroughUnmetered() {
        RateLimits limits = limits(failing());

        StepVerifier.create(limits.check(RouteClass.INVOKE, ALICE, ""))
                .expectNext(Decision.unmetered()).verifyComplete();
        StepVerifier.create(limits.check(RouteClass.VIEW, ALICE, ""))
                .assertNext(decision -> assertThat(decision.metered()).isFalse()).verifyComplete();
        assertThat(count(RouteClass.INVOKE, "store-failed-open")).isEqualTo(1);
    }

    @Test
    void aFailedStoreRefusesClosedClassesWith503AndRetryAfter() {
        RateLimits limits = limits(failing());

        StepVerifier.create(limits.check(RouteClass.DEPLOY, ALICE, ""))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(RateLimitStoreUnavailableException.class)
                            .hasMessageContaining("on-store-failure.deploy=closed");
                    assertThat(((RateLimitStoreUnavailableException) error).retryAfter())
                            .isEqualTo(Duration.ofSeconds(5));
                    assertThat(io.faasfed.gateway.error.Problems.of(error, null)).satisfies(problem -> {
                        assertThat(problem.status()).isEqualTo(503);
                        assertThat(problem.title()).isEqualTo("Rate limit store unavailable");
                        assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(5));
                    });
                })
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(limits.check(RouteClass.ADMIN, ALICE, ""))
                .expectError(RateLimitStoreUnavailableException.class).verify(Duration.ofSeconds(5));
        assertThat(count(RouteClass.DEPLOY, "store-failed-closed")).isEqualTo(1);
    }

    @Test
    void aStoreThatDoesNotAnswerCountsAsFailedAfterTheStoreTimeout() {
        RateLimiter silent = limits -> Mono.never();

        StepVerifier.withVirtualTime(() -> limits(silent).check(RouteClass.INVOKE, ALICE, ""))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(Decision.unmetered())
                .verifyComplete();
        StepVerifier.withVirtualTime(() -> limits(silent).check(RouteClass.DEPLOY, ALICE, ""))
                .thenAwait(Duration.ofSeconds(1))
                .expectError(RateLimitStoreUnavailableException.class)
                .verify(Duration.ofSeconds(5));
    }

    private static RateLimiter failing() {
        return limits -> Mono.error(new io.lettuce.core.RedisConnectionException("Connection refused"));
    }

    @Test
    void everyRouteClassNeedsAValue() {
        Map<RouteClass, Bandwidth> partial = Map.of(RouteClass.INVOKE, Bandwidth.perSecond(1, 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RateLimitPolicy(partial, partial,
                        Bandwidth.perSecond(1, 1), Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: a value for");
        assertThat(List.of(RouteClass.values())).extracting(RouteClass::configName)
                .containsExactly("invoke", "deploy", "admin", "view");
    }
}
