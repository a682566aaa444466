package io.faasfed.gateway.composition.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/** The store contract on a real Redis, plus its layout: runs expire, definitions do not. */
@ExtendWith(RedisExtension.class)
class RedisCompositionStoreTest extends AbstractCompositionStoreTest {

    private RedisStoreConnection connection;
    private String prefix;

    @BeforeEach
    void connect(RedisEndpoint endpoint) {
        FaasfedProperties.Redis settings = new FaasfedProperties.Redis();
        settings.setUrl(endpoint.url());
        connection = RedisStoreConnection.open(settings);
        prefix = endpoint.uniquePrefix("comp");
        store = new RedisCompositionStore(connection.connection().reactive(), JsonMapper.builder().build(), prefix);
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

    @Test
    void runKeysCarryTheirTtlAndDefinitionsNone() {
        store.save("t", "c", "{}", "application/json", null, T0, false).block();
        store.saveRun(RunInfo.started("r", "t", "c", 1, T0), TTL).block();
        store.saveStep("r", 0, new io.faasfed.gateway.composition.engine.StepTrace("a", "a", "task", "f", null,
                "running", 1, T0, null, 0, 0, null), TTL).block();
        RedisCommands<String, String> sync = connection.connection().sync();
        assertThat(sync.pttl(prefix + "comp:run:r")).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
        assertThat(sync.pttl(prefix + "comp:run:r:steps")).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
        assertThat(sync.pttl(prefix + "comp:def:t:c")).isEqualTo(-1);
        assertThat(sync.smembers(prefix + "comp:index")).containsExactly("t/c");
    }
}
