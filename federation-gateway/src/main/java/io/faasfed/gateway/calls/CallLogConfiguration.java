package io.faasfed.gateway.calls;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the call log: its store (memory or Redis, as {@code faasfed.store}) and the recorder in front of it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallLogProperties.class)
public class CallLogConfiguration {

    /** The most records written in one batch. */
    static final int BATCH_SIZE = 256;
    /** How long one batch may take before its records count as dropped. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** The embedded default: bounded, in this process only. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    CallLog inMemoryCallLog(CallLogProperties properties) {
        requirePositive(properties.getSyncTtl());
        return new InMemoryCallLog(properties.getMemoryMax(), properties.getSyncTtl(), Clock.systemUTC());
    }

    /** Shared by every replica. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    CallLog redisCallLog(RedisStoreConnection redis, JsonMapper json, FaasfedProperties gateway,
                         CallLogProperties properties) {
        requirePositive(properties.getSyncTtl());
        return new RedisCallLog(redis.connection().reactive(), json, gateway.getRedis().getKeyPrefix(),
                properties.getSyncTtl(), Clock.systemUTC());
    }

    /** The bounded buffer between calls and the log. */
    @Bean(destroyMethod = "close")
    CallRecorder callRecorder(CallLog callLog, CallLogProperties properties, MeterRegistry meters) {
        return new CallRecorder(callLog, properties.getBufferSize(), BATCH_SIZE, WRITE_TIMEOUT, meters);
    }

    private static void requirePositive(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalStateException(CallLogProperties.PREFIX + ".sync-ttl: " + ttl
                    + " (expected: a duration > 0, e.g. 1h)");
        }
    }
}
