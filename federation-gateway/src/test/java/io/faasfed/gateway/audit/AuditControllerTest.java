package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.invoke.FunctionRoutingFilter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GET /federation/v1/audit in the running gateway, and an audited write through the real filter chain. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "faasfed.security.admin-key=" + AuditControllerTest.ADMIN_KEY})
@AutoConfigureWebTestClient
class AuditControllerTest {

    static final String ADMIN_KEY = "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";

    @Autowired
    private WebTestClient client;
    @Autowired
    private AuditLog audit;

    private WebTestClient.ResponseSpec get(String query) {
        return client.get().uri("/federation/v1/audit" + query)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY).exchange();
    }

    private void expectBadRequest(String query, String detail) {
        get(query).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo(detail);
    }

    @Test
    void aLimitOutsideItsRangeIsA400NamingIt() {
        expectBadRequest("?limit=0", "limit: 0 (expected: 1..1000)");
        expectBadRequest("?limit=1001", "limit: 1001 (expected: 1..1000)");
        expectBadRequest("?limit=ten", "limit: 'ten' (expected: 1..1000)");
    }

    @Test
    void anUnknownActionIsA400ListingTheActions() {
        expectBadRequest("?action=deploy", "action: 'deploy' (expected one of: " + AuditAction.names() + ")");
    }

    @Test
    void aSinceThatIsNotAnInstantIsA400WithAnExample() {
        expectBadRequest("?since=yesterday",
                "since: 'yesterday' (expected: an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z)");
    }

    @Test
    void aBlankTenantIsA400() {
        expectBadRequest("?tenant=", "tenant: '' (expected: a tenant name, 1..256 characters; leave it out for "
                + "every tenant)");
    }

    @Test
    void recordsComeBackNewestFirstAndFiltered() {
        Instant now = Instant.now();
        String tenant = "t-" + now.toEpochMilli();
        audit.record(new AuditRecord(now, "c-1", "key1", tenant, AuditAction.FUNCTION_DEPLOY, "first", "openfaas",
                null, AuditOutcome.SUCCESS, 201, null)).block(Duration.ofSeconds(10));
        audit.record(new AuditRecord(now, "c-2", "key1", tenant, AuditAction.FUNCTION_DELETE, "second", "fn",
                null, AuditOutcome.FAILURE, 404, "Function not found")).block(Duration.ofSeconds(10));

        get("?tenant=" + tenant).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].target").isEqualTo("second")
                .jsonPath("$[0].outcome").isEqualTo("FAILURE")
                .jsonPath("$[0].status").isEqualTo(404)
                .jsonPath("$[0].time").isEqualTo(now.toString())
                .jsonPath("$[1].target").isEqualTo("first");
        get("?tenant=" + tenant + "&action=function-deploy&limit=5&since=" + now).expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].target").isEqualTo("first");
    }

    @Test
    void aKeyIssuedThroughTheApiIsAuditedWithTheRequestsCallIdAndNeverItsSecret() {
        String key = client.post().uri("/federation/v1/keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
                .header(FunctionRoutingFilter.CALL_ID_HEADER, "key-call-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tenant\":\"default\",\"name\":\"audited\",\"roles\":[\"view\"]}")
                .exchange().expectStatus().isCreated()
                .expectHeader().valueEquals(FunctionRoutingFilter.CALL_ID_HEADER, "key-call-1")
                .expectBody(String.class).returnResult().getResponseBody();
        String secret = key.replaceAll(".*\"key\":\"ffk_[a-z0-9]+_([^\"]+)\".*", "$1");

        AuditRecord record = audit.recent(new AuditQuery(null, AuditAction.KEY_CREATE, null, 10))
                .filter(found -> "key-call-1".equals(found.callId())).blockFirst(Duration.ofSeconds(10));
        assertThat(record).isNotNull();
        assertThat(record).extracting(AuditRecord::actor, AuditRecord::tenant, AuditRecord::outcome,
                AuditRecord::status).containsExactly("testadmin0", "default", AuditOutcome.SUCCESS, 201);
        assertThat(key).contains(record.target());
        assertThat(secret).hasSizeGreaterThan(30);
        assertThat(record.toString()).doesNotContain(secret);
    }
}
