package io.faasfed.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server's limits on incoming requests, seen by a raw socket client on loopback: a request whose headers stop
 * half-way and a body that trickles in at 1 byte/s are both cut by the server (faasfed.server.*), instead of holding
 * a connection open for as long as the client likes; a request line or header section over its size is refused
 * (414, 431) and its connection closed. The limits here are a few seconds; the client waits at most
 * 40 s for the server to end the connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServerLimitsTest {

    private static final PlatformStubs STUBS = new PlatformStubs();
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(40);
    private static final String AUTHORIZATION = "Authorization: Bearer "
            + "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";

    @LocalServerPort
    private int port;

    @Autowired
    private Discovery discovery;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("faasfed.platforms.openfaas.type", () -> "openfaas");
        registry.add("faasfed.platforms.openfaas.url", STUBS.openfaas::baseUrl);
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("faasfed.server.idle-timeout", () -> "3s");
        registry.add("faasfed.server.read-timeout", () -> "3s");
        registry.add("faasfed.server.request-timeout", () -> "5s");
        registry.add("faasfed.server.max-header-size", () -> "4KB");
        registry.add("faasfed.server.max-initial-line-length", () -> "2KB");
        registry.add("faasfed.security.admin-key", () -> "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformIsListed() {
        STUBS.openfaasHealthyWith("hello");
        STUBS.openfaasFunction("hello", 200, "hello");
        discovery.syncAll().block(Duration.ofSeconds(20));
    }

    @Test
    void aRequestWhoseHeadersStopHalfWayIsClosed() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /function/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();

            assertThat(readUntilClosed(socket)).as("the server closed the connection").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLIENT_PATIENCE);
        }
    }

    @Test
    void aBodySentAtOneBytePerSecondIsCut() throws IOException {
        trickleAndExpectTheCut("Authorization: " + io.faasfed.gateway.support.TestKeys.ADMIN_BEARER + "\r\n");
    }

    @Test
    void anAnonymousCallerTricklingABodyAfterIts401IsCut() throws IOException {
        trickleAndExpectTheCut("");
    }

    private void trickleAndExpectTheCut(String credentials) throws IOException {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /function/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                    + credentials + "Content-Length: 120\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                    sent.incrementAndGet();
                } catch (IOException closed) {
                    throw new IllegalStateException(closed);
                }
            }, 0, 1, TimeUnit.SECONDS);
            long start = System.nanoTime();

            assertThat(readUntilClosed(socket)).as("the server cut the request").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLIENT_PATIENCE);
            assertThat(sent.get()).isLessThan(120);
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void headersOverTheLimitAre431AndTheConnectionIsClosed() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, "GET", "/function/hello", null, CLIENT_PATIENCE,
                AUTHORIZATION, "X-Big: " + "b".repeat(5 * 1024));

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.elapsed()).isLessThan(CLIENT_PATIENCE);
        assertThat(RawHttp.exchange(port, "GET", "/function/hello", null, CLIENT_PATIENCE, AUTHORIZATION,
                "X-Small: " + "s".repeat(2 * 1024)).status()).as("headers under the limit").isEqualTo(200);
    }

    @Test
    void aRequestLineOverTheLimitIs414AndTheConnectionIsClosed() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange(port, "GET", "/function/hello?q=" + "q".repeat(3 * 1024), null,
                CLIENT_PATIENCE, AUTHORIZATION);

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.elapsed()).isLessThan(CLIENT_PATIENCE);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) CLIENT_PATIENCE.toMillis());
        return socket;
    }

    /** Reads until the server ends the connection (true), or the client's patience runs out (false). */
    private static boolean readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // whatever the server answers (a 408, for example), it must then close
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
