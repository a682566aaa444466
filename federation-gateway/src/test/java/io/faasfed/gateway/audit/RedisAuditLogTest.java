package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit behaviour against a real Redis, plus the stream's own shape. */
@ExtendWith(RedisExtension.class)
class RedisAuditLogTest extends AbstractAuditLogTest {

    private final List<RedisClient> clients = new ArrayList<>();
    private RedisEndpoint redis;
    private String prefix;

    @BeforeEach
    void connect(RedisEndpoint endpoint) {
        this.redis = endpoint;
        this.prefix = endpoint.uniquePrefix("audit");
    }

    @AfterEach
    void disconnect() {
        clients.forEach(RedisClient::shutdown);
        clients.clear();
    }

    private StatefulRedisConnection<String, String> connection() {
        RedisClient client = RedisClient.create(redis.url());
        clients.add(client);
        return client.connect();
    }

    @Override
    AuditLog store(int capacity) {
        return new RedisAuditLog(connection().reactive(), prefix, capacity);
    }

    @Test
    void theStreamIsTrimmedNearItsCapacity() {
        StatefulRedisConnection<String, String> connection = connection();
        RedisAuditLog store = new RedisAuditLog(connection.reactive(), prefix, 50);
        recordAll(store, java.util.stream.IntStream.rangeClosed(1, 400)
                .mapToObj(n -> record(n, "a", AuditAction.FUNCTION_DEPLOY)).toList());

        long length = connection.sync().xlen(store.key());
        assertThat(length).isBetween(50L, 400L - 100L);
    }

    @Test
    void recordsOfTwoReplicasShareOneStream() {
        AuditLog first = store(100);
        AuditLog second = store(100);
        recordAll(first, List.of(record(1, "a", AuditAction.FUNCTION_DEPLOY)));
        recordAll(second, List.of(record(2, "a", AuditAction.FUNCTION_DELETE)));

        assertThat(targets(first, AuditQuery.recent())).containsExactly("fn-2", "fn-1");
    }

    @Test
    void anEntryThisVersionCannotReadIsSkipped() {
        StatefulRedisConnection<String, String> connection = connection();
        RedisAuditLog store = new RedisAuditLog(connection.reactive(), prefix, 100);
        recordAll(store, List.of(record(1, "a", AuditAction.FUNCTION_DEPLOY)));
        connection.sync().xadd(store.key(), Map.of("action", "SOMETHING_NEW", "time", "now"));
        recordAll(store, List.of(record(2, "a", AuditAction.FUNCTION_DEPLOY)));

        assertThat(targets(store, AuditQuery.recent())).containsExactly("fn-2", "fn-1");
    }
}
