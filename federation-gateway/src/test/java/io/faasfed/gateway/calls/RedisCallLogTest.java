package io.faasfed.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/** The call log against a real Redis, plus its layout: one JSON string per call and one index per parent, with TTLs. */
@ExtendWith(RedisExtension.class)
class RedisCallLogTest extends AbstractCallLogTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private RedisStoreConnection connection;
    private String prefix;

    @BeforeEach
    void connect(RedisEndpoint endpoint) {
        FaasfedProperties.Redis settings = new FaasfedProperties.Redis();
        settings.setUrl(endpoint.url());
        this.connection = RedisStoreConnection.open(settings);
        this.prefix = endpoint.uniquePrefix("calls");
        this.log = newLog();
    }

    @AfterEach
    void disconnect() {
        RedisCommands<String, String> sync = connection.connection().sync();
        List<String> keys = sync.keys(prefix + "*");
        if (!keys.isEmpty()) {
            sync.del(keys.toArray(String[]::new));
        }
        connection.close();
    }

    @Override
    void createLog() {
        // the log needs the connection, opened by connect()
    }

    @Override
    CallLog newLog() {
        return new RedisCallLog(connection.connection().reactive(), JsonMapper.builder().build(), prefix, TTL,
                clock);
    }

    @Test
    void anEntryAndItsParentsIndexAreKeysWithTheTtl() {
        write(entry("c1", "team-a", "p1", T0));

        RedisCommands<String, String> sync = connection.connection().sync();
        assertThat(sync.get(prefix + "calls:call:c1")).contains("\"parentId\":\"p1\"").contains("\"kind\":\"sync\"");
        assertThat(sync.pttl(prefix + "calls:call:c1")).isBetween(1L, TTL.toMillis());
        assertThat(sync.zrange(prefix + "calls:children:team-a:p1", 0, -1)).containsExactly("c1");
        assertThat(sync.pttl(prefix + "calls:children:team-a:p1")).isBetween(1L, TTL.toMillis());
    }

    @Test
    void childrenOlderThanTheTtlLeaveTheIndexWhenAnotherIsAdded() {
        write(entry("old", "team-a", "p1", T0.minus(TTL).minusSeconds(1)));
        write(entry("new", "team-a", "p1", T0));

        assertThat(children("team-a", "p1")).containsExactly("new");
    }

    @Test
    void anUnreadableEntryIsAbsent() {
        connection.connection().sync().set(prefix + "calls:call:bad", "{not json");

        assertThat(log.entry("bad").block(WAIT)).isNull();
    }
}
