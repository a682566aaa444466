package io.faasfed.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.Invocation;
import io.faasfed.gateway.support.Eventually;
import io.faasfed.gateway.support.IssuedKeys;
import io.faasfed.gateway.support.ScopeEchoPlatform;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls read back as trees through {@code GET /federation/v1/calls/{id}[/tree]}: two tenants on one in-memory
 * platform, calls made with a parent's {@code X-Call-Id} (as a function calling the gateway makes them), sync and
 * async mixed. A tenant sees its own calls only, even when another tenant names its call as a parent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@TestPropertySource(properties = {
    "server.address=127.0.0.1",
    "faasfed.default-platform=mem",
    "faasfed.discovery.interval=1h",
    "faasfed.security.tenants.team-a.scopes.mem=team-a",
    "faasfed.security.tenants.team-b.scopes.mem=team-b",
    "faasfed.rate-limit.per-key.admin.capacity=1000",
    "faasfed.rate-limit.per-tenant.admin.capacity=1000",
})
class CallTreeIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static String teamA;
    private static String teamB;

    @Autowired
    private WebTestClient client;

    @Autowired
    private ScopeEchoPlatform platform;

    private final JsonMapper json = JsonMapper.builder().build();

    @TestConfiguration
    static class OnePlatform {

        @Bean
        ScopeEchoPlatform mem() {
            return new ScopeEchoPlatform("mem");
        }
    }

    @BeforeEach
    void eachTenantHasAFunction() {
        if (teamA == null) {
            teamA = IssuedKeys.issue(client, "team-a", "invoke", "deploy", "view");
            teamB = IssuedKeys.issue(client, "team-b", "invoke", "deploy", "view");
            for (String key : List.of(teamA, teamB)) {
                client.put().uri("/federation/v1/functions/echo").header(HttpHeaders.AUTHORIZATION,
                                IssuedKeys.bearer(key)).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"image\":\"x/echo:1\"}").exchange().expectStatus().isOk();
            }
        }
        platform.calls.clear();
    }

    private String call(String key, String parent, String traceparent) {
        WebTestClient.RequestBodySpec request = client.post().uri("/function/echo")
                .header(HttpHeaders.AUTHORIZATION, IssuedKeys.bearer(key));
        if (parent != null) {
            request.header("X-Call-Id", parent);
        }
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return request.bodyValue("{}").exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseHeaders().getFirst("X-Call-Id");
    }

    private WebTestClient.ResponseSpec read(String key, String path) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, IssuedKeys.bearer(key)).exchange();
    }

    private JsonNode tree(String key, String id) {
        return json.readTree(read(key, "/federation/v1/calls/" + id + "/tree").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private JsonNode treeOnce(String key, String id, int nodes) {
        return Eventually.await("the tree of " + id + " holds " + nodes + " calls", WAIT, () -> tree(key, id),
                found -> found.path("nodes").asInt() == nodes);
    }

    @Test
    void aFunctionGetsTheGatewaysIdAndItsCallersIdAsParent() {
        String root = call(teamA, null, null);
        String child = call(teamA, root, null);

        assertThat(child).isNotEqualTo(root);
        Invocation second = platform.calls.get(1);
        assertThat(second.callId()).isEqualTo(child);
        assertThat(second.headers().first("X-Call-Id")).hasValue(child);
        assertThat(second.headers().first("X-Parent-Call-Id")).hasValue(root);
        assertThat(platform.calls.get(0).headers().first("X-Parent-Call-Id")).isEmpty();
    }

    @Test
    void aChainReadsBackAsOneTreeWithOneTraceId() {
        String root = call(teamA, null, TRACEPARENT);
        String child = call(teamA, root, TRACEPARENT);
        String grandchild = call(teamA, child, TRACEPARENT);
        String sibling = call(teamA, root, TRACEPARENT);

        JsonNode tree = treeOnce(teamA, root, 4);

        assertThat(tree.path("truncated").asBoolean()).isFalse();
        JsonNode top = tree.path("root");
        assertThat(top.path("id").asString()).isEqualTo(root);
        assertThat(top.path("kind").asString()).isEqualTo("sync");
        assertThat(top.path("status").asInt()).isEqualTo(200);
        assertThat(top.path("platform").asString()).isEqualTo("mem");
        assertThat(top.path("children").valueStream().map(node -> node.path("id").asString()))
                .containsExactly(child, sibling);
        assertThat(top.path("children").get(0).path("children").get(0).path("id").asString()).isEqualTo(grandchild);
        assertThat(tree.findValues("traceId")).extracting(JsonNode::asString)
                .containsOnly("4bf92f3577b34da6a3ce929d0e0e4736").hasSize(4);
        // a subtree is a tree too
        assertThat(treeOnce(teamA, child, 2).path("root").path("children").get(0).path("id").asString())
                .isEqualTo(grandchild);
    }

    @Test
    void aSyncCallReadsBackWithItsParentTraceAndKind() {
        String root = call(teamA, null, null);
        String child = call(teamA, root, TRACEPARENT);
        treeOnce(teamA, root, 2);

        read(teamA, "/federation/v1/calls/" + child).expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(child)
                .jsonPath("$.kind").isEqualTo("sync")
                .jsonPath("$.parentId").isEqualTo(root)
                .jsonPath("$.traceId").isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736")
                .jsonPath("$.function").isEqualTo("echo")
                .jsonPath("$.tenant").isEqualTo("team-a")
                .jsonPath("$.status").isEqualTo(200);
    }

    @Test
    void anAsyncCallUnderASyncOneIsPartOfItsTree() {
        String root = call(teamA, null, TRACEPARENT);
        String async = client.post().uri("/async-function/echo").header(HttpHeaders.AUTHORIZATION,
                        IssuedKeys.bearer(teamA)).header("X-Call-Id", root).header("traceparent", TRACEPARENT)
                .bodyValue("{}").exchange().expectStatus().isAccepted().returnResult(Void.class)
                .getResponseHeaders().getFirst("X-Call-Id");

        JsonNode tree = treeOnce(teamA, root, 2);

        JsonNode node = tree.path("root").path("children").get(0);
        assertThat(node.path("id").asString()).isEqualTo(async);
        assertThat(node.path("kind").asString()).isEqualTo("async");
        assertThat(node.path("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        read(teamA, "/federation/v1/calls/" + async).expectStatus().isOk().expectBody()
                .jsonPath("$.kind").isEqualTo("async")
                .jsonPath("$.parentId").isEqualTo(root)
                .jsonPath("$.traceId").isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anotherTenantNamingOurCallAsParentStaysOutOfOurTreeAndCannotReadIt() {
        String root = call(teamA, null, null);
        String ours = call(teamA, root, null);
        String theirs = call(teamB, root, null);
        // B's call is recorded (B can read it), under B's own index only
        Eventually.await("B's call is recorded", WAIT, () -> read(teamB, "/federation/v1/calls/" + theirs)
                .returnResult(String.class).getStatus().value() == 200);

        JsonNode tree = treeOnce(teamA, root, 2);

        assertThat(tree.path("root").path("children").valueStream().map(node -> node.path("id").asString()))
                .containsExactly(ours);
        assertThat(tree.toString()).doesNotContain(theirs);
        // an operator reads any tenant's tree, still of the root's tenant's calls only (this client has the admin key)
        client.get().uri("/federation/v1/calls/" + root + "/tree").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.nodes").isEqualTo(2).jsonPath("$.root.children[0].id").isEqualTo(ours);
        read(teamB, "/federation/v1/calls/" + root).expectStatus().isNotFound();
        read(teamB, "/federation/v1/calls/" + root + "/tree").expectStatus().isNotFound();
        read(teamA, "/federation/v1/calls/" + theirs).expectStatus().isNotFound();
        read(teamA, "/federation/v1/calls/" + theirs + "/tree").expectStatus().isNotFound();
    }

    @Test
    void anUnknownCallIsA404AndAnIdTooLongA400() {
        read(teamA, "/federation/v1/calls/no-such-call/tree").expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        read(teamA, "/federation/v1/calls/" + "x".repeat(129) + "/tree").expectStatus().isBadRequest();
    }
}
