package io.faasfed.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

@ExtendWith(RedisExtension.class)
class RedisExtensionTest {

    @Test
    void streamRoundTripThroughAConsumerGroup(RedisEndpoint redis) {
        assertStreamRoundTrip(redis.url(), redis.uniquePrefix("stream") + "calls");
    }

    @Test
    void theEmbeddedRedisStartsAndServesEvenWhenAnotherOneIsRunning() throws Exception {
        redis.embedded.RedisServer server = RedisExtension.startEmbedded();
        try {
            int port = server.ports().get(0);
            assertThat(port).isNotEqualTo(6379);
            assertThat(RedisExtension.answersPing("127.0.0.1", port)).isTrue();
            assertStreamRoundTrip("redis://127.0.0.1:" + port, "faasfed-test:embedded:calls");
        } finally {
            server.stop();
        }
    }

    @Test
    void theSameEndpointIsSharedByTheWholeRun(RedisEndpoint first, RedisEndpoint second) {
        assertThat(first).isEqualTo(second);
        assertThat(RedisExtension.answersPing(first.host(), first.port())).isTrue();
    }

    private static void assertStreamRoundTrip(String url, String stream) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisReactiveCommands<String, String> redis = connection.reactive();
            StepVerifier.create(redis.xadd(stream, Map.of("function", "echo", "body", "hello"))
                            .then(redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "workers"))
                            .thenMany(redis.xreadgroup(Consumer.from("workers", "worker-1"),
                                    XReadArgs.StreamOffset.lastConsumed(stream)))
                            .flatMap(message -> redis.xack(stream, "workers", message.getId())
                                    .thenReturn(message)))
                    .assertNext(message -> {
                        StreamMessage<String, String> m = message;
                        assertThat(m.getBody()).containsEntry("function", "echo").containsEntry("body", "hello");
                    })
                    .expectComplete().verify(Duration.ofSeconds(10));
            StepVerifier.create(redis.xpending(stream, "workers"))
                    .assertNext(pending -> assertThat(pending.getCount()).isZero())
                    .expectComplete().verify(Duration.ofSeconds(10));
            redis.del(stream).block(Duration.ofSeconds(5));
        } finally {
            client.shutdown();
        }
    }
}
