package io.faasfed.gateway.composition.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.support.IssuedKeys;
import io.faasfed.gateway.support.ScopeEchoPlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compositions respect tenancy and roles: each tenant has its own compositions (the same name in two tenants is two
 * compositions), never sees or runs another's, and a composition's steps reach only the functions its own tenant can
 * call: naming another tenant's function fails the step as a missing function, and that tenant's scope is never
 * called. A view key reads but cannot save.
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
    "faasfed.rate-limit.per-key.deploy.capacity=1000",
    "faasfed.rate-limit.per-tenant.deploy.capacity=1000",
})
class CompositionTenancyTest {

    private static String teamA;
    private static String teamAView;
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
            teamAView = IssuedKeys.issue(client, "team-a", "view");
            teamB = IssuedKeys.issue(client, "team-b", "invoke", "deploy", "view");
        }
        request(teamA, HttpMethod.PUT, "/federation/v1/functions/a-only", MediaType.APPLICATION_JSON,
                "{\"image\":\"registry.example/a:1\"}").expectStatus().isOk();
        request(teamB, HttpMethod.PUT, "/federation/v1/functions/b-only", MediaType.APPLICATION_JSON,
                "{\"image\":\"registry.example/b:1\"}").expectStatus().isOk();
        platform.calls.clear();
    }

    private WebTestClient.ResponseSpec request(String key, HttpMethod method, String uri, MediaType type,
                                               String body) {
        WebTestClient.RequestBodySpec spec = client.method(method).uri(uri).header(HttpHeaders.AUTHORIZATION,
                IssuedKeys.bearer(key));
        return body == null ? spec.exchange() : spec.contentType(type).bodyValue(body).exchange();
    }

    private static String calling(String name, String function) {
        return "{\"name\":\"" + name + "\",\"startAt\":\"call\",\"states\":{\"call\":{\"type\":\"task\","
                + "\"function\":\"" + function + "\",\"end\":true}}}";
    }

    @Test
    void eachTenantHasItsOwnCompositionsUnderTheSameName() {
        request(teamA, HttpMethod.PUT, "/federation/v1/compositions/flow", MediaType.APPLICATION_JSON,
                calling("flow", "a-only")).expectStatus().value(status -> assertThat(status).isIn(200, 201));
        request(teamB, HttpMethod.PUT, "/federation/v1/compositions/flow", MediaType.APPLICATION_JSON,
                calling("flow", "b-only")).expectStatus().value(status -> assertThat(status).isIn(200, 201));

        request(teamA, HttpMethod.POST, "/function/flow", MediaType.APPLICATION_JSON, "{}").expectStatus().isOk()
                .expectBody(String.class).isEqualTo("\"" + ScopeEchoPlatform.answer("team-a", "a-only") + "\"");
        request(teamB, HttpMethod.POST, "/function/flow", MediaType.APPLICATION_JSON, "{}").expectStatus().isOk()
                .expectBody(String.class).isEqualTo("\"" + ScopeEchoPlatform.answer("team-b", "b-only") + "\"");

        JsonNode aSees = json.readTree(request(teamA, HttpMethod.GET, "/federation/v1/compositions/flow", null, null)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(aSees.path("tenant").asString()).isEqualTo("team-a");
        assertThat(aSees.path("source").asString()).contains("a-only").doesNotContain("b-only");
        String bList = request(teamB, HttpMethod.GET, "/federation/v1/compositions", null, null).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(bList).contains("team-b").doesNotContain("team-a");
        String bFunctions = request(teamB, HttpMethod.GET, "/system/functions", null, null).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(bFunctions).contains("\"flow\"").doesNotContain("a-only").doesNotContain("team-a");
    }

    @Test
    void aCompositionReachesOnlyItsOwnTenantsFunctions() {
        request(teamA, HttpMethod.PUT, "/federation/v1/compositions/sneaky", MediaType.APPLICATION_JSON,
                calling("sneaky", "b-only")).expectStatus().value(status -> assertThat(status).isIn(200, 201))
                .expectBody().jsonPath("$.warnings[0]").value(warning -> assertThat((String) warning)
                        .contains("'b-only'"));
        request(teamA, HttpMethod.PUT, "/federation/v1/compositions/sneakier", MediaType.APPLICATION_JSON,
                calling("sneakier", "b-only.team-b")).expectStatus().value(status ->
                        assertThat(status).isIn(200, 201));

        for (String name : new String[] {"sneaky", "sneakier"}) {
            request(teamA, HttpMethod.POST, "/function/" + name, MediaType.APPLICATION_JSON, "{}")
                    .expectStatus().isEqualTo(500).expectBody().jsonPath("$.error").value(error ->
                            assertThat((String) error).startsWith("call: function-failed: ").contains("not found"));
        }
        assertThat(platform.calls).isEmpty();
    }

    @Test
    void anotherTenantsCompositionIsA404EverywhereAndItsRunsAreNotReadable() {
        request(teamA, HttpMethod.PUT, "/federation/v1/compositions/private-flow", MediaType.APPLICATION_JSON,
                calling("private-flow", "a-only")).expectStatus().value(status -> assertThat(status).isIn(200, 201));
        String runId = request(teamA, HttpMethod.POST, "/function/private-flow", MediaType.APPLICATION_JSON, "{}")
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("X-Call-Id");

        request(teamB, HttpMethod.GET, "/federation/v1/compositions/private-flow", null, null).expectStatus()
                .isNotFound();
        request(teamB, HttpMethod.POST, "/function/private-flow", MediaType.APPLICATION_JSON, "{}").expectStatus()
                .isNotFound();
        request(teamB, HttpMethod.POST, "/function/private-flow.team-a", MediaType.APPLICATION_JSON, "{}")
                .expectStatus().isNotFound();
        request(teamB, HttpMethod.POST, "/async-function/private-flow", MediaType.APPLICATION_JSON, "{}")
                .expectStatus().isNotFound();
        request(teamB, HttpMethod.DELETE, "/federation/v1/compositions/private-flow", null, null).expectStatus()
                .isNotFound();
        request(teamB, HttpMethod.GET, "/federation/v1/compositions/private-flow?tenant=team-a", null, null)
                .expectStatus().isBadRequest();
        request(teamB, HttpMethod.GET, "/federation/v1/calls/" + runId, null, null).expectStatus().isNotFound();
        request(teamA, HttpMethod.GET, "/federation/v1/calls/" + runId, null, null).expectStatus().isOk()
                .expectBody().jsonPath("$.run.composition").isEqualTo("private-flow");
        request(teamA, HttpMethod.GET, "/federation/v1/compositions/private-flow", null, null).expectStatus().isOk();
    }

    @Test
    void aViewKeyReadsCompositionsButCannotSaveOrDeleteThem() {
        request(teamA, HttpMethod.PUT, "/federation/v1/compositions/seen", MediaType.APPLICATION_JSON,
                calling("seen", "a-only")).expectStatus().value(status -> assertThat(status).isIn(200, 201));
        request(teamAView, HttpMethod.GET, "/federation/v1/compositions/seen", null, null).expectStatus().isOk();
        request(teamAView, HttpMethod.PUT, "/federation/v1/compositions/seen", MediaType.APPLICATION_JSON,
                calling("seen", "a-only")).expectStatus().isForbidden();
        request(teamAView, HttpMethod.DELETE, "/federation/v1/compositions/seen", null, null).expectStatus()
                .isForbidden();
        request(teamAView, HttpMethod.POST, "/function/seen", MediaType.APPLICATION_JSON, "{}").expectStatus()
                .isForbidden();
    }
}
