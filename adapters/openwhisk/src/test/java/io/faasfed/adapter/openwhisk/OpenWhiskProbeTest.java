package io.faasfed.adapter.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** What the probe asks (ping and API info without the key, namespaces with it, invokers) and how it judges. */
class OpenWhiskProbeTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);

    @RegisterExtension
    static final LoopbackWireMock controller = LoopbackWireMock.create();

    @BeforeEach
    void controllerAnswers() {
        controller.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody("pong")));
        controller.stubFor(get(urlEqualTo("/api/v1")).willReturn(okJson("{\"description\":\"OpenWhisk API\","
                + "\"api_version\":\"1.0.0\",\"build\":\"2024-01-01\",\"buildno\":\"1fae641\"}")));
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces")).willReturn(okJson("[\"guest\"]")));
    }

    private OpenWhiskPlatform platform() {
        return OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5));
    }

    @Test
    void aHealthyControllerIsUpWithItsBuildAndInvokers() {
        controller.stubFor(get(urlEqualTo("/invokers/ready")).willReturn(okJson("{\"healthy\":\"2/2\"}")));

        StepVerifier.create(platform().probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.UP);
                    assertThat(health.info()).containsEntry("invokers", "2/2").containsEntry("buildno", "1fae641");
                })
                .expectComplete().verify(VERIFY);

        controller.verify(getRequestedFor(urlEqualTo("/ping")).withHeader("Authorization", absent()));
        controller.verify(getRequestedFor(urlEqualTo("/api/v1")).withHeader("Authorization", absent()));
        controller.verify(getRequestedFor(urlEqualTo("/api/v1/namespaces"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION)));
    }

    @Test
    void tooFewReadyInvokersIsDegraded() {
        controller.stubFor(get(urlEqualTo("/invokers/ready")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"unhealthy\":\"0/2\"}")));

        StepVerifier.create(platform().probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.DEGRADED);
                    assertThat(health.detail()).contains("0/2");
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void aControllerWithoutTheInvokersEndpointIsUp() {
        controller.stubFor(get(urlEqualTo("/invokers/ready")).willReturn(aResponse().withStatus(404)));

        StepVerifier.create(platform().probe())
                .assertNext(health -> assertThat(health.status()).isEqualTo(PlatformHealth.Status.UP))
                .expectComplete().verify(VERIFY);
    }

    @Test
    void aRefusedKeyIsDownSayingSo() {
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"The supplied authentication is invalid.\",\"code\":\"tx\"}")));

        StepVerifier.create(platform().probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.DOWN);
                    assertThat(health.detail()).contains("OpenWhisk key was refused");
                })
                .expectComplete().verify(VERIFY);
    }
}
