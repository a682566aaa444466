package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The switches: on by default in memory, in Redis with store=redis, off with enabled=false; settings checked. */
@ExtendWith(RedisExtension.class)
class RateLimitConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FaasfedProperties.class)
    static class Basics {
        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Basics.class, RateLimitConfiguration.class);

    @Test
    void theEmbeddedDefaultCountsInMemoryWithTheDocumentedDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RateLimitWebFilter.class);
            assertThat(context.getBean(RateLimiter.class)).isInstanceOf(InMemoryRateLimiter.class);
            RateLimitPolicy policy = context.getBean(RateLimits.class).policy();
            assertThat(policy.perKey().get(RouteClass.INVOKE)).isEqualTo(Bandwidth.perSecond(200, 100));
            assertThat(policy.perTenant().get(RouteClass.INVOKE)).isEqualTo(Bandwidth.perSecond(1000, 500));
            assertThat(policy.perKey().get(RouteClass.DEPLOY)).isEqualTo(Bandwidth.perSecond(200, 20));
            assertThat(policy.perKey().get(RouteClass.VIEW)).isEqualTo(Bandwidth.perSecond(100, 50));
            assertThat(policy.perAddress()).isEqualTo(Bandwidth.perSecond(40, 20));
            assertThat(policy.onStoreFailure()).containsEntry(RouteClass.INVOKE, StoreFailurePolicy.OPEN)
                    .containsEntry(RouteClass.VIEW, StoreFailurePolicy.OPEN)
                    .containsEntry(RouteClass.DEPLOY, StoreFailurePolicy.CLOSED)
                    .containsEntry(RouteClass.ADMIN, StoreFailurePolicy.CLOSED);
        });
    }

    @Test
    void settingsChangeTheLimitsAndTheFailurePolicy() {
        runner.withPropertyValues("faasfed.rate-limit.per-key.invoke.capacity=7",
                        "faasfed.rate-limit.per-key.invoke.refill-per-second=0.5",
                        "faasfed.rate-limit.on-store-failure.invoke=closed",
                        "faasfed.rate-limit.store-timeout=250ms")
                .run(context -> {
                    RateLimitPolicy policy = context.getBean(RateLimits.class).policy();
                    assertThat(policy.perKey().get(RouteClass.INVOKE)).isEqualTo(Bandwidth.perSecond(7, 0.5));
                    assertThat(policy.onStoreFailure()).containsEntry(RouteClass.INVOKE, StoreFailurePolicy.CLOSED);
                    assertThat(policy.storeTimeout()).isEqualTo(Duration.ofMillis(250));
                });
    }

    @Test
    void aLimitThatCannotWorkStopsTheStartNamingTheSetting() {
        runner.withPropertyValues("faasfed.rate-limit.per-tenant.deploy.capacity=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("perTenant.deploy.capacity"));
        runner.withPropertyValues("faasfed.rate-limit.on-store-failure.admin=sometimes")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void offMeansNoFilterAndNoLimiter() {
        runner.withPropertyValues("faasfed.rate-limit.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(RateLimitWebFilter.class);
            assertThat(context).doesNotHaveBean(RateLimiter.class);
        });
    }

    @Test
    void withTheRedisStoreTheBucketsAreInRedis(RedisEndpoint redis) {
        runner.withPropertyValues("faasfed.store=redis", "faasfed.redis.url=" + redis.url())
                .withBean(RedisStoreConnection.class, () -> {
                    FaasfedProperties.Redis settings = new FaasfedProperties.Redis();
                    settings.setUrl(redis.url());
                    return RedisStoreConnection.open(settings);
                })
                .run(context -> assertThat(context.getBean(RateLimiter.class))
                        .isInstanceOf(RedisRateLimiter.class));
    }
}
