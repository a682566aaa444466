package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class LoggingAuditLogTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void capture() {
        logger = (Logger) LoggerFactory.getLogger(LoggingAuditLog.LOGGER);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    private static AuditRecord record(String target) {
        return new AuditRecord(Instant.parse("2026-12-01T12:00:00Z"), "call-1", "key1", "team-a",
                AuditAction.FUNCTION_DEPLOY, target, "openfaas", "dev", AuditOutcome.SUCCESS, 201, "created");
    }

    private double failures() {
        return meters.counter(LoggingAuditLog.FAILURES).count();
    }

    @Test
    void eachRecordIsOneJsonLineWithEveryField() {
        LoggingAuditLog audit = new LoggingAuditLog(new InMemoryAuditLog(10), JSON, meters);

        audit.record(record("echo")).then(audit.record(record("wc"))).block(Duration.ofSeconds(10));

        assertThat(lines.list).hasSize(2);
        String line = lines.list.get(0).getFormattedMessage();
        assertThat(line).doesNotContain("\n", "\r");
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = JSON.readValue(line, Map.class);
        assertThat(fields).containsExactly(Map.entry("time", "2026-12-01T12:00:00Z"), Map.entry("callId", "call-1"),
                Map.entry("actor", "key1"), Map.entry("tenant", "team-a"), Map.entry("action", "FUNCTION_DEPLOY"),
                Map.entry("target", "echo"), Map.entry("platform", "openfaas"), Map.entry("scope", "dev"),
                Map.entry("outcome", "SUCCESS"), Map.entry("status", 201), Map.entry("detail", "created"));
    }

    @Test
    void aNameWithALineBreakCannotForgeASecondLine() {
        LoggingAuditLog audit = new LoggingAuditLog(new InMemoryAuditLog(10), JSON, meters);
        String forged = "echo\n{\"forged\":1}\r\n\"}";

        audit.record(record(forged)).block(Duration.ofSeconds(10));

        assertThat(lines.list).hasSize(1);
        String line = lines.list.get(0).getFormattedMessage();
        assertThat(line.lines()).hasSize(1);
        assertThat(line).startsWith("{").endsWith("}");
        assertThat(JSON.readTree(line).get("target").asString()).isEqualTo(forged);
        assertThat(JSON.readTree(line).has("forged")).isFalse();
    }

    @Test
    void aStoreThatFailsDoesNotFailTheRecordAndIsCounted() {
        AuditLog broken = new AuditLog() {
            @Override
            public Mono<Void> record(AuditRecord record) {
                return Mono.error(new IllegalStateException("Redis went away"));
            }

            @Override
            public Flux<AuditRecord> recent(AuditQuery query) {
                return Flux.error(new IllegalStateException("Redis went away"));
            }
        };
        LoggingAuditLog audit = new LoggingAuditLog(broken, JSON, meters);

        StepVerifier.create(audit.record(record("echo"))).verifyComplete();

        assertThat(failures()).isEqualTo(1.0);
        assertThat(lines.list).hasSize(1);
    }

    @Test
    void aStoreThatThrowsDoesNotFailTheRecordAndIsCounted() {
        AuditLog throwing = new AuditLog() {
            @Override
            public Mono<Void> record(AuditRecord record) {
                throw new IllegalStateException("bug in the store");
            }

            @Override
            public Flux<AuditRecord> recent(AuditQuery query) {
                return Flux.empty();
            }
        };
        LoggingAuditLog audit = new LoggingAuditLog(throwing, JSON, meters);

        StepVerifier.create(audit.record(record("echo"))).verifyComplete();
        StepVerifier.create(audit.record(record("echo"))).verifyComplete();

        assertThat(failures()).isEqualTo(2.0);
    }

    @Test
    void aRecordIsKeptEvenWhenItsSubscriberCancels() {
        Sinks.Empty<Void> slowStore = Sinks.empty();
        AtomicBoolean kept = new AtomicBoolean();
        AuditLog slow = new AuditLog() {
            @Override
            public Mono<Void> record(AuditRecord record) {
                return slowStore.asMono().doOnSuccess(done -> kept.set(true));
            }

            @Override
            public Flux<AuditRecord> recent(AuditQuery query) {
                return Flux.empty();
            }
        };
        LoggingAuditLog audit = new LoggingAuditLog(slow, JSON, meters);

        Disposable subscription = audit.record(record("echo")).subscribe();
        subscription.dispose();
        slowStore.tryEmitEmpty();

        assertThat(kept).isTrue();
        assertThat(failures()).isZero();
    }

    @Test
    void nothingIsWrittenBeforeSubscription() {
        LoggingAuditLog audit = new LoggingAuditLog(new InMemoryAuditLog(10), JSON, meters);

        Mono<Void> pending = audit.record(record("echo"));

        assertThat(lines.list).isEmpty();
        pending.block(Duration.ofSeconds(10));
        assertThat(audit.recent(AuditQuery.recent()).collectList().block(Duration.ofSeconds(10)))
                .extracting(AuditRecord::target).isEqualTo(List.of("echo"));
    }
}
