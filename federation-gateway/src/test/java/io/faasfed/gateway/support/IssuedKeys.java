package io.faasfed.gateway.support;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Issues API keys through {@code POST /federation/v1/keys} with the admin key, as an operator would. */
public final class IssuedKeys {

    private IssuedKeys() {
    }

    /** A new key of {@code tenant} with {@code roles}: the whole key ({@code ffk_<id>_<secret>}), shown once. */
    public static String issue(WebTestClient client, String tenant, String... roles) {
        return issued(client, tenant, roles).get("key").toString();
    }

    /** The whole answer of issuing a key of {@code tenant} with {@code roles}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> issued(WebTestClient client, String tenant, String... roles) {
        return client.post().uri("/federation/v1/keys").header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenant", tenant, "name", "test key of " + tenant, "roles", List.of(roles)))
                .exchange().expectStatus().isEqualTo(HttpStatus.CREATED)
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** {@code key} as an {@code Authorization} value. */
    public static String bearer(String key) {
        return "Bearer " + key;
    }
}
