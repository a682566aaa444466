package io.faasfed.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.embedded.RedisServer;

/**
 * Resolves a {@link RedisEndpoint} parameter for tests that need a real Redis.
 *
 * <p>It uses the Redis on {@code localhost:6379} when one answers {@code PING}; otherwise it starts an embedded Redis
 * (bound to 127.0.0.1, nothing saved to disk) on a free port, once for the whole test run, and stops it at the end.
 * It never skips: when neither works the test fails with a message that says what to install. Set the environment
 * variable or system property {@code FAASFED_TEST_REDIS=embedded} to always start the embedded one, or
 * {@code FAASFED_TEST_REDIS=host:port} to use another server.
 *
 * <pre>{@code
 * @ExtendWith(RedisExtension.class)
 * class QueueTest {
 *     @Test
 *     void roundTrip(RedisEndpoint redis) { ... redis.url() ... }
 * }
 * }</pre>
 */
public final class RedisExtension implements ParameterResolver {

    /** The setting that chooses the Redis: unset (auto), {@code embedded}, or {@code host:port}. */
    public static final String SETTING = "FAASFED_TEST_REDIS";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RedisResource.class, key -> RedisResource.open(), RedisResource.class)
                .endpoint();
    }

    /** Whether a Redis at {@code host:port} answers {@code PING} with {@code +PONG}. */
    public static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) PING_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PING_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts an embedded Redis on a free loopback port and waits until it answers; the caller stops it.
     *
     * @throws IllegalStateException when it cannot start, saying what to install instead
     */
    public static RedisServer startEmbedded() {
        int port = freePort();
        try {
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").setting("protected-mode yes")
                    .onShutdownForceStop(true).build();
            server.start();
            Instant deadline = Instant.now().plusSeconds(10);
            while (!answersPing("127.0.0.1", port)) {
                if (Instant.now().isAfter(deadline)) {
                    server.stop();
                    throw new IllegalStateException("embedded Redis on port " + port + " did not answer PING");
                }
                Thread.onSpinWait();
            }
            return server;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("No Redis answers on localhost:6379 and the embedded Redis could not "
                    + "start (" + e.getMessage() + "). Install and start one: apt-get install -y redis-server && "
                    + "redis-server --daemonize yes --port 6379 --save ''", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static String setting() {
        String value = System.getProperty(SETTING, System.getenv(SETTING));
        return value == null ? "" : value.trim();
    }

    /** The Redis of one test run, closed when the run ends. */
    static final class RedisResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final RedisEndpoint endpoint;
        private final RedisServer server;

        private RedisResource(RedisEndpoint endpoint, RedisServer server) {
            this.endpoint = endpoint;
            this.server = server;
        }

        static RedisResource open() {
            String setting = setting();
            if (!setting.isEmpty() && !"embedded".equalsIgnoreCase(setting)) {
                int colon = setting.lastIndexOf(':');
                String host = colon < 0 ? setting : setting.substring(0, colon);
                int port = colon < 0 ? 6379 : Integer.parseInt(setting.substring(colon + 1));
                if (!answersPing(host, port)) {
                    throw new IllegalStateException(SETTING + "=" + setting + " names a Redis that does not answer");
                }
                return new RedisResource(new RedisEndpoint(host, port, false), null);
            }
            if (setting.isEmpty() && answersPing("127.0.0.1", 6379)) {
                return new RedisResource(new RedisEndpoint("127.0.0.1", 6379, false), null);
            }
            RedisServer server = startEmbedded();
            return new RedisResource(new RedisEndpoint("127.0.0.1", server.ports().get(0), true), server);
        }

        RedisEndpoint endpoint() {
            return endpoint;
        }

        @Override
        public void close() throws IOException {
            if (server != null) {
                server.stop();
            }
        }
    }
}
