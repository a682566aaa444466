package io.faasfed.gateway.async.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * https callbacks connect to the pinned address but speak TLS to the URL's host: the receiver's certificate is
 * verified against that name, not against the address.
 */
class CallbackSenderTlsTest {

    private static final byte[] BODY = "done".getBytes(StandardCharsets.UTF_8);

    private static SelfSignedCertificate certificate;
    private static LocalReceiver receiver;
    private static CallbackSender sender;
    private static final FakeDns DNS = new FakeDns();

    @BeforeAll
    @SuppressWarnings("deprecation")
    static void start() throws Exception {
        certificate = new SelfSignedCertificate("callback.test");
        SslContext server = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build();
        receiver = LocalReceiver.okOverTls(server);
        DNS.map("callback.test", "127.0.0.1").map("impostor.test", "127.0.0.1");
        CallbackPolicy policy = new CallbackPolicy(List.of(), List.of("127.0.0.1/32"), List.of(), Set.of("https"),
                Duration.ofSeconds(10));
        SslContext client = SslContextBuilder.forClient().trustManager(certificate.cert()).build();
        sender = new CallbackSender(new CallbackGuard(policy, DNS), Duration.ofSeconds(10), client);
    }

    @AfterAll
    static void stop() {
        sender.close();
        receiver.close();
        certificate.delete();
    }

    @Test
    void theCertificateIsVerifiedAgainstTheUrlsHostName() {
        StepVerifier.create(sender.post("https://callback.test:" + receiver.port() + "/hook", Map.of(), BODY))
                .assertNext(result -> assertThat(result.delivered()).as(result.toString()).isTrue())
                .verifyComplete();

        assertThat(receiver.received()).singleElement()
                .satisfies(request -> assertThat(request.headers().get("Host"))
                        .isEqualTo("callback.test:" + receiver.port()));
    }

    @Test
    void aCertificateForAnotherNameFailsEvenOnTheSameAddress() {
        int before = receiver.received().size();

        for (String url : List.of("https://impostor.test:" + receiver.port() + "/",
                "https://127.0.0.1:" + receiver.port() + "/")) {
            StepVerifier.create(sender.post(url, Map.of(), BODY))
                    .assertNext(result -> {
                        assertThat(result.status()).as(url).isNull();
                        assertThat(result.refused()).isFalse();
                        assertThat(result.error()).as(url).startsWith("TLS failed");
                    })
                    .verifyComplete();
        }
        assertThat(receiver.received()).hasSize(before);
    }
}
