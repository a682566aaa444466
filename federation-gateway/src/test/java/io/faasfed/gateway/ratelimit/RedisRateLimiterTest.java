package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;

/**
 * The Redis buckets: the shared behaviour (the test sends its clock's time with each check, instead of Redis's
 * {@code TIME}), plus what only Redis shows: one command per check, Redis's own clock, keys that expire.
 */
@ExtendWith(RedisExtension.class)
class RedisRateLimiterTest extends AbstractRateLimiterTest {

    private final List<RedisClient> clients = new CopyOnWriteArrayList<>();
    private RedisEndpoint redis;
    private String prefix;

    @BeforeEach
    void connect(RedisEndpoint endpoint) {
        this.redis = endpoint;
        this.prefix = endpoint.uniquePrefix("ratelimit");
    }

    @AfterEach
    void disconnect() {
        clients.forEach(RedisClient::shutdown);
        clients.clear();
    }

    private StatefulRedisConnection<String, String> connection(String url, CommandListener listener) {
        RedisClient client = RedisClient.create(url);
        if (listener != null) {
            client.addListener(listener);
        }
        clients.add(client);
        return client.connect();
    }

    @Override
    RateLimiter limiter(Clock clock) {
        return RedisRateLimiter.withClientClock(connection(redis.url(), null).reactive(), prefix, clock);
    }

    /**
     * Lettuce (6.8) takes a {@code ReentrantLock} for a moment to write each command ({@code SharedLock}); with many
     * threads writing at once one of them parks, which BlockHound turns into an error inside the lock's queue, and
     * the connection then hangs. That is Lettuce's own write path (the registry's commands take it too), not the
     * limiter's: the concurrency tests dispatch from threads that may park.
     */
    @Override
    reactor.core.scheduler.Scheduler concurrentCallers() {
        return reactor.core.scheduler.Schedulers.boundedElastic();
    }

    @Test
    void eachCheckIsOneScriptCall() {
        List<String> sent = new CopyOnWriteArrayList<>();
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                sent.add(event.getCommand().getType().toString());
            }
        };
        RateLimiter limiter = new RedisRateLimiter(connection(redis.url(), counting).reactive(), prefix);
        BucketLimit key = new BucketLimit(bucket("key"), Bandwidth.perSecond(100, 10));
        BucketLimit tenant = new BucketLimit(bucket("tenant"), Bandwidth.perSecond(100, 10));
        limiter.tryConsume(List.of(key, tenant)).block(WAIT);
        sent.clear();

        for (int i = 0; i < 20; i++) {
            limiter.tryConsume(List.of(key, tenant)).block(WAIT);
        }

        assertThat(sent).hasSize(20).containsOnly("EVALSHA");
    }

    @Test
    void aRedisThatDoesNotKnowTheScriptGetsItOnceWithEval() throws java.io.IOException {
        RedisServer fresh = RedisExtension.startEmbedded();
        try {
            List<String> sent = new CopyOnWriteArrayList<>();
            CommandListener counting = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    sent.add(event.getCommand().getType().toString());
                }
            };
            RedisRateLimiter limiter = new RedisRateLimiter(connection("redis://127.0.0.1:" + fresh.ports().get(0),
                    counting).reactive(), prefix);
            sent.clear();
            Bandwidth two = Bandwidth.perSecond(2, 0.001);

            assertThat(limiter.tryConsume("k", two).block(WAIT).remaining()).isEqualTo(1);
            assertThat(sent).as("NOSCRIPT, then the script itself").containsExactly("EVALSHA", "EVAL");
            sent.clear();
            assertThat(limiter.tryConsume("k", two).block(WAIT).remaining()).isZero();
            assertThat(limiter.tryConsume("k", two).block(WAIT).allowed()).isFalse();
            assertThat(sent).containsExactly("EVALSHA", "EVALSHA");
        } finally {
            fresh.stop();
        }
    }

    @Test
    void redisOwnClockRefillsTheBuckets() {
        RateLimiter limiter = new RedisRateLimiter(connection(redis.url(), null).reactive(), prefix);
        Bandwidth oneAnHour = Bandwidth.perSecond(3, 1 / 3600.0);

        assertThat(limiter.tryConsume(bucket("k"), oneAnHour).block(WAIT).remaining()).isEqualTo(2);
        limiter.tryConsume(bucket("k"), oneAnHour).block(WAIT);
        limiter.tryConsume(bucket("k"), oneAnHour).block(WAIT);
        Decision refused = limiter.tryConsume(bucket("k"), oneAnHour).block(WAIT);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).as("an hour, less the time the test took").isBetween(3500L, 3600L);
        assertThat(refused.reset()).isBetween(3 * 3600L - 100, 3 * 3600L);
    }

    @Test
    void aBucketIsOneHashUnderThePrefixThatExpiresWhenFullAgain() {
        StatefulRedisConnection<String, String> connection = connection(redis.url(), null);
        RedisRateLimiter limiter = new RedisRateLimiter(connection.reactive(), prefix);

        limiter.tryConsume(bucket("k"), Bandwidth.perSecond(10, 10)).block(WAIT);

        String key = prefix + "ratelimit:" + bucket("k");
        assertThat(limiter.key(bucket("k"))).isEqualTo(key);
        assertThat(connection.sync().type(key)).isEqualTo("hash");
        assertThat(connection.sync().hkeys(key)).containsExactlyInAnyOrder("tokens", "at");
        assertThat(connection.sync().pttl(key)).as("0.1 s to be full, plus a second").isBetween(1L, 1_100L);
    }
}
