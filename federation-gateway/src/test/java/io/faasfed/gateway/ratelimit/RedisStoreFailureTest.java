package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.support.Eventually;
import io.faasfed.gateway.support.TcpProxy;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * The Redis buckets on a Redis that dies (a loopback proxy in front of it is cut) or hangs (the proxy is frozen): each
 * route class does what its policy says — invoke and view go through unmetered, deploy and admin get 503 — within
 * the store timeout, and metering comes back by itself.
 */
@ExtendWith(RedisExtension.class)
class RedisStoreFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TcpProxy proxy;
    private RedisStoreConnection store;
    private RateLimits limits;

    @BeforeEach
    void connectThroughAProxy(RedisEndpoint redis) {
        proxy = TcpProxy.to(redis.host(), redis.port());
        FaasfedProperties.Redis settings = new FaasfedProperties.Redis();
        settings.setUrl("redis://127.0.0.1:" + proxy.port());
        settings.setReconnectMaxDelay(Duration.ofSeconds(1));
        settings.setCommandTimeout(Duration.ofSeconds(10));
        store = RedisStoreConnection.open(settings);
        Bandwidth bandwidth = Bandwidth.perSecond(100, 10);
        limits = new RateLimits(new RedisRateLimiter(store.connection().reactive(),
                redis.uniquePrefix("ratelimit-outage")), RateLimitsTest.policy(bandwidth, bandwidth, bandwidth),
                new SimpleMeterRegistry());
        assertThat(limits.check(RouteClass.INVOKE, RateLimitsTest.ALICE, "").block(WAIT).metered()).isTrue();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aDeadRedisLetsInvokeThroughAndRefusesDeploy() {
        proxy.cut();

        StepVerifier.create(limits.check(RouteClass.INVOKE, RateLimitsTest.ALICE, ""))
                .expectNext(Decision.unmetered()).verifyComplete();
        StepVerifier.create(limits.check(RouteClass.VIEW, Caller.anonymous(), "192.0.2.1"))
                .expectNext(Decision.unmetered()).verifyComplete();
        StepVerifier.create(limits.check(RouteClass.DEPLOY, RateLimitsTest.ALICE, ""))
                .expectError(RateLimitStoreUnavailableException.class).verify(WAIT);
        StepVerifier.create(limits.check(RouteClass.ADMIN, RateLimitsTest.ALICE, ""))
                .expectError(RateLimitStoreUnavailableException.class).verify(WAIT);

        proxy.restore();
        Eventually.await("checks are metered again", Duration.ofSeconds(60), () -> limits.check(RouteClass.DEPLOY,
                RateLimitsTest.ALICE, "").onErrorReturn(Decision.unmetered()).block(WAIT).metered());
    }

    @Test
    void aHangingRedisCostsACheckAtMostTheStoreTimeout() {
        proxy.freeze();

        long start = System.nanoTime();
        StepVerifier.create(limits.check(RouteClass.INVOKE, RateLimitsTest.ALICE, ""))
                .expectNext(Decision.unmetered()).verifyComplete();
        Duration invoke = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        StepVerifier.create(limits.check(RouteClass.DEPLOY, RateLimitsTest.ALICE, ""))
                .expectError(RateLimitStoreUnavailableException.class).verify(WAIT);
        Duration deploy = Duration.ofNanos(System.nanoTime() - start);

        assertThat(invoke).as("the 1 s store timeout, not the 10 s command timeout").isLessThan(Duration.ofSeconds(8));
        assertThat(deploy).as("the 1 s store timeout, not the 10 s command timeout").isLessThan(Duration.ofSeconds(8));
    }
}
