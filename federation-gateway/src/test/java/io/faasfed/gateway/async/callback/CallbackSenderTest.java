package io.faasfed.gateway.async.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CallbackSenderTest {

    private static final Duration VERIFY = Duration.ofSeconds(30);
    private static final byte[] BODY = "{\"result\":42}".getBytes(StandardCharsets.UTF_8);

    /** The receivers run on 127.0.0.1, which the default policy refuses: this one lets exactly that address in. */
    private static final CallbackPolicy LOOPBACK_RECEIVER = new CallbackPolicy(List.of(), List.of("127.0.0.1/32"),
            List.of(), Set.of("http", "https"), Duration.ofSeconds(10));

    private final FakeDns dns = new FakeDns();
    private final CallbackGuard guard = new CallbackGuard(LOOPBACK_RECEIVER, dns);
    private final CallbackSender sender = new CallbackSender(guard, Duration.ofSeconds(10));
    private LocalReceiver receiver;
    private LocalReceiver other;

    @AfterEach
    void close() {
        sender.close();
        if (receiver != null) {
            receiver.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @Test
    void deliversTheBodyAndHeadersWithTheUrlsHostAndPath() {
        receiver = LocalReceiver.ok();
        String url = "http://127.0.0.1:" + receiver.port() + "/hooks/done?call=abc";
        Map<String, List<String>> headers = Map.of("X-Call-Id", List.of("abc"), "X-Function-Status", List.of("200"),
                "Content-Type", List.of("application/json"), "Host", List.of("evil.example"),
                "Connection", List.of("upgrade"));

        StepVerifier.create(sender.post(url, headers, BODY))
                .assertNext(result -> {
                    assertThat(result).isEqualTo(new DeliveryResult(200, null, false));
                    assertThat(result.delivered()).isTrue();
                })
                .verifyComplete();

        assertThat(receiver.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/hooks/done?call=abc");
            assertThat(request.body()).isEqualTo("{\"result\":42}");
            assertThat(request.headers().get("X-Call-Id")).isEqualTo("abc");
            assertThat(request.headers().get("X-Function-Status")).isEqualTo("200");
            assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
            assertThat(request.headers().getAll("Host")).containsExactly("127.0.0.1:" + receiver.port());
            assertThat(request.headers().get("Content-Length")).isEqualTo(String.valueOf(BODY.length));
            assertThat(request.headers().contains("Connection", "upgrade", true)).isFalse();
        });
        assertThat(receiver.connections()).isEqualTo(1);
    }

    @Test
    void sendsTheHostAsWrittenWhileConnectingToThePinnedAddress() {
        receiver = LocalReceiver.ok();
        dns.map("receiver.test", "127.0.0.1");

        for (String host : List.of("receiver.test", "Receiver.TEST.", "0x7f000001", "2130706433", "127.1")) {
            String url = "http://" + host + ":" + receiver.port() + "/";
            StepVerifier.create(sender.post(url, Map.of(), BODY))
                    .assertNext(result -> assertThat(result.delivered()).as(url + ": " + result).isTrue())
                    .verifyComplete();
        }

        assertThat(receiver.received()).extracting(request -> request.headers().get("Host")).containsExactly(
                "receiver.test:" + receiver.port(), "Receiver.TEST.:" + receiver.port(),
                "0x7f000001:" + receiver.port(), "2130706433:" + receiver.port(), "127.1:" + receiver.port());
    }

    @Test
    void redirectsAreNotFollowed() {
        other = LocalReceiver.ok();
        String target = "http://127.0.0.1:" + other.port() + "/stolen";
        receiver = LocalReceiver.answering((request, response) -> response.status(302)
                .header("Location", target).send());

        StepVerifier.create(sender.post("http://127.0.0.1:" + receiver.port() + "/hook", Map.of(), BODY))
                .assertNext(result -> {
                    assertThat(result).isEqualTo(new DeliveryResult(302,
                            "redirect not followed (Location: " + target + ")", false));
                    assertThat(result.delivered()).isFalse();
                })
                .verifyComplete();

        assertThat(receiver.received()).hasSize(1);
        assertThat(other.connections()).as("connections to the redirect's target").isZero();
        assertThat(other.received()).isEmpty();
    }

    @Test
    void anErrorStatusIsAFailureAndAnEndlessAnswerIsNotReadToTheEnd() {
        byte[] chunk = new byte[8192];
        // An answer body that never ends: the delivery completes only if the sender stops reading on its own.
        receiver = LocalReceiver.answering((request, response) -> response.status(503)
                .sendByteArray(Flux.<byte[]>generate(sink -> sink.next(chunk))).then());

        StepVerifier.create(sender.post("http://127.0.0.1:" + receiver.port() + "/", Map.of(), BODY))
                .assertNext(result -> assertThat(result)
                        .isEqualTo(new DeliveryResult(503, "the receiver answered 503", false)))
                .verifyComplete();
    }

    @Test
    void aReceiverThatNeverAnswersIsATimeout() {
        receiver = LocalReceiver.answering((request, response) -> Mono.never());
        CallbackSender impatient = new CallbackSender(guard, Duration.ofSeconds(1));

        StepVerifier.create(impatient.post("http://127.0.0.1:" + receiver.port() + "/", Map.of(), BODY))
                .assertNext(result -> {
                    assertThat(result.status()).isNull();
                    assertThat(result.refused()).isFalse();
                    assertThat(result.error()).isEqualTo("no answer within PT1S (faasfed.async.callback.timeout)");
                })
                .verifyComplete();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aClosedPortIsAFailureNotAnError() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        StepVerifier.create(sender.post("http://127.0.0.1:" + closed + "/", Map.of(), BODY))
                .assertNext(result -> {
                    assertThat(result.status()).isNull();
                    assertThat(result.refused()).isFalse();
                    assertThat(result.error()).startsWith("could not connect");
                })
                .verifyComplete();
    }

    @Test
    void aUrlRefusedAtDeliveryIsRefusedWithoutAnyConnection() {
        receiver = LocalReceiver.ok();
        dns.rebind("moved.test", "127.0.0.1", "10.0.0.5");
        String url = "http://moved.test:" + receiver.port() + "/";

        StepVerifier.create(guard.check(url)).expectNextCount(1).verifyComplete();
        StepVerifier.create(sender.post(url, Map.of(), BODY))
                .assertNext(result -> {
                    assertThat(result.refused()).isTrue();
                    assertThat(result.status()).isNull();
                    assertThat(result.error()).startsWith("callback URL refused (private): host moved.test resolves"
                            + " to 10.0.0.5");
                })
                .verifyComplete();
        StepVerifier.create(sender.post("http://[::ffff:169.254.169.254]:" + receiver.port() + "/", Map.of(), BODY))
                .assertNext(result -> assertThat(result).extracting(DeliveryResult::refused, DeliveryResult::status)
                        .containsExactly(true, null))
                .verifyComplete();
        StepVerifier.create(sender.post("ftp://127.0.0.1/", Map.of(), BODY))
                .assertNext(result -> assertThat(result.refused()).isTrue())
                .verifyComplete();

        assertThat(receiver.connections()).isZero();
    }

    @Test
    void theDeliveryConnectsToTheAddressItsOwnCheckPinnedWithoutResolvingAgain() {
        receiver = LocalReceiver.ok();
        // At submit the name answers a public address; by delivery it answers the receiver's (DNS rebinding). The
        // delivery must go where its own check looked, and nothing may resolve the name after that check: the
        // system DNS does not know rebind.test, so a connection at all proves the pinned address was used.
        dns.rebind("rebind.test", "93.184.216.34", "127.0.0.1");
        String url = "http://rebind.test:" + receiver.port() + "/hook";

        StepVerifier.create(guard.check(url))
                .assertNext(checked -> assertThat(checked.address()).isEqualTo(FakeDns.literal("93.184.216.34")))
                .verifyComplete();
        StepVerifier.create(sender.post(url, Map.of("X-Call-Id", List.of("c1")), BODY))
                .assertNext(result -> assertThat(result.delivered()).as(result.toString()).isTrue())
                .verifyComplete();

        assertThat(dns.lookups("rebind.test")).as("lookups: the submit check and the delivery check").isEqualTo(2);
        assertThat(receiver.connections()).isEqualTo(1);
        assertThat(receiver.received()).singleElement()
                .satisfies(request -> assertThat(request.headers().get("Host"))
                        .isEqualTo("rebind.test:" + receiver.port()));
    }
}
