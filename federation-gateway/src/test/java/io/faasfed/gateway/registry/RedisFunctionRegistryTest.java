package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** The registry behaviour against a real Redis, plus what only a shared store can show. */
@ExtendWith(RedisExtension.class)
class RedisFunctionRegistryTest extends AbstractFunctionRegistryTest {

    private final List<RedisClient> clients = new ArrayList<>();
    private RedisEndpoint redis;
    private String prefix;

    @BeforeEach
    void connect(RedisEndpoint endpoint) {
        this.redis = endpoint;
        this.prefix = endpoint.uniquePrefix("registry");
    }

    @AfterEach
    void disconnect() {
        clients.forEach(RedisClient::shutdown);
        clients.clear();
    }

    @Override
    FunctionRegistry registry() {
        RedisClient client = RedisClient.create(redis.url());
        clients.add(client);
        StatefulRedisConnection<String, String> connection = client.connect();
        return new RedisFunctionRegistry(connection.reactive(), JsonMapper.builder().build(), prefix);
    }

    @Test
    void twoRegistriesOnOneRedisSeeOneNamespace() {
        FunctionRegistry first = registry();
        FunctionRegistry second = registry();

        first.put(placement("echo", OPENFAAS)).block(WAIT);
        StepVerifier.create(second.lookup("echo"))
                .assertNext(found -> assertThat(found).extracting(Placement::platform).containsExactly(OPENFAAS))
                .verifyComplete();

        second.remove("echo", OPENFAAS, null, java.time.Instant.now()).block(WAIT);
        StepVerifier.create(first.lookup("echo")).expectNext(List.of()).verifyComplete();
        StepVerifier.create(first.size()).expectNext(0L).verifyComplete();
    }
}
