package io.faasfed.testkit.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoopbackWireMockTest {

    @RegisterExtension
    static final LoopbackWireMock wireMock = LoopbackWireMock.create();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> getText(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void servesStubsOnLoopbackAtADynamicPort() throws Exception {
        wireMock.stubFor(get("/hello").willReturn(ok("hi")));

        assertThat(wireMock.port()).isPositive();
        assertThat(wireMock.baseUrl()).isEqualTo("http://127.0.0.1:" + wireMock.port());
        assertThat(wireMock.url("hello")).isEqualTo(wireMock.baseUrl() + "/hello");
        assertThat(wireMock.server().getOptions().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(getText(wireMock.url("/hello")).body()).isEqualTo("hi");
        wireMock.verify(getRequestedFor(urlEqualTo("/hello")));
    }

    @Test
    @Order(2)
    void theNextTestStartsWithNoStubsAndNoRequests() throws Exception {
        assertThat(wireMock.getStubMappings()).isEmpty();
        assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();

        assertThat(getText(wireMock.url("/hello")).statusCode())
                .as("an unmatched request is answered 404, it does not fail the test").isEqualTo(404);
    }

    @Test
    void theServerIsOnlyAvailableWhileTheExtensionRuns() {
        assertThat(wireMock.server().isRunning()).isTrue();
        assertThatIllegalStateException().isThrownBy(() -> LoopbackWireMock.create().server())
                .withMessageContaining("@RegisterExtension");
    }
}
