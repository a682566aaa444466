package io.faasfed.gateway.security;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code faasfed.security.*}: the admin credential, tenants and their scopes, JWT bearer tokens. */
@ConfigurationProperties(SecurityProperties.PREFIX)
public class SecurityProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "faasfed.security";

    /** The operator's API key ({@code ffk_<id>_<secret>}); the gateway refuses to start without one (or the file). */
    private String adminKey;

    /** A file holding the operator's API key (e.g. a Docker secret); read once at start-up. */
    private Path adminKeyFile;

    /** The tenant the admin key, and every function in a platform's default scope, belongs to. */
    private String operatorTenant = "default";

    /** An API key that may read {@code /actuator/prometheus} and nothing else (a scrape credential). */
    private String metricsKey;

    /** A file holding the scrape credential. */
    private Path metricsKeyFile;

    /** Tenants by id: each one's scope on each platform. */
    private Map<String, TenantDefinition> tenants = new LinkedHashMap<>();

    /** Optional OIDC/JWT bearer tokens. */
    private Jwt jwt = new Jwt();

    /** The operator's API key. */
    public String getAdminKey() {
        return adminKey;
    }

    /** Sets the operator's API key. */
    public void setAdminKey(String adminKey) {
        this.adminKey = adminKey;
    }

    /** The file holding the operator's API key. */
    public Path getAdminKeyFile() {
        return adminKeyFile;
    }

    /** Sets the file holding the operator's API key. */
    public void setAdminKeyFile(Path adminKeyFile) {
        this.adminKeyFile = adminKeyFile;
    }

    /** The operator's tenant. */
    public String getOperatorTenant() {
        return operatorTenant;
    }

    /** Sets the operator's tenant. */
    public void setOperatorTenant(String operatorTenant) {
        this.operatorTenant = operatorTenant;
    }

    /** The scrape credential. */
    public String getMetricsKey() {
        return metricsKey;
    }

    /** Sets the scrape credential. */
    public void setMetricsKey(String metricsKey) {
        this.metricsKey = metricsKey;
    }

    /** The file holding the scrape credential. */
    public Path getMetricsKeyFile() {
        return metricsKeyFile;
    }

    /** Sets the file holding the scrape credential. */
    public void setMetricsKeyFile(Path metricsKeyFile) {
        this.metricsKeyFile = metricsKeyFile;
    }

    /** Tenants by id. */
    public Map<String, TenantDefinition> getTenants() {
        return tenants;
    }

    /** Sets the tenants. */
    public void setTenants(Map<String, TenantDefinition> tenants) {
        this.tenants = tenants;
    }

    /** JWT settings. */
    public Jwt getJwt() {
        return jwt;
    }

    /** Sets the JWT settings. */
    public void setJwt(Jwt jwt) {
        this.jwt = jwt;
    }

    /** One tenant as configured. */
    public static class TenantDefinition {

        /** The tenant's scope on each platform, by platform id (OpenFaaS namespace, OpenWhisk namespace, Fn app). */
        private Map<String, String> scopes = new LinkedHashMap<>();

        /** The tenant's scope on each platform. */
        public Map<String, String> getScopes() {
            return scopes;
        }

        /** Sets the tenant's scopes. */
        public void setScopes(Map<String, String> scopes) {
            this.scopes = scopes;
        }
    }

    /** OIDC/JWT bearer tokens, validated against a JWK set. */
    public static class Jwt {

        /** The JWK set URL; JWT bearer tokens are accepted only when it is set. */
        private URI jwkSetUri;

        /** The issuer ({@code iss}) tokens must carry, when set. */
        private String issuer;

        /** An audience ({@code aud}) tokens must carry, when set. */
        private String audience;

        /** The claim that names the caller's tenant. */
        private String tenantClaim = "tenant";

        /** The claim that lists the caller's roles (a list, or a space-separated string). */
        private String rolesClaim = "roles";

        /** The JWK set URL. */
        public URI getJwkSetUri() {
            return jwkSetUri;
        }

        /** Sets the JWK set URL. */
        public void setJwkSetUri(URI jwkSetUri) {
            this.jwkSetUri = jwkSetUri;
        }

        /** The required issuer. */
        public String getIssuer() {
            return issuer;
        }

        /** Sets the required issuer. */
        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        /** The required audience. */
        public String getAudience() {
            return audience;
        }

        /** Sets the required audience. */
        public void setAudience(String audience) {
            this.audience = audience;
        }

        /** The tenant claim. */
        public String getTenantClaim() {
            return tenantClaim;
        }

        /** Sets the tenant claim. */
        public void setTenantClaim(String tenantClaim) {
            this.tenantClaim = tenantClaim;
        }

        /** The roles claim. */
        public String getRolesClaim() {
            return rolesClaim;
        }

        /** Sets the roles claim. */
        public void setRolesClaim(String rolesClaim) {
            this.rolesClaim = rolesClaim;
        }
    }
}
