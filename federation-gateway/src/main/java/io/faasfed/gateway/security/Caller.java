package io.faasfed.gateway.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who made a request, once authenticated: a key (or token subject), its tenant and its roles. An anonymous caller
 * has no key, no roles, and reaches only what is public.
 *
 * @param keyId  the API key's id, the token's subject, or null when anonymous
 * @param tenant the tenant the caller acts in, or null when anonymous
 * @param roles  what the caller may do
 */
public record Caller(String keyId, String tenant, Set<Role> roles) {

    private static final Caller ANONYMOUS = new Caller(null, null, Set.of());

    /** Copies the roles. */
    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if (keyId != null) {
            Objects.requireNonNull(tenant, "tenant");
        }
    }

    /** The caller without credentials. */
    public static Caller anonymous() {
        return ANONYMOUS;
    }

    /** Whether no credential was given. */
    public boolean isAnonymous() {
        return keyId == null;
    }

    /** Whether the caller holds {@code role} ({@link Role#ADMIN} holds every role). */
    public boolean has(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }

    /** Whether the caller is an operator, who sees every tenant. */
    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Whether the caller may act on what {@code owner} owns: its own tenant, or any tenant for an admin. */
    public boolean owns(String owner) {
        return isAdmin() || (tenant != null && tenant.equals(owner));
    }

    /** For logs: the key id and tenant, never a secret. */
    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : keyId + "@" + tenant;
    }
}
