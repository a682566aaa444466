package io.faasfed.gateway.ratelimit;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the rate limits when {@code faasfed.rate-limit.enabled} (the default): the buckets in the store chosen by
 * {@code faasfed.store} (in this process, or in Redis on the store's connection), the policy from
 * {@code faasfed.rate-limit.*}, and the filter that applies it after authentication.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "rate-limit.enabled", havingValue = "true",
        matchIfMissing = true)
public class RateLimitConfiguration {

    /** The buckets in this process, with {@code store=memory}. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    RateLimiter inMemoryRateLimiter(FaasfedProperties properties) {
        return new InMemoryRateLimiter(properties.getRateLimit().getMaxBuckets(), Clock.systemUTC());
    }

    /** The buckets in Redis, shared by every replica, on the store's connection, with {@code store=redis}. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    RateLimiter redisRateLimiter(RedisStoreConnection redisStore, FaasfedProperties properties) {
        return new RedisRateLimiter(redisStore.connection().reactive(), properties.getRedis().getKeyPrefix());
    }

    /** The limits of {@code faasfed.rate-limit.*}. */
    @Bean
    RateLimits rateLimits(RateLimiter limiter, FaasfedProperties properties, MeterRegistry meters) {
        return new RateLimits(limiter, policy(properties), meters);
    }

    /** Applies the limits to every request, after Spring Security. */
    @Bean
    RateLimitWebFilter rateLimitWebFilter(RateLimits limits, FaasfedProperties properties) {
        return new RateLimitWebFilter(limits, new RouteClassifier(),
                new ClientAddresses(properties.getRateLimit().getTrustedProxyHops()));
    }

    /**
     * The policy {@code properties} describe.
     *
     * @throws IllegalStateException naming the setting to fix when a value cannot be used
     */
    static RateLimitPolicy policy(FaasfedProperties properties) {
        FaasfedProperties.RateLimit settings = properties.getRateLimit();
        String prefix = FaasfedProperties.PREFIX + ".rate-limit.";
        FaasfedProperties.OnStoreFailure failure = settings.getOnStoreFailure();
        Map<RouteClass, StoreFailurePolicy> onFailure = new EnumMap<>(RouteClass.class);
        onFailure.put(RouteClass.INVOKE, failure.getInvoke());
        onFailure.put(RouteClass.DEPLOY, failure.getDeploy());
        onFailure.put(RouteClass.ADMIN, failure.getAdmin());
        onFailure.put(RouteClass.VIEW, failure.getView());
        if (settings.getStoreTimeout() == null || settings.getStoreTimeout().isZero()
                || settings.getStoreTimeout().isNegative()) {
            throw new IllegalStateException(prefix + "store-timeout: " + settings.getStoreTimeout()
                    + " (expected: a duration > 0, e.g. 1s)");
        }
        return new RateLimitPolicy(perClass(prefix + "per-key.", settings.getPerKey()),
                perClass(prefix + "per-tenant.", settings.getPerTenant()),
                bandwidth(prefix + "per-address", settings.getPerAddress()), onFailure, settings.getStoreTimeout(),
                properties.getRedis().getReconnectMaxDelay());
    }

    private static Map<RouteClass, Bandwidth> perClass(String prefix, FaasfedProperties.RouteLimits limits) {
        Map<RouteClass, Bandwidth> map = new EnumMap<>(RouteClass.class);
        map.put(RouteClass.INVOKE, bandwidth(prefix + "invoke", limits.getInvoke()));
        map.put(RouteClass.DEPLOY, bandwidth(prefix + "deploy", limits.getDeploy()));
        map.put(RouteClass.ADMIN, bandwidth(prefix + "admin", limits.getAdmin()));
        map.put(RouteClass.VIEW, bandwidth(prefix + "view", limits.getView()));
        return map;
    }

    private static Bandwidth bandwidth(String setting, FaasfedProperties.Limit limit) {
        try {
            return Bandwidth.perSecond(limit.getCapacity(), limit.getRefillPerSecond());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": capacity " + limit.getCapacity() + ", refill-per-second "
                    + limit.getRefillPerSecond() + " (expected: capacity 1.." + Bandwidth.MAX_CAPACITY
                    + ", refill-per-second > 0)", e);
        }
    }
}
