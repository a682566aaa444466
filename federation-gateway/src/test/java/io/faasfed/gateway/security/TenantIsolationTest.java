package io.faasfed.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.gateway.support.IssuedKeys;
import io.faasfed.gateway.support.ScopeEchoPlatform;
import io.faasfed.gateway.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two tenants, {@code team-a} and {@code team-b}, each with its own scope on one platform (an in-memory platform that
 * answers a call with the scope that served it), and keys issued through the native API. Each tenant deploys
 * {@code shared-name} and a name of its own through both management APIs; then every endpoint is tried by one tenant
 * on the other's functions: invoke, async invoke, deploy, update, list, get, delete, scale, keys, alerts, platforms.
 * Another tenant's function is a 404 that reads like a missing one, nothing of it shows in any answer, and its name
 * cannot be taken over.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@TestPropertySource(properties = {
    "server.address=127.0.0.1",
    "faasfed.default-platform=mem",
    "faasfed.discovery.interval=1h",
    "faasfed.security.tenants.team-a.scopes.mem=team-a",
    "faasfed.security.tenants.team-b.scopes.mem=team-b",
    // the matrix issues keys, deploys and deletes back to back: more than the default bursts of writes (20)
    "faasfed.rate-limit.per-key.admin.capacity=1000",
    "faasfed.rate-limit.per-tenant.admin.capacity=1000",
    "faasfed.rate-limit.per-key.deploy.capacity=1000",
    "faasfed.rate-limit.per-tenant.deploy.capacity=1000",
})
class TenantIsolationTest {

    private static final String B_IMAGE = "registry.example/team-b/secret-image:7";
    private static final String A_IMAGE = "registry.example/team-a/image:1";

    /** Keys, issued once for the class's context. */
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
    void eachTenantHoldsSharedNameAndOneOfItsOwn() {
        if (teamA == null) {
            teamA = IssuedKeys.issue(client, "team-a", "invoke", "deploy", "view");
            teamAView = IssuedKeys.issue(client, "team-a", "view");
            teamB = IssuedKeys.issue(client, "team-b", "invoke", "deploy", "view");
        }
        removeEveryFunction();
        nativeDeploy(teamA, "shared-name", "{\"image\":\"" + A_IMAGE + "\"}").expectStatus().isOk();
        compatDeploy(teamB, HttpMethod.POST, "{\"service\":\"shared-name\",\"image\":\"" + B_IMAGE + "\"}")
                .expectStatus().isAccepted();
        compatDeploy(teamA, HttpMethod.POST, "{\"service\":\"a-compat\",\"image\":\"" + A_IMAGE + "\"}")
                .expectStatus().isAccepted();
        nativeDeploy(teamB, "b-native", "{\"image\":\"" + B_IMAGE + "\"}").expectStatus().isOk();
        platform.calls.clear();
        platform.deploys.clear();
    }

    // ---- placement ---------------------------------------------------------------------------------------------

    @Test
    void eachTenantsDeploysLandInItsOwnScope() {
        assertThat(platform.list().collectList().block()).extracting(info -> info.scope() + "/" + info.name())
                .containsExactlyInAnyOrder("team-a/shared-name", "team-b/shared-name", "team-a/a-compat",
                        "team-b/b-native");
    }

    @Test
    void eachTenantsCallOfSharedNameReachesItsOwnPlacement() {
        invoke(teamA, "/function/shared-name").expectStatus().isOk().expectBody(String.class)
                .isEqualTo(ScopeEchoPlatform.answer("team-a", "shared-name"));
        invoke(teamB, "/function/shared-name").expectStatus().isOk().expectBody(String.class)
                .isEqualTo(ScopeEchoPlatform.answer("team-b", "shared-name"));
        assertThat(platform.calls).extracting(call -> call.scope() + "/" + call.function())
                .containsExactly("team-a/shared-name", "team-b/shared-name");
    }

    // ---- the matrix: A acting on B's functions (and B on A's) --------------------------------------------------

    @Test
    void anotherTenantsFunctionIsA404ThatReadsLikeAMissingOne() {
        for (String[] pair : List.of(new String[] {teamA, "b-native", "team-b"},
                new String[] {teamB, "a-compat", "team-a"})) {
            String key = pair[0];
            String theirs = pair[1];
            String theirScope = pair[2];
            List<Probe> probes = List.of(
                    new Probe(HttpMethod.POST, "/function/%s", null),
                    new Probe(HttpMethod.GET, "/function/%s", null),
                    new Probe(HttpMethod.POST, "/function/%s." + theirScope, null),
                    new Probe(HttpMethod.GET, "/system/function/%s", null),
                    new Probe(HttpMethod.GET, "/system/function/%s?namespace=" + theirScope, null),
                    new Probe(HttpMethod.GET, "/federation/v1/functions/%s", null),
                    new Probe(HttpMethod.PUT, "/system/functions", "{\"service\":\"%s\",\"image\":\"x/y:1\"}"),
                    new Probe(HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"%s\"}"),
                    new Probe(HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"%s\",\"namespace\":\""
                            + theirScope + "\"}"),
                    new Probe(HttpMethod.DELETE, "/federation/v1/functions/%s", null),
                    new Probe(HttpMethod.DELETE, "/federation/v1/functions/%s?scope=" + theirScope, null),
                    new Probe(HttpMethod.POST, "/system/scale-function/%s", "{\"serviceName\":\"%s\",\"replicas\":3}"),
                    new Probe(HttpMethod.POST, "/system/scale-function/%s", "{\"serviceName\":\"%s\",\"replicas\":3,"
                            + "\"namespace\":\"" + theirScope + "\"}"));
            for (Probe probe : probes) {
                EntityExchangeResult<String> onTheirs = probe.send(client, key, theirs);
                EntityExchangeResult<String> onNothing = probe.send(client, key, "no-such-fn");
                assertThat(onTheirs.getStatus().value()).as(probe.describe(theirs)).isEqualTo(404);
                assertThat(onNothing.getStatus().value()).as(probe.describe("no-such-fn")).isEqualTo(404);
                assertThat(normalised(onTheirs.getResponseBody(), theirs))
                        .as("%s answers like a missing name", probe.describe(theirs))
                        .isEqualTo(normalised(onNothing.getResponseBody(), "no-such-fn"));
                assertThat(onTheirs.getResponseBody()).doesNotContain(B_IMAGE).doesNotContain(A_IMAGE);
            }
        }
        // nothing was called, changed, scaled or removed
        assertThat(platform.calls).isEmpty();
        assertThat(platform.deploys).isEmpty();
        assertThat(platform.scaled).isEmpty();
        assertThat(platform.list().collectList().block()).hasSize(4);
    }

    @Test
    void sharedNameQualifiedWithTheOtherTenantsScopeIsA404() {
        invoke(teamA, "/function/shared-name.team-b").expectStatus().isNotFound();
        invoke(teamB, "/function/shared-name.team-a").expectStatus().isNotFound();
        client.get().uri("/system/function/shared-name?namespace=team-b").header(HttpHeaders.AUTHORIZATION,
                IssuedKeys.bearer(teamA)).exchange().expectStatus().isNotFound();
        compat(teamA, HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"shared-name\",\"namespace\":"
                + "\"team-b\"}").expectStatus().isNotFound();
        compat(teamA, HttpMethod.POST, "/system/scale-function/shared-name", "{\"serviceName\":\"shared-name\","
                + "\"replicas\":2,\"namespace\":\"team-b\"}").expectStatus().isNotFound();
        as(teamA, HttpMethod.DELETE, "/federation/v1/functions/shared-name?scope=team-b").expectStatus()
                .isNotFound();
        assertThat(platform.calls).isEmpty();
        assertThat(platform.scaled).isEmpty();
        invoke(teamB, "/function/shared-name").expectStatus().isOk().expectBody(String.class)
                .isEqualTo(ScopeEchoPlatform.answer("team-b", "shared-name"));
    }

    @Test
    void listsShowOnlyTheCallersTenant() {
        for (String path : List.of("/system/functions", "/federation/v1/functions", "/system/namespaces",
                "/system/functions?namespace=team-b", "/federation/v1/platforms")) {
            String body = as(teamA, HttpMethod.GET, path).expectStatus().isOk().expectBody(String.class)
                    .returnResult().getResponseBody();
            assertThat(body).as(path).doesNotContain("team-b").doesNotContain("b-native").doesNotContain(B_IMAGE);
        }
        JsonNode functions = json.readTree(as(teamA, HttpMethod.GET, "/federation/v1/functions").expectBody(
                String.class).returnResult().getResponseBody());
        List<String> names = new ArrayList<>();
        functions.forEach(function -> names.add(function.get("name").asString()));
        assertThat(names).containsExactly("a-compat", "shared-name");
        assertThat(functions.get(1).get("placements")).hasSize(1);
        assertThat(functions.get(1).get("collision").asBoolean()).isFalse();

        JsonNode compat = json.readTree(as(teamA, HttpMethod.GET, "/system/functions").expectBody(String.class)
                .returnResult().getResponseBody());
        List<String> compatNames = new ArrayList<>();
        compat.forEach(function -> compatNames.add(function.get("name").asString()));
        assertThat(compatNames).containsExactly("a-compat", "shared-name");
        assertThat(json.readTree(as(teamA, HttpMethod.GET, "/system/namespaces").expectBody(String.class)
                .returnResult().getResponseBody()).toString()).isEqualTo("[\"openfaas-fn\",\"team-a\"]");

        // the admin sees both tenants
        String all = client.get().uri("/federation/v1/functions").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(all).contains("team-a", "team-b", "b-native", "a-compat");
    }

    @Test
    void platformsShowATenantNeitherAddressesNorCounts() {
        JsonNode platforms = json.readTree(as(teamA, HttpMethod.GET, "/federation/v1/platforms").expectStatus()
                .isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(platforms).extracting(platform -> platform.get("id").asString())
                .containsExactly("mem", "compositions");
        for (JsonNode platform : platforms) {
            assertThat(platform.has("url")).isFalse();
            assertThat(platform.has("functionCount")).isFalse();
            assertThat(platform.has("lastError")).isFalse();
            assertThat(platform.has("healthDetail")).isFalse();
        }
        JsonNode admin = json.readTree(client.get().uri("/federation/v1/platforms").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(admin.get(0).has("functionCount")).isTrue();
    }

    @Test
    void keysAndAlertsAreForAdminsOnly() {
        for (String key : List.of(teamA, teamB, teamAView)) {
            as(key, HttpMethod.GET, "/federation/v1/keys").expectStatus().isForbidden();
            compat(key, HttpMethod.POST, "/federation/v1/keys", "{\"tenant\":\"team-a\",\"name\":\"mine\","
                    + "\"roles\":[\"admin\"]}").expectStatus().isForbidden();
            as(key, HttpMethod.GET, "/federation/v1/alerts").expectStatus().isForbidden();
            compat(key, HttpMethod.POST, "/system/alert", "{}").expectStatus().isForbidden();
            as(key, HttpMethod.GET, "/actuator/metrics").expectStatus().isForbidden();
        }
    }

    @Test
    void asyncCallsReachOnlyTheCallersOwnFunctionsAndTheirRecordsOnlyItsTenant() {
        // /async-function/** needs invoke (401 without a key, 403 with view only); another tenant's function is the
        // same 404 as a missing one, and a call's record is another tenant's 404 too
        client.mutate().defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION)).build()
                .post().uri("/async-function/shared-name").exchange().expectStatus().isUnauthorized();
        as(teamAView, HttpMethod.POST, "/async-function/shared-name").expectStatus().isForbidden();
        as(teamA, HttpMethod.POST, "/async-function/b-native").expectStatus().isNotFound();
        as(teamA, HttpMethod.POST, "/async-function/b-native.team-b").expectStatus().isNotFound();
        String id = as(teamA, HttpMethod.POST, "/async-function/shared-name").expectStatus().isAccepted()
                .returnResult(Void.class).getResponseHeaders().getFirst("X-Call-Id");
        assertThat(id).isNotBlank();

        io.faasfed.gateway.support.Eventually.await("team-a's call ran", java.time.Duration.ofSeconds(30),
                () -> platform.calls.stream().anyMatch(call -> "shared-name".equals(call.function())));
        assertThat(platform.calls).extracting(call -> call.scope() + "/" + call.function())
                .containsExactly("team-a/shared-name");
        as(teamB, HttpMethod.GET, "/federation/v1/calls/" + id).expectStatus().isNotFound();
        as(teamAView, HttpMethod.GET, "/federation/v1/calls/" + id).expectStatus().isOk()
                .expectBody().jsonPath("$.tenant").isEqualTo("team-a");
        as(teamB, HttpMethod.GET, "/federation/v1/dead-letters").expectStatus().isOk();
        as(teamB, HttpMethod.POST, "/federation/v1/dead-letters/" + id + "/replay").expectStatus().isNotFound();
    }

    @Test
    void aTenantScalesAndDeletesItsOwnFunctionOnly() {
        compat(teamA, HttpMethod.POST, "/system/scale-function/shared-name", "{\"serviceName\":\"shared-name\","
                + "\"replicas\":2}").expectStatus().isAccepted();
        assertThat(platform.scaled).containsExactly(FunctionRef.of("shared-name", "team-a"));

        as(teamA, HttpMethod.DELETE, "/federation/v1/functions/shared-name").expectStatus().isNoContent();
        invoke(teamA, "/function/shared-name").expectStatus().isNotFound();
        invoke(teamB, "/function/shared-name").expectStatus().isOk().expectBody(String.class)
                .isEqualTo(ScopeEchoPlatform.answer("team-b", "shared-name"));

        compat(teamB, HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"shared-name\"}").expectStatus()
                .isAccepted();
        assertThat(platform.list().collectList().block()).extracting(info -> info.scope() + "/" + info.name())
                .containsExactlyInAnyOrder("team-a/a-compat", "team-b/b-native");
    }

    // ---- no hijack -------------------------------------------------------------------------------------------

    @Test
    void aTenantCannotHijackAnotherTenantsName() {
        // A deploys and updates B's names through both APIs: each lands in A's own scope, B's calls still reach B
        nativeDeploy(teamA, "b-native", "{\"image\":\"evil/image:1\"}").expectStatus().isOk();
        compatDeploy(teamA, HttpMethod.POST, "{\"service\":\"shared-name\",\"image\":\"evil/image:1\"}")
                .expectStatus().isEqualTo(409); // A's own shared-name exists: create refused, nothing of B's said
        compatDeploy(teamA, HttpMethod.PUT, "{\"service\":\"shared-name\",\"image\":\"evil/image:2\"}")
                .expectStatus().isAccepted();
        assertThat(platform.deploys).allSatisfy(spec -> assertThat(spec.scope()).isEqualTo("team-a"));

        for (String name : List.of("shared-name", "b-native")) {
            invoke(teamB, "/function/" + name).expectStatus().isOk().expectBody(String.class)
                    .isEqualTo(ScopeEchoPlatform.answer("team-b", name));
            invoke(teamB, "/function/" + name + ".team-b").expectStatus().isOk().expectBody(String.class)
                    .isEqualTo(ScopeEchoPlatform.answer("team-b", name));
        }
        assertThat(platform.calls).extracting(Invocation::scope).containsOnly("team-b");
        // B's functions are untouched
        assertThat(platform.get(FunctionRef.of("b-native", "team-b")).block().image()).isEqualTo(B_IMAGE);
        assertThat(platform.get(FunctionRef.of("shared-name", "team-b")).block().image()).isEqualTo(B_IMAGE);
    }

    @Test
    void aTenantCannotDeployIntoAnotherTenantsScopeByNamingIt() {
        compatDeploy(teamA, HttpMethod.POST, "{\"service\":\"intruder\",\"image\":\"evil/image:1\",\"namespace\":"
                + "\"team-b\"}").expectStatus().isBadRequest().expectBody(String.class)
                .value(body -> assertThat(body).contains("namespace"));
        nativeDeploy(teamA, "intruder", "{\"image\":\"evil/image:1\",\"scope\":\"team-b\"}").expectStatus()
                .isBadRequest();
        // an update naming B's scope: B's function is not A's to find (404); the default scope is the operator's
        compatDeploy(teamA, HttpMethod.PUT, "{\"service\":\"shared-name\",\"image\":\"evil/image:1\","
                + "\"namespace\":\"team-b\"}").expectStatus().value(status -> assertThat(status).isIn(400, 404));
        // the operator's default scope: the native API refuses it by name; in the compat API the default namespace
        // means "none named" (as faas-cli may send it), so the function lands in the tenant's own scope
        nativeDeploy(teamA, "intruder", "{\"image\":\"evil/image:1\",\"scope\":\"openfaas-fn\"}").expectStatus()
                .isBadRequest();
        assertThat(platform.deploys).isEmpty();
        compatDeploy(teamA, HttpMethod.POST, "{\"service\":\"intruder\",\"image\":\"evil/image:1\",\"namespace\":"
                + "\"openfaas-fn\"}").expectStatus().isAccepted();
        assertThat(platform.deploys).extracting(spec -> spec.scope()).containsExactly("team-a");
    }

    // ---- keys ------------------------------------------------------------------------------------------------

    @Test
    void aViewOnlyKeyReadsButCannotDeployDeleteScaleOrInvoke() {
        as(teamAView, HttpMethod.GET, "/federation/v1/functions").expectStatus().isOk();
        as(teamAView, HttpMethod.GET, "/system/function/shared-name").expectStatus().isOk();
        nativeDeploy(teamAView, "shared-name", "{\"image\":\"x/y:1\"}").expectStatus().isForbidden();
        compatDeploy(teamAView, HttpMethod.POST, "{\"service\":\"v\",\"image\":\"x/y:1\"}").expectStatus()
                .isForbidden();
        compatDeploy(teamAView, HttpMethod.PUT, "{\"service\":\"shared-name\",\"image\":\"x/y:1\"}").expectStatus()
                .isForbidden();
        as(teamAView, HttpMethod.DELETE, "/federation/v1/functions/shared-name").expectStatus().isForbidden();
        compat(teamAView, HttpMethod.POST, "/system/scale-function/shared-name", "{\"serviceName\":\"shared-name\","
                + "\"replicas\":2}").expectStatus().isForbidden();
        invoke(teamAView, "/function/shared-name").expectStatus().isForbidden();
        assertThat(platform.deploys).isEmpty();
        assertThat(platform.calls).isEmpty();
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        Map<String, Object> issued = IssuedKeys.issued(client, "team-a", "view");
        String key = issued.get("key").toString();
        as(key, HttpMethod.GET, "/federation/v1/functions").expectStatus().isOk();
        client.delete().uri("/federation/v1/keys/" + issued.get("id")).exchange().expectStatus().isNoContent();
        as(key, HttpMethod.GET, "/federation/v1/functions").expectStatus().isUnauthorized();
        client.get().uri("/federation/v1/keys/" + issued.get("id")).exchange().expectStatus().isNotFound();
    }

    @Test
    void aRotatedKeysOldSecretIsRefusedAndTheNewOneWorks() {
        Map<String, Object> issued = IssuedKeys.issued(client, "team-a", "view");
        String old = issued.get("key").toString();
        String rotated = json.readTree(client.post().uri("/federation/v1/keys/" + issued.get("id") + "/rotate")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .get("key").asString();
        assertThat(rotated).isNotEqualTo(old).startsWith("ffk_" + issued.get("id") + "_");
        as(old, HttpMethod.GET, "/federation/v1/functions").expectStatus().isUnauthorized();
        as(rotated, HttpMethod.GET, "/federation/v1/functions").expectStatus().isOk();
        // HTTP Basic with the key's id and new secret (faas-cli login) works too; with the old one it does not
        String secret = rotated.substring(("ffk_" + issued.get("id") + "_").length());
        client.get().uri("/system/functions").headers(headers -> headers.setBasicAuth(issued.get("id").toString(),
                secret)).exchange().expectStatus().isOk();
        String oldSecret = old.substring(("ffk_" + issued.get("id") + "_").length());
        client.get().uri("/system/functions").headers(headers -> headers.setBasicAuth(issued.get("id").toString(),
                oldSecret)).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void keyListsShowNoSecrets() {
        String body = client.get().uri("/federation/v1/keys").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("team-a", "team-b");
        for (String key : List.of(teamA, teamB, teamAView, TestKeys.ADMIN)) {
            String secret = key.substring(key.indexOf('_', 4) + 1);
            assertThat(body).doesNotContain(secret);
        }
        assertThat(body).doesNotContain("hash").doesNotContain("salt");
    }

    // ---- anonymous callers -----------------------------------------------------------------------------------

    @Test
    void anonymousCallersReachOnlyPublicFunctionsAndUnqualifiedOnlyTheOperatorsOnes() {
        client.put().uri("/federation/v1/functions/op-public").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"image\":\"op/image:1\",\"labels\":{\"faasfed.public\":\"true\"}}").exchange()
                .expectStatus().isOk();
        client.put().uri("/federation/v1/functions/op-private").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"image\":\"op/image:1\"}").exchange().expectStatus().isOk();
        nativeDeploy(teamB, "b-public", "{\"image\":\"" + B_IMAGE + "\",\"labels\":{\"faasfed.public\":\"true\"}}")
                .expectStatus().isOk();
        WebTestClient anonymous = client.mutate().defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION))
                .build();

        anonymous.post().uri("/function/op-public").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo(ScopeEchoPlatform.answer(null, "op-public"));
        anonymous.get().uri("/function/op-public/sub/path").exchange().expectStatus().isOk();
        anonymous.post().uri("/function/op-private").exchange().expectStatus().isUnauthorized()
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
        anonymous.post().uri("/function/shared-name").exchange().expectStatus().isUnauthorized();
        anonymous.post().uri("/function/no-such-fn").exchange().expectStatus().isUnauthorized();
        // team-b's public function: only when the caller names team-b's scope
        anonymous.post().uri("/function/b-public").exchange().expectStatus().isUnauthorized();
        anonymous.post().uri("/function/b-public.team-b").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo(ScopeEchoPlatform.answer("team-b", "b-public"));
        // public means invocable, not readable or writable
        anonymous.get().uri("/system/function/op-public").exchange().expectStatus().isUnauthorized();
        anonymous.get().uri("/federation/v1/functions/b-public").exchange().expectStatus().isUnauthorized();
        anonymous.delete().uri("/federation/v1/functions/op-public").exchange().expectStatus().isUnauthorized();
        // another tenant's public function is still not another tenant's to read
        as(teamA, HttpMethod.GET, "/federation/v1/functions/b-public").expectStatus().isNotFound();
        assertThat(platform.calls).extracting(call -> call.scope() + "/" + call.function())
                .containsExactly("null/op-public", "null/op-public", "team-b/b-public");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Deletes every placement through the API as the admin, so that the registry forgets them too. */
    private void removeEveryFunction() {
        JsonNode all = json.readTree(client.get().uri("/federation/v1/functions").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        for (JsonNode function : all) {
            for (JsonNode placement : function.get("placements")) {
                String scope = placement.has("scope") ? "&scope=" + placement.get("scope").asString() : "";
                client.delete().uri("/federation/v1/functions/" + function.get("name").asString() + "?platform=mem"
                        + scope).exchange().expectStatus().isNoContent();
            }
        }
        platform.clear();
    }

    /** One request of the matrix, with {@code %s} for the function's name in its path and body. */
    private record Probe(HttpMethod method, String path, String body) {

        EntityExchangeResult<String> send(WebTestClient client, String key, String name) {
            WebTestClient.RequestBodySpec request = client.method(method).uri(path.formatted(name))
                    .header(HttpHeaders.AUTHORIZATION, IssuedKeys.bearer(key));
            WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                    : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.formatted(name, name));
            return ready.exchange().expectBody(String.class).returnResult();
        }

        String describe(String name) {
            return method + " " + path.formatted(name) + (body == null ? "" : " " + body.formatted(name, name));
        }
    }

    /** A problem body with the name asked for replaced, and the fields that differ per request removed. */
    private String normalised(String body, String name) {
        if (body == null) {
            return "";
        }
        JsonNode node = json.readTree(body.replace(name, "NAME"));
        if (node instanceof ObjectNode object) {
            object.remove(List.of("instance", "callId", "timestamp", "requestId"));
        }
        return node.toString();
    }

    private WebTestClient.ResponseSpec invoke(String key, String path) {
        return client.post().uri(path).header(HttpHeaders.AUTHORIZATION, IssuedKeys.bearer(key))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }

    private WebTestClient.ResponseSpec as(String key, HttpMethod method, String path) {
        return client.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, IssuedKeys.bearer(key)).exchange();
    }

    private WebTestClient.ResponseSpec compat(String key, HttpMethod method, String path, String body) {
        return client.method(method).uri(path).header(HttpHeaders.AUTHORIZATION, IssuedKeys.bearer(key))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec compatDeploy(String key, HttpMethod method, String body) {
        return compat(key, method, "/system/functions", body);
    }

    private WebTestClient.ResponseSpec nativeDeploy(String key, String name, String descriptor) {
        return compat(key, HttpMethod.PUT, "/federation/v1/functions/" + name, descriptor);
    }
}
