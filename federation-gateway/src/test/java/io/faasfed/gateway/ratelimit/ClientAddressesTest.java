package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressesTest {

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.get("/function/x").remoteAddress(new InetSocketAddress(peer, 40000));
    }

    @Test
    void byDefaultThePeerAddressCountsAndForwardedHeadersAreIgnored() {
        ClientAddresses addresses = new ClientAddresses(0);

        assertThat(addresses.of(from("192.0.2.7").header("X-Forwarded-For", "203.0.113.1").build()))
                .isEqualTo("192.0.2.7");
    }

    @Test
    void behindTrustedProxiesTheEntryTheyAddedCounts() {
        assertThat(new ClientAddresses(1).of(from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.1, 192.0.2.7").build())).isEqualTo("192.0.2.7");
        assertThat(new ClientAddresses(2).of(from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.1, 192.0.2.7").header("X-Forwarded-For", "10.0.0.1")
                .build())).isEqualTo("192.0.2.7");
    }

    @Test
    void aRequestThatDidNotComeThroughTheProxiesCountsByItsPeer() {
        ClientAddresses addresses = new ClientAddresses(2);

        assertThat(addresses.of(from("192.0.2.7").header("X-Forwarded-For", "203.0.113.1").build()))
                .isEqualTo("192.0.2.7");
        assertThat(addresses.of(from("192.0.2.7").header("X-Forwarded-For", "evil.example, 10.0.0.1").build()))
                .as("not an address literal: never resolved").isEqualTo("192.0.2.7");
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        ClientAddresses addresses = new ClientAddresses(0);

        assertThat(addresses.of(from("2001:db8:0:1::5").build())).isEqualTo("2001:db8:0:1::/64");
        assertThat(addresses.of(from("2001:db8:0:1:ffff:1:2:3").build())).isEqualTo("2001:db8:0:1::/64");
        assertThat(addresses.of(MockServerHttpRequest.get("/").build())).isEqualTo("unknown");
        assertThatThrownBy(() -> new ClientAddresses(-1)).hasMessage("trustedProxyHops: -1 (expected: >= 0)");
    }
}
