package io.faasfed.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.registry.Discovery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A 192 MiB body passes through /function both ways while the whole JVM (gateway, stand-in platform and client) has a
 * 128 MiB heap, smaller than the body: surefire runs this class alone with {@code -Xmx128m} (and direct memory is
 * bounded by the heap size too). A path that held the body whole, in heap or direct buffers, would fail here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LargeBodyStreamingTest {

    /** Small chunks: Reactor Netty's senders prefetch up to 128 of them, which must stay far below the heap. */
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 192 * 16;
    private static final long TOTAL = (long) CHUNK * CHUNKS;

    /** A stand-in OpenFaaS gateway that counts what it receives and streams what it sends. */
    private static final DisposableServer PLATFORM = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .get("/healthz", (request, response) -> response.sendString(Mono.just("OK")))
                    .get("/system/functions", (request, response) -> response.header("Content-Type",
                            "application/json").sendString(Mono.just("[{\"name\":\"big\",\"image\":\"x:1\","
                            + "\"replicas\":1,\"availableReplicas\":1}]")))
                    .post("/function/big", (request, response) -> response.sendString(request.receive()
                            .map(buffer -> (long) buffer.readableBytes())
                            .reduce(0L, Long::sum)
                            .map(total -> "received " + total)))
                    .get("/function/big", (request, response) -> response.send(chunks())))
            .bindNow();

    @LocalServerPort
    private int port;

    @Autowired
    private Discovery discovery;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("faasfed.platforms.openfaas.type", () -> "openfaas");
        registry.add("faasfed.platforms.openfaas.url", () -> "http://127.0.0.1:" + PLATFORM.port());
        registry.add("faasfed.invoke.max-body-size", () -> "256MB");
        registry.add("faasfed.discovery.interval", () -> "1h");
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.disposeNow();
    }

    private static Flux<ByteBuf> chunks() {
        return Flux.range(0, CHUNKS).map(i -> {
            byte[] bytes = new byte[CHUNK];
            java.util.Arrays.fill(bytes, (byte) ('a' + i % 26));
            return Unpooled.wrappedBuffer(bytes);
        });
    }

    @Test
    void theBodyIsLargerThanTheWholeHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(128L * 1024 * 1024).isLessThan(TOTAL);
    }

    @Test
    void aRequestBodyLargerThanTheHeapStreamsThroughToThePlatform() {
        discovery.syncAll().block(Duration.ofSeconds(20));
        String answer = HttpClient.create().responseTimeout(Duration.ofSeconds(60))
                .headers(io.faasfed.gateway.support.TestKeys::admin)
                .post().uri("http://127.0.0.1:" + port + "/function/big")
                .send(chunks())
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                        .map(text -> response.status().code() + " " + text))
                .block(Duration.ofSeconds(90));

        assertThat(answer).isEqualTo("200 received " + TOTAL);
    }

    @Test
    void aResponseBodyLargerThanTheHeapStreamsBackToTheCaller() {
        discovery.syncAll().block(Duration.ofSeconds(20));
        AtomicLong received = new AtomicLong();
        Integer status = HttpClient.create().responseTimeout(Duration.ofSeconds(60))
                .headers(io.faasfed.gateway.support.TestKeys::admin)
                .get().uri("http://127.0.0.1:" + port + "/function/big")
                .response((response, body) -> body.doOnNext(buffer -> received.addAndGet(buffer.readableBytes()))
                        .then(Mono.just(response.status().code())))
                .blockLast(Duration.ofSeconds(90));

        assertThat(status).isEqualTo(200);
        assertThat(received.get()).isEqualTo(TOTAL);
    }
}
