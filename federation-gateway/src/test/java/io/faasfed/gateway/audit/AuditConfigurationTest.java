package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import tools.jackson.databind.json.JsonMapper;

/** Which store faasfed.store selects, and the beans the audit needs. */
@ExtendWith(RedisExtension.class)
class AuditConfigurationTest {

    private static ApplicationContextRunner runner(FaasfedProperties properties) {
        return new ApplicationContextRunner()
                .withUserConfiguration(AuditConfiguration.class)
                .withBean(FaasfedProperties.class, () -> properties)
                .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new);
    }

    private static AuditRecord record() {
        return new AuditRecord(Instant.now(), "c1", "key1", "team-a", AuditAction.KEY_CREATE, "key2", null, null,
                AuditOutcome.SUCCESS, 201, null);
    }

    @Test
    void theEmbeddedDefaultKeepsRecordsInMemoryBehindTheLogLine() {
        FaasfedProperties properties = new FaasfedProperties();
        properties.getAudit().setMaxRecords(2);

        runner(properties).run(context -> {
            assertThat(context).hasSingleBean(AuditLog.class).hasSingleBean(Auditor.class)
                    .hasSingleBean(ServerWebExchangeContextFilter.class);
            AuditLog audit = context.getBean(AuditLog.class);
            assertThat(audit).isInstanceOf(LoggingAuditLog.class);
            for (int i = 0; i < 3; i++) {
                audit.record(record()).block(Duration.ofSeconds(10));
            }
            assertThat(audit.recent(AuditQuery.recent()).count().block(Duration.ofSeconds(10))).isEqualTo(2);
        });
    }

    @Test
    void theRedisStoreWritesToTheSharedStream(RedisEndpoint redis) {
        FaasfedProperties properties = new FaasfedProperties();
        properties.setStore(FaasfedProperties.StoreType.REDIS);
        properties.getRedis().setUrl(redis.url());
        properties.getRedis().setKeyPrefix(redis.uniquePrefix("audit-config"));

        try (RedisStoreConnection connection = RedisStoreConnection.open(properties.getRedis())) {
            runner(properties).withPropertyValues("faasfed.store=redis")
                    .withBean(RedisStoreConnection.class, () -> connection)
                    .run(context -> {
                        AuditLog audit = context.getBean(AuditLog.class);
                        assertThat(audit).isInstanceOf(LoggingAuditLog.class);
                        audit.record(record()).block(Duration.ofSeconds(10));
                        assertThat(connection.connection().sync()
                                .xlen(properties.getRedis().getKeyPrefix() + "audit")).isEqualTo(1L);
                    });
        }
    }
}
