package io.faasfed.gateway.security;

import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.Placement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The tenants and what each owns. A tenant owns, on each platform, the one scope configured for it
 * ({@code faasfed.security.tenants.<tenant>.scopes.<platform>}: an OpenFaaS namespace, an OpenWhisk namespace, an Fn
 * app); the operator's tenant also owns every platform's default scope. A function belongs to the tenant that owns its
 * scope; a function in a scope nobody owns is seen by admins only. Two tenants never share a scope name, on any
 * platform, so that a qualified name ({@code echo.team-a}) always means one tenant.
 */
public final class Tenants {

    /** The label (or annotation) with which an owner lets anonymous callers invoke a function. */
    public static final String PUBLIC_LABEL = "faasfed.public";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final String operator;
    private final PlatformDirectory directory;
    /** platform id to (scope to tenant). */
    private final Map<String, Map<String, String>> owners = new HashMap<>();
    /** tenant to (platform id to scope). */
    private final Map<String, Map<String, String>> scopes = new LinkedHashMap<>();

    /**
     * Reads and checks the configured tenants.
     *
     * @throws IllegalStateException saying what to fix in the configuration
     */
    public Tenants(SecurityProperties properties, PlatformDirectory directory) {
        this.operator = properties.getOperatorTenant();
        this.directory = directory;
        requireLabel(SecurityProperties.PREFIX + ".operator-tenant", operator);
        scopes.put(operator, new LinkedHashMap<>());
        Map<String, String> tenantOfScope = new HashMap<>();
        properties.getTenants().forEach((tenant, definition) -> {
            requireLabel(SecurityProperties.PREFIX + ".tenants", tenant);
            Map<String, String> own = scopes.computeIfAbsent(tenant, any -> new LinkedHashMap<>());
            definition.getScopes().forEach((platform, scope) -> {
                String property = SecurityProperties.PREFIX + ".tenants." + tenant + ".scopes." + platform;
                ConfiguredPlatform configured = directory.find(platform).orElseThrow(() -> new IllegalStateException(
                        property + ": no enabled platform '" + platform + "' (expected one of: " + directory.ids()
                                + ")"));
                if (scope == null || scope.isBlank() || scope.equals(configured.platform().defaultScope())) {
                    throw new IllegalStateException(property + ": '" + scope + "' (expected: a scope of the tenant's"
                            + " own; the platform's default scope belongs to the operator's tenant '" + operator
                            + "')");
                }
                String other = tenantOfScope.putIfAbsent(scope, tenant);
                if (other != null && !other.equals(tenant)) {
                    throw new IllegalStateException(property + ": '" + scope + "' is already tenant '" + other
                            + "''s scope (expected: a scope name no other tenant uses, on any platform)");
                }
                own.put(platform, scope);
                owners.computeIfAbsent(platform, any -> new HashMap<>()).put(scope, tenant);
            });
        });
        // compositions live in the scope named as their tenant (the operator's in the platform's default scope)
        directory.all().stream().filter(platform -> platform.type() == PlatformType.COMPOSITION).forEach(platform -> {
            scopes.keySet().stream().filter(tenant -> !tenant.equals(operator)).forEach(tenant -> {
                String other = tenantOfScope.get(tenant);
                if (other != null && !other.equals(tenant)) {
                    throw new IllegalStateException(SecurityProperties.PREFIX + ".tenants." + other + ".scopes: '"
                            + tenant + "' is tenant '" + tenant + "''s id, which names its compositions' scope "
                            + "(expected: a scope name that is no other tenant's id)");
                }
                owners.computeIfAbsent(platform.id().value(), any -> new HashMap<>()).put(tenant, tenant);
                scopes.get(tenant).put(platform.id().value(), tenant);
            });
        });
    }

    /** The operator's tenant. */
    public String operatorTenant() {
        return operator;
    }

    /** Every tenant id, sorted. */
    public Set<String> ids() {
        return new TreeSet<>(scopes.keySet());
    }

    /** Checks that {@code tenant} is configured; {@link BadRequest} naming the tenants when it is not. */
    public void require(String tenant) {
        if (tenant == null || !scopes.containsKey(tenant)) {
            throw new BadRequest("tenant: '" + tenant + "' is not configured (expected one of: " + ids()
                    + "; an operator adds tenants under faasfed.security.tenants)");
        }
    }

    /** Whether {@code tenant} is configured. */
    public boolean exists(String tenant) {
        return tenant != null && scopes.containsKey(tenant);
    }

    /** The tenant that owns {@code placement}'s scope; null when no tenant does. */
    public String ownerOf(Placement placement) {
        return ownerOf(placement.platform(), placement.scope());
    }

    /** The tenant that owns {@code scope} on {@code platform}; null when no tenant does. */
    public String ownerOf(PlatformId platform, String scope) {
        String normal = normalise(platform, scope);
        if (normal == null) {
            return operator;
        }
        Map<String, String> byScope = owners.get(platform.value());
        return byScope == null ? null : byScope.get(normal);
    }

    /** Whether the owner of {@code placement}'s function let anonymous callers invoke it. */
    public static boolean isPublic(Placement placement) {
        String value = placement.function().labels().get(PUBLIC_LABEL);
        if (value == null) {
            value = placement.function().annotations().get(PUBLIC_LABEL);
        }
        return "true".equalsIgnoreCase(value);
    }

    /** What {@code caller} may see: everything for an admin, its tenant's functions for a key. */
    public Predicate<Placement> visibleTo(Caller caller) {
        if (caller.isAdmin()) {
            return placement -> true;
        }
        if (caller.isAnonymous()) {
            return placement -> false;
        }
        String tenant = caller.tenant();
        return placement -> tenant.equals(ownerOf(placement));
    }

    /**
     * What {@code caller} may invoke as {@code name[.scope]}: its own tenant's functions (every function for an admin);
     * anonymously, only public functions, and without a scope only the operator tenant's, so that no tenant can
     * capture anonymous calls meant for another by publishing the same name.
     */
    public Predicate<Placement> invocableBy(Caller caller, String requestedScope) {
        if (!caller.isAnonymous()) {
            return visibleTo(caller);
        }
        return placement -> {
            if (!isPublic(placement)) {
                return false;
            }
            String owner = ownerOf(placement);
            return owner != null && (requestedScope != null || operator.equals(owner));
        };
    }

    /**
     * The scope a deploy by {@code caller} onto {@code platform} goes to, given the scope the request named (null
     * for none): an admin's request is taken as it is; a tenant's goes to its own scope there, and naming any other
     * scope is refused. {@link BadRequest} saying what to do when the tenant has no scope on that platform.
     */
    public String deployScope(Caller caller, ConfiguredPlatform platform, String requested) {
        if (caller.isAdmin()) {
            return requested;
        }
        String tenant = caller.tenant();
        String own = operator.equals(tenant) ? null : scopes.getOrDefault(tenant, Map.of())
                .get(platform.id().value());
        if (!operator.equals(tenant) && own == null) {
            throw new BadRequest("platform '" + platform.id().value() + "': tenant '" + tenant + "' has no scope "
                    + "there (expected: a platform where it has one: " + scopes.getOrDefault(tenant, Map.of()).keySet()
                    + "; an operator sets faasfed.security.tenants." + tenant + ".scopes." + platform.id().value()
                    + ")");
        }
        String normal = normalise(platform.id(), requested);
        boolean operatorsOwn = operator.equals(tenant)
                && (normal == null || tenant.equals(ownerOf(platform.id(), normal)));
        if (requested != null && !operatorsOwn && !Objects.equals(normal, own)) {
            throw new BadRequest("namespace: '" + requested + "' is not tenant '" + tenant + "''s (expected: "
                    + (own == null ? "none, or " + platform.platform().defaultScope() : own) + ")");
        }
        return requested != null ? requested : own;
    }

    private String normalise(PlatformId platform, String scope) {
        if (scope == null) {
            return null;
        }
        ConfiguredPlatform found = directory.find(platform).orElse(null);
        return found != null && scope.equals(found.platform().defaultScope()) ? null : scope;
    }

    private static void requireLabel(String property, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalStateException(property + ": '" + value + "' (expected: a tenant id of lower-case "
                    + "letters, digits and '-', at most 63 characters)");
        }
    }

    /** How {@code caller}'s deploys are placed: in its tenant's scope on the target platform ({@link #deployScope}). */
    public FederatedNamespace.Placing placingFor(Caller caller) {
        if (caller.isAdmin()) {
            return FederatedNamespace.AS_GIVEN;
        }
        return (platform, spec) -> {
            String scope = deployScope(caller, platform, spec.scope());
            return java.util.Objects.equals(scope, spec.scope()) ? spec : spec.toBuilder().scope(scope).build();
        };
    }
}
