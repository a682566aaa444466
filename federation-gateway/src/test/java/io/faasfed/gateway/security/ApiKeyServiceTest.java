package io.faasfed.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.platform.PlatformDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;
import reactor.test.StepVerifier;

/** Issuing, rotating, revoking and checking keys; admin only in the operator's tenant. */
class ApiKeyServiceTest {

    private final ApiKeyService keys = service();

    private static ApiKeyService service() {
        SecurityProperties properties = new SecurityProperties();
        properties.getTenants().put("team-a", new SecurityProperties.TenantDefinition());
        Tenants tenants = new Tenants(properties, new PlatformDirectory(List.of(), null));
        return new ApiKeyService(new InMemoryApiKeyStore(), tenants, ApiKeyToken.parse(ApiKeyServiceTestSupport.ADMIN),
                null, Clock.systemUTC());
    }

    @Test
    void anIssuedKeyAuthenticatesAsItsTenantWithItsRolesAndARotatedOrRevokedOneDoesNot() {
        ApiKeyService.Issued issued = keys.issue("team-a", "ci", Set.of(Role.DEPLOY)).block(Duration.ofSeconds(10));

        assertThat(keys.authenticate(issued.token()).block(Duration.ofSeconds(10)))
                .isEqualTo(new Caller(issued.token().id(), "team-a", Set.of(Role.DEPLOY)));
        ApiKeyService.Issued rotated = keys.rotate(issued.token().id()).block(Duration.ofSeconds(10));
        assertThat(keys.authenticate(issued.token()).blockOptional(Duration.ofSeconds(10))).isEmpty();
        assertThat(keys.authenticate(rotated.token()).blockOptional(Duration.ofSeconds(10))).isPresent();
        assertThat(keys.revoke(issued.token().id()).block(Duration.ofSeconds(10))).isTrue();
        assertThat(keys.authenticate(rotated.token()).blockOptional(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void adminGoesOnlyToTheOperatorsTenant() {
        StepVerifier.create(keys.issue("team-a", "x", Set.of(Role.ADMIN)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(BadRequest.class)
                        .hasMessageContaining("operator")).verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.issue("default", "ops", Set.of(Role.ADMIN)))
                .assertNext(issued -> assertThat(issued.key().roles()).containsExactly(Role.ADMIN))
                .verifyComplete();
    }

    @Test
    void unknownTenantsAndConfiguredKeysAreRefused() {
        StepVerifier.create(keys.issue("team-z", "x", Set.of(Role.VIEW)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(BadRequest.class)
                        .hasMessageContaining("team-z").hasMessageContaining("team-a"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.revoke("testadmin0"))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(ResponseStatusException.class)
                        .hasMessageContaining("configuration")).verify(Duration.ofSeconds(10));
        StepVerifier.create(keys.rotate("testadmin0")).expectError(ResponseStatusException.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void theAdminKeyNeedsItsExactSecret() {
        ApiKeyToken admin = ApiKeyToken.parse(ApiKeyServiceTestSupport.ADMIN);
        ApiKeyToken wrong = new ApiKeyToken(admin.id(), admin.secret().substring(1) + "x");

        assertThat(keys.authenticate(admin).block(Duration.ofSeconds(10)).isAdmin()).isTrue();
        assertThat(keys.authenticate(wrong).blockOptional(Duration.ofSeconds(10))).isEmpty();
    }
}
