package io.faasfed.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.registry.Placement;
import io.faasfed.testkit.InMemoryPlatform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who owns which scope, what each caller sees and invokes, and where a tenant's deploy goes. */
class TenantsTest {

    private final InMemoryPlatform openfaas = new InMemoryPlatform("openfaas", PlatformType.OPENFAAS, "openfaas-fn");
    private final InMemoryPlatform fn = new InMemoryPlatform("fn", PlatformType.FN, "sandbox");
    private final PlatformDirectory directory = new PlatformDirectory(List.of(new ConfiguredPlatform(openfaas, 10,
            null), new ConfiguredPlatform(fn, 20, null)), null);

    private final Caller teamA = new Caller("akey", "team-a", Set.of(Role.INVOKE, Role.DEPLOY, Role.VIEW));
    private final Caller teamB = new Caller("bkey", "team-b", Set.of(Role.INVOKE, Role.DEPLOY, Role.VIEW));
    private final Caller operatorDeployer = new Caller("okey", "default", Set.of(Role.DEPLOY, Role.VIEW));
    private final Caller admin = new Caller("admin", "default", Set.of(Role.ADMIN));

    private Tenants tenants(Map<String, Map<String, String>> scopes) {
        SecurityProperties properties = new SecurityProperties();
        scopes.forEach((tenant, byPlatform) -> {
            SecurityProperties.TenantDefinition definition = new SecurityProperties.TenantDefinition();
            definition.getScopes().putAll(byPlatform);
            properties.getTenants().put(tenant, definition);
        });
        return new Tenants(properties, directory);
    }

    private Tenants twoTeams() {
        return tenants(Map.of("team-a", Map.of("openfaas", "team-a", "fn", "team-a"), "team-b",
                Map.of("openfaas", "team-b")));
    }

    private static Placement placement(String platform, String scope, Map<String, String> labels) {
        return new Placement(PlatformId.of(platform), FunctionInfo.builder("echo", PlatformId.of(platform))
                .scope(scope).labels(labels).build(), Instant.EPOCH, false);
    }

    @Test
    void eachTenantOwnsItsScopesAndTheOperatorTheDefaultOnes() {
        Tenants tenants = twoTeams();

        assertThat(tenants.ownerOf(placement("openfaas", "team-a", Map.of()))).isEqualTo("team-a");
        assertThat(tenants.ownerOf(placement("openfaas", "team-b", Map.of()))).isEqualTo("team-b");
        assertThat(tenants.ownerOf(placement("openfaas", null, Map.of()))).isEqualTo("default");
        assertThat(tenants.ownerOf(placement("openfaas", "openfaas-fn", Map.of()))).isEqualTo("default");
        assertThat(tenants.ownerOf(placement("fn", "team-b", Map.of()))).as("team-b has no scope on fn").isNull();
    }

    @Test
    void aTenantSeesOnlyItsOwnAndAnAdminEverything() {
        Tenants tenants = twoTeams();
        Placement ofA = placement("openfaas", "team-a", Map.of());
        Placement ofB = placement("openfaas", "team-b", Map.of());
        Placement nobodys = placement("fn", "elsewhere", Map.of());

        assertThat(tenants.visibleTo(teamA).test(ofA)).isTrue();
        assertThat(tenants.visibleTo(teamA).test(ofB)).isFalse();
        assertThat(tenants.visibleTo(teamB).test(ofA)).isFalse();
        assertThat(tenants.visibleTo(teamA).test(nobodys)).isFalse();
        assertThat(tenants.visibleTo(admin).test(nobodys)).isTrue();
        assertThat(tenants.visibleTo(Caller.anonymous()).test(ofA)).isFalse();
    }

    @Test
    void anonymousCallersReachPublicFunctionsOnlyAndOtherTenantsOnlyByScope() {
        Tenants tenants = twoTeams();
        Placement publicOfB = placement("openfaas", "team-b", Map.of(Tenants.PUBLIC_LABEL, "true"));
        Placement publicOfOperator = placement("openfaas", null, Map.of(Tenants.PUBLIC_LABEL, "true"));
        Placement privateOfOperator = placement("openfaas", null, Map.of());

        assertThat(tenants.invocableBy(Caller.anonymous(), null).test(publicOfOperator)).isTrue();
        assertThat(tenants.invocableBy(Caller.anonymous(), null).test(privateOfOperator)).isFalse();
        assertThat(tenants.invocableBy(Caller.anonymous(), null).test(publicOfB))
                .as("an unqualified anonymous name never reaches another tenant's function").isFalse();
        assertThat(tenants.invocableBy(Caller.anonymous(), "team-b").test(publicOfB)).isTrue();
    }

    @Test
    void aTenantsDeployGoesToItsOwnScopeAndNamingAnotherIsRefused() {
        Tenants tenants = twoTeams();
        ConfiguredPlatform onOpenFaas = directory.require(PlatformId.of("openfaas"));
        ConfiguredPlatform onFn = directory.require(PlatformId.of("fn"));

        assertThat(tenants.deployScope(teamA, onOpenFaas, null)).isEqualTo("team-a");
        assertThat(tenants.deployScope(teamA, onOpenFaas, "team-a")).isEqualTo("team-a");
        assertThatThrownBy(() -> tenants.deployScope(teamA, onOpenFaas, "team-b")).isInstanceOf(BadRequest.class)
                .hasMessageContaining("team-b").hasMessageContaining("team-a");
        assertThatThrownBy(() -> tenants.deployScope(teamA, onOpenFaas, "openfaas-fn"))
                .isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> tenants.deployScope(teamB, onFn, null)).isInstanceOf(BadRequest.class)
                .hasMessageContaining("faasfed.security.tenants.team-b.scopes.fn");
        assertThat(tenants.deployScope(operatorDeployer, onOpenFaas, null)).isNull();
        assertThatThrownBy(() -> tenants.deployScope(operatorDeployer, onOpenFaas, "team-a"))
                .isInstanceOf(BadRequest.class);
        assertThat(tenants.deployScope(admin, onOpenFaas, "team-b")).isEqualTo("team-b");
    }

    @Test
    void twoTenantsSharingAScopeNameOrAnUnknownPlatformStopTheStart() {
        assertThatThrownBy(() -> tenants(Map.of("team-a", Map.of("openfaas", "shared"), "team-b",
                Map.of("fn", "shared")))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already tenant");
        assertThatThrownBy(() -> tenants(Map.of("team-a", Map.of("nope", "team-a"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no enabled platform 'nope'");
        assertThatThrownBy(() -> tenants(Map.of("team-a", Map.of("openfaas", "openfaas-fn"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("default scope");
        assertThatThrownBy(() -> tenants(Map.of("Team_A", Map.of()))).isInstanceOf(IllegalStateException.class);
    }
}
