package io.faasfed.gateway.config;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one Redis connection with the client and threads behind it, for {@code faasfed.store=redis}.
 *
 * <p>Bounded everywhere: connect and command timeouts, commands refused at once while the connection is down (instead
 * of queued until it comes back, so an outage costs a caller no wait), reconnection at most
 * {@code reconnect-max-delay} apart, and a {@link #close()} that waits at most {@link #CLOSE_WAIT} per step. Lettuce's
 * own blocking {@code close()} joins a future without a bound, and a connection that lost its server mid-reconnect
 * can leave it waiting for ever; a gateway must stop on time whatever Redis does.
 *
 * <p>Blocking reads ({@code XREAD}/{@code XREADGROUP ... BLOCK}) are the one exception to the command timeout: they
 * wait as long as their {@code BLOCK} says, so their callers bound them instead (the async store's {@code take} does).
 * They go on a {@linkplain #openDedicatedConnection() dedicated connection}, never on the shared one, where a
 * {@code BLOCK} would hold up every command queued behind it.
 */
public final class RedisStoreConnection implements AutoCloseable {

    /** The longest each step of {@link #close()} waits. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RedisStoreConnection.class);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String description;
    private final List<StatefulRedisConnection<String, String>> dedicated = new ArrayList<>();
    private boolean closed;

    private RedisStoreConnection(ClientResources resources, RedisClient client,
                                 StatefulRedisConnection<String, String> connection, String description) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.description = description;
    }

    /**
     * Connects to {@code redis.url}.
     *
     * @throws IllegalStateException when no Redis answers there, saying what to do
     */
    public static RedisStoreConnection open(FaasfedProperties.Redis redis) {
        requireNonNull(redis, "redis");
        Duration max = redis.getReconnectMaxDelay();
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(Math.min(100, max.toMillis())), max, 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(redis.getUrl());
        uri.setTimeout(redis.getCommandTimeout());
        String description = "redis " + uri.getHost() + ":" + uri.getPort();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(redis.getConnectTimeout()).build())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands()
                        .timeoutSource(new CommandTimeout(redis.getCommandTimeout())).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .build());
        try {
            return new RedisStoreConnection(resources, client, client.connect(), description);
        } catch (RuntimeException e) {
            shutdown(client, resources);
            throw new IllegalStateException("faasfed.store=redis but no Redis answers at "
                    + io.faasfed.adapter.http.Secrets.withoutUserInfo(redis.getUrl()) + " ("
                    + e.getMessage() + "); start one or set faasfed.redis.url", e);
        }
    }

    /** The shared connection: Lettuce multiplexes every command over it. */
    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    /**
     * Opens one more connection to the same Redis, with the same client and options, for a user that blocks on it
     * ({@code XREADGROUP ... BLOCK}) and so must not share the multiplexed {@link #connection()}. {@link #close()}
     * closes it; the caller never does.
     *
     * @throws IllegalStateException when this connection is closed
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public StatefulRedisConnection<String, String> openDedicatedConnection() {
        synchronized (dedicated) {
            if (closed) {
                throw new IllegalStateException("the connection to " + description + " is closed");
            }
            StatefulRedisConnection<String, String> opened = client.connect();
            dedicated.add(opened);
            return opened;
        }
    }

    /** What to call this Redis in messages and health: host and port, never credentials. */
    public String description() {
        return description;
    }

    /** Closes the connection, then the client and its threads, each step bounded by {@link #CLOSE_WAIT}. */
    @Override
    public void close() {
        List<StatefulRedisConnection<String, String>> extra;
        synchronized (dedicated) {
            closed = true;
            extra = List.copyOf(dedicated);
            dedicated.clear();
        }
        extra.forEach(one -> await("closing a dedicated connection to " + description, one.closeAsync()));
        await("closing the connection to " + description, connection.closeAsync());
        shutdown(client, resources);
    }

    /**
     * The command timeout for every command but a blocking stream read, which Lettuce would otherwise cut off after
     * the command timeout even when its {@code BLOCK} asks for longer; its caller bounds it.
     */
    static final class CommandTimeout extends TimeoutOptions.TimeoutSource {

        private final long millis;

        CommandTimeout(Duration timeout) {
            this.millis = timeout.toMillis();
        }

        @Override
        public long getTimeout(RedisCommand<?, ?, ?> command) {
            return isBlockingRead(command) ? 0 : millis;
        }

        static boolean isBlockingRead(RedisCommand<?, ?, ?> command) {
            if (command.getType() != CommandType.XREADGROUP && command.getType() != CommandType.XREAD) {
                return false;
            }
            CommandArgs<?, ?> args = command.getArgs();
            return args != null && args.toCommandString().contains("BLOCK");
        }
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        long seconds = CLOSE_WAIT.toSeconds();
        await("shutting down the Redis client", client.shutdownAsync(0, seconds, TimeUnit.SECONDS));
        await("stopping the Redis client's threads", resources.shutdown(0, seconds, TimeUnit.SECONDS));
    }

    private static void await(String what, java.util.concurrent.Future<?> done) {
        try {
            done.get(CLOSE_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} did not finish within {} s; going on without it", what, CLOSE_WAIT.toSeconds() * 2);
        } catch (ExecutionException e) {
            log.debug("{} failed: {}", what, e.getCause() == null ? e : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("{} was interrupted", what);
        }
    }
}
