package io.faasfed.gateway.audit;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the audit log: the store ({@code faasfed.store}: memory or a Redis stream) behind the log line, the
 * {@link Auditor} write endpoints use, and the filter that lets it find the request in the Reactor context.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /** The audit log in memory (the embedded default). */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    AuditLog inMemoryAuditLog(FaasfedProperties properties, JsonMapper json, MeterRegistry meters) {
        return new LoggingAuditLog(new InMemoryAuditLog(properties.getAudit().getMaxRecords()), json, meters);
    }

    /** The audit log in a Redis stream shared by every replica, with {@code store=redis}. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    AuditLog redisAuditLog(RedisStoreConnection redis, FaasfedProperties properties, JsonMapper json,
                           MeterRegistry meters) {
        return new LoggingAuditLog(new RedisAuditLog(redis.connection().reactive(),
                properties.getRedis().getKeyPrefix(), properties.getAudit().getMaxRecords()), json, meters);
    }

    /** What write endpoints audit through. */
    @Bean
    Auditor auditor(AuditLog audit) {
        return new Auditor(audit, Clock.systemUTC());
    }

    /** Puts the request's exchange in the Reactor context, where {@link Auditor} reads the call id. */
    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
        return new ServerWebExchangeContextFilter();
    }
}
