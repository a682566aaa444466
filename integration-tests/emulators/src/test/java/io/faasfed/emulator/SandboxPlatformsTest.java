package io.faasfed.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SandboxPlatformsTest {

    private WireMockServer gateway;
    private SandboxPlatforms platforms;

    @BeforeEach
    void start() {
        gateway = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gateway.start();
        platforms = SandboxPlatforms.start(EmulatorOptions.builder().gatewayUrl(gateway.baseUrl()).build(), 0, 0, 0)
                .block(Duration.ofSeconds(40));
    }

    @AfterEach
    void stop() {
        if (platforms != null) {
            platforms.close();
        }
        gateway.stop();
    }

    @Test
    void eachPlatformHasItsSeededSampleDeployedThroughItsApi() {
        TestHttp openFaas = new TestHttp(platforms.openFaas().baseUrl());
        TestHttp openWhisk = new TestHttp(platforms.openWhisk().baseUrl());
        TestHttp fn = new TestHttp(platforms.fn().baseUrl());
        String whiskAuth = SandboxPlatforms.OPENWHISK_CREDENTIALS.basicHeader();

        JsonNode functions = TestHttp.json(openFaas.send("GET", "/system/functions",
                SandboxPlatforms.OPENFAAS_CREDENTIALS.basicHeader(), null));
        HttpResponse<String> upper = openFaas.send("POST", "/function/uppercase", null, "sandbox");
        HttpResponse<String> greet = openWhisk.send("POST", "/api/v1/namespaces/_/actions/greet?blocking=true"
                + "&result=true", whiskAuth, "{\"name\":\"newcomer\"}");
        HttpResponse<String> words = fn.send("POST", "/t/sandbox/wordcount", null, "a b c");

        assertThat(functions.valueStream().map(function -> function.path("name").asString()))
                .containsExactlyInAnyOrder("uppercase", "flaky");
        assertThat(upper.body()).isEqualTo("SANDBOX");
        assertThat(TestHttp.json(greet).path("body").path("greeting").asString()).isEqualTo("Hello, newcomer!");
        assertThat(words.statusCode()).isEqualTo(200);
        assertThat(words.body().trim().split("\\s+")).containsExactly("0", "3", "5");
        assertThat(platforms.describe()).contains(platforms.openFaas().baseUrl(), platforms.openWhisk().baseUrl(),
                platforms.fn().baseUrl());
    }

    @Test
    void theCompositionSamplesAnswerAndFlakyKeepsItsTurnsInTheSandboxsOwnFolder() {
        TestHttp openFaas = new TestHttp(platforms.openFaas().baseUrl());
        TestHttp fn = new TestHttp(platforms.fn().baseUrl());

        assertThat(fn.send("POST", "/t/sandbox/wordstats", null, "a b c").body())
                .isEqualTo("{\"lines\":0,\"words\":3,\"bytes\":5}\n");
        assertThat(fn.send("POST", "/t/sandbox/broken", null, "x").statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(openFaas.send("POST", "/function/flaky", null, "one").statusCode()).isEqualTo(500);
        assertThat(platforms.stateDir()).isNotEmptyDirectory();
        HttpResponse<String> second = openFaas.send("POST", "/function/flaky", null, "two");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("two");

        java.nio.file.Path stateDir = platforms.stateDir();
        platforms.close();
        platforms = null;
        assertThat(stateDir).as("deleted on close").doesNotExist();
    }

    @Test
    void fanOutOnOpenWhiskCallsTheFnWordcountThroughTheGateway() {
        gateway.stubFor(post("/function/wordcount").willReturn(aResponse().withBody("      0       2      15")));
        TestHttp openWhisk = new TestHttp(platforms.openWhisk().baseUrl());

        HttpResponse<String> response = openWhisk.send("POST", "/api/v1/namespaces/_/actions/fan-out?blocking=true"
                + "&result=true", SandboxPlatforms.OPENWHISK_CREDENTIALS.basicHeader(), "{\"text\":\"hi\"}");
        JsonNode call = TestHttp.json(response).path("calls").get(0);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(call.path("function").asString()).isEqualTo("wordcount");
        assertThat(call.path("status").asInt()).isEqualTo(200);
        assertThat(call.path("body").asString()).isEqualTo("      0       2      15");
        // The TEXT goes to wordcount, not the JSON parameters (nor the action's envelope).
        assertThat(gateway.getAllServeEvents().get(0).getRequest().getBodyAsString()).isEqualTo("hi");
    }
}
