package io.faasfed.network.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.testing.RecordingDockerStub.Reply;

class RecordingDockerStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private RecordingDockerStub stub;

    @BeforeEach
    void start() {
        stub = RecordingDockerStub.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stub.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordsMethodRawPathDecodedQueryHeadersAndBody() throws Exception {
        stub.on("POST", "/networks/create", Reply.json(201, Map.of("Id", "n1")));

        HttpResponse<String> answer = send("POST", "/v1.41/networks/create?x=a%20b&x=c&flag", "{\"Name\":\"faasnet\"}");

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(answer.body()).path("Id").asText()).isEqualTo("n1");
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        RecordedRequest request = stub.only("POST", "/networks/create");
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1.41/networks/create");
        assertThat(request.apiVersion()).contains("1.41");
        assertThat(request.path()).isEqualTo("/networks/create");
        assertThat(request.rawQuery()).isEqualTo("x=a%20b&x=c&flag");
        assertThat(request.query()).isEqualTo(Map.of("x", List.of("a b", "c"), "flag", List.of("")));
        assertThat(request.header("content-TYPE")).contains("application/json");
        assertThat(request.json().path("Name").asText()).isEqualTo("faasnet");
        assertThat(request).hasToString("POST /v1.41/networks/create?x=a%20b&x=c&flag");
    }

    @Test
    void pathVariablesAreDecodedAndTheRouteWithMoreLiteralSegmentsWins() throws Exception {
        stub.on("GET", "/networks/{id}", (request, vars) -> Reply.json(200, Map.of("by", "template", "id", vars.get("id"))));
        stub.on("GET", "/networks/special", Reply.json(200, Map.of("by", "literal")));

        assertThat(JSON.readTree(send("GET", "/v1.41/networks/my%20net", null).body()))
                .isEqualTo(JSON.readTree("{\"by\":\"template\",\"id\":\"my net\"}"));
        assertThat(JSON.readTree(send("GET", "/v1.41/networks/special", null).body()).path("by").asText()).isEqualTo("literal");
        assertThat(stub.requests("GET", "/networks/{id}")).hasSize(2);
        assertThat(stub.unrouted()).isEmpty();
    }

    @Test
    void settingARouteAgainReplacesIt() throws Exception {
        stub.on("DELETE", "/networks/{id}", Reply.empty(204));
        stub.on("DELETE", "/networks/{id}", Reply.error(403, "has active endpoints"));

        assertThat(send("DELETE", "/v1.41/networks/n1", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aSequenceAnswersInTurnThenRepeatsItsLastReply() throws Exception {
        stub.onSequence("DELETE", "/networks/{id}", Reply.error(403, "busy"), Reply.empty(204));

        assertThat(List.of(send("DELETE", "/v1.41/networks/n1", null).statusCode(),
                send("DELETE", "/v1.41/networks/n1", null).statusCode(),
                send("DELETE", "/v1.41/networks/n1", null).statusCode())).containsExactly(403, 204, 204);
    }

    @Test
    void aRequestWithoutARouteGetsDockersNotFoundAndIsListed() throws Exception {
        HttpResponse<String> answer = send("GET", "/v1.41/volumes", null);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(answer.body()).path("message").asText()).contains("no route for GET /volumes");
        assertThat(stub.unrouted()).extracting(RecordedRequest::toString).containsExactly("GET /v1.41/volumes");
    }

    @Test
    void pingVersionAndInfoAnswerByDefaultAsAnEngineInNoSwarm() throws Exception {
        HttpResponse<String> ping = send("GET", "/v1.41/_ping", null);
        assertThat(ping.body()).isEqualTo("OK");
        assertThat(ping.headers().firstValue("Api-Version")).contains("1.41");
        assertThat(send("HEAD", "/v1.41/_ping", null).statusCode()).isEqualTo(200);

        JsonNode version = JSON.readTree(send("GET", "/v1.41/version", null).body());
        assertThat(version.path("ApiVersion").asText()).isEqualTo("1.41");
        assertThat(version.path("Version").asText()).isEqualTo(RecordingDockerStub.ENGINE_VERSION);

        assertThat(JSON.readTree(send("GET", "/v1.41/info", null).body()).path("Swarm").path("LocalNodeState").asText())
                .isEqualTo("inactive");
        stub.swarmManager();
        JsonNode swarm = JSON.readTree(send("GET", "/v1.41/info", null).body()).path("Swarm");
        assertThat(swarm.path("LocalNodeState").asText()).isEqualTo("active");
        assertThat(swarm.path("ControlAvailable").asBoolean()).isTrue();
        stub.swarmWorker();
        assertThat(JSON.readTree(send("GET", "/v1.41/info", null).body()).path("Swarm").path("ControlAvailable").asBoolean())
                .isFalse();
    }

    @Test
    void aResponderThatFailsAnswers500SayingSo() throws Exception {
        stub.on("GET", "/info", (request, vars) -> {
            throw new IllegalStateException("broken fixture");
        });

        HttpResponse<String> answer = send("GET", "/v1.41/info", null);

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("broken fixture");
    }

    @Test
    void onlyFailsUnlessExactlyOneRequestMatched() throws Exception {
        assertThatThrownBy(() -> stub.only("GET", "/info")).isInstanceOf(AssertionError.class).hasMessageContaining("got 0");
        send("GET", "/v1.41/info", null);
        send("GET", "/v1.41/info", null);
        assertThatThrownBy(() -> stub.only("GET", "/info")).isInstanceOf(AssertionError.class).hasMessageContaining("got 2");
        stub.clearRequests();
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void templatesMatchWholeSegmentsOnly() {
        assertThat(RecordingDockerStub.match("/networks/{id}", "/networks/abc")).contains(Map.of("id", "abc"));
        assertThat(RecordingDockerStub.match("/networks/{id}", "/networks/")).isEmpty();
        assertThat(RecordingDockerStub.match("/networks/{id}", "/networks/abc/connect")).isEmpty();
        assertThat(RecordingDockerStub.match("/networks/{id}/connect", "/networks/abc/disconnect")).isEmpty();
        assertThat(RecordingDockerStub.match("/networks", "/networks")).contains(Map.of());
    }

    @Test
    void theEndpointIsTheStubOnLoopbackWithApi141() {
        assertThat(stub.endpoint().host()).isEqualTo("tcp://127.0.0.1:" + stub.port());
        assertThat(stub.endpoint().apiVersion()).isEqualTo("1.41");
    }
}
