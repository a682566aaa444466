package io.faasfed.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.gateway.support.Eventually;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** The async behaviour against a real Redis, plus what only Redis has: its layout and its blocking connection. */
@ExtendWith(RedisExtension.class)
class RedisAsyncStoreTest extends AbstractAsyncStoreTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RedisStoreConnection connection;
    private String prefix;

    @BeforeEach
    void connect(RedisEndpoint endpoint) {
        FaasfedProperties.Redis settings = new FaasfedProperties.Redis();
        settings.setUrl(endpoint.url());
        this.connection = RedisStoreConnection.open(settings);
        this.prefix = endpoint.uniquePrefix("async");
        this.store = newStore();
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
    void createStore() {
        // the store needs the connection, opened by connect()
    }

    @Override
    AsyncStore newStore() {
        return new RedisAsyncStore(connection.connection().reactive(),
                connection.openDedicatedConnection().reactive(), JSON, prefix, clock);
    }

    @Override
    AsyncStore replica() {
        return newStore();
    }

    /** Redis keeps its own time for expiry and idle times: that time really passes (whole seconds only). */
    @Override
    void passTime(Duration duration) {
        clock.advance(duration);
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while letting time pass", e);
        }
    }

    /** Lettuce parks a thread for a moment while writing a command; the submits come from threads that may. */
    @Override
    reactor.core.scheduler.Scheduler concurrentCallers() {
        return Schedulers.boundedElastic();
    }

    private RedisCommands<String, String> sync() {
        return connection.connection().sync();
    }

    @Test
    void aBlockingTakeDoesNotStallTheSharedConnection() {
        store.stats().block(WAIT);
        AtomicBoolean takeDone = new AtomicBoolean();
        CompletableFuture<List<Job>> taken = store.take("w1", 5, LONG_IDLE, Duration.ofSeconds(3))
                .doOnTerminate(() -> takeDone.set(true)).toFuture();
        Eventually.await("the take blocks in XREADGROUP", WAIT,
                () -> sync().clientList().contains("cmd=xreadgroup"));

        long read = Flux.range(0, 50).concatMap(n -> store.record("nope-" + n).hasElement()).count().block(WAIT);

        assertThat(read).isEqualTo(50);
        assertThat(takeDone).as("the take was still blocked while the reads completed").isFalse();
        assertThat(taken.join()).isEmpty();
    }

    @Test
    void theLayoutIsTheDocumentedOne() {
        submit(store, "c1", "team-a", "k1");

        RedisCommands<String, String> sync = sync();
        assertThat(sync.type(prefix + "async:stream")).isEqualTo("stream");
        assertThat(sync.xrange(prefix + "async:stream", io.lettuce.core.Range.create("-", "+")))
                .singleElement().satisfies(entry -> assertThat(entry.getBody())
                        .containsEntry("kind", "RUN").containsEntry("call", "c1"));
        assertThat(sync.get(prefix + "async:idem:k1")).isEqualTo("c1");
        assertThat(sync.pttl(prefix + "async:idem:k1")).isBetween(1L, 2000L);
        assertThat(sync.get(prefix + "async:call:c1")).contains("\"tenant\":\"team-a\"");
        assertThat(sync.get(prefix + "async:req:c1")).contains("\"body\":\"aGVsbG8gYzE=\"");
        assertThat(sync.pttl(prefix + "async:req:c1")).isEqualTo(-1L);
    }

    @Test
    void theGroupIsCreatedAgainWhenRedisLostIt() {
        submit(store, "c1");
        single(take(store, "w1", 1), "c1");

        sync().del(prefix + "async:stream");
        submit(store, "c2");

        assertThat(calls(take(store, "w1", 5))).containsExactly("c2");
    }

    @Test
    void aJobSubmittedBeforeTheGroupExistsIsNotLost() {
        submit(store, "c1");

        assertThat(calls(take(replica(), "w1", 5))).containsExactly("c1");
    }

    @Test
    void aValueThisVersionCannotReadIsAbsent() {
        sync().set(prefix + "async:call:c1", "{not json");
        sync().set(prefix + "async:req:c1", "{\"callId\":\"c1\"}");

        StepVerifier.create(store.record("c1")).verifyComplete();
        StepVerifier.create(store.request("c1")).verifyComplete();
    }

    @Test
    void aRedisFailureIsAnError() {
        sync().set(prefix + "async:dead", "not a sorted set");

        StepVerifier.create(store.stats()).expectError().verify(WAIT);
        StepVerifier.create(store.deadLetters(null, 10, null)).expectError().verify(WAIT);
    }

    @Test
    void theSharedConnectionCannotBeTheBlockingOne() {
        var shared = connection.connection().reactive();

        assertThatThrownBy(() -> new RedisAsyncStore(shared, shared, JSON, prefix, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dedicated");
    }

    @Test
    void closingTheStoreConnectionClosesItsDedicatedConnections(RedisEndpoint endpoint) {
        FaasfedProperties.Redis settings = new FaasfedProperties.Redis();
        settings.setUrl(endpoint.url());
        RedisStoreConnection own = RedisStoreConnection.open(settings);
        StatefulRedisConnection<String, String> dedicated = own.openDedicatedConnection();
        assertThat(dedicated.isOpen()).isTrue();
        assertThat(dedicated).isNotSameAs(own.connection());

        own.close();

        assertThat(dedicated.isOpen()).isFalse();
        assertThatThrownBy(own::openDedicatedConnection).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aBlockLongerThanTheCommandTimeoutIsNotCutOff(RedisEndpoint endpoint) throws Exception {
        FaasfedProperties.Redis settings = new FaasfedProperties.Redis();
        settings.setUrl(endpoint.url());
        settings.setCommandTimeout(Duration.ofSeconds(1));
        try (RedisStoreConnection quick = RedisStoreConnection.open(settings)) {
            AsyncStore waiting = new RedisAsyncStore(quick.connection().reactive(),
                    quick.openDedicatedConnection().reactive(), JSON, prefix, clock);

            CompletableFuture<List<Job>> taken = waiting.take("w1", 1, LONG_IDLE, Duration.ofSeconds(2))
                    .toFuture();

            assertThat(taken.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        }
    }
}
