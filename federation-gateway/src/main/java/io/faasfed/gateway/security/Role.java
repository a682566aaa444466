package io.faasfed.gateway.security;

import java.util.Locale;

/**
 * What a credential may do. {@link #ADMIN} is the operator's role: it includes every other role, in every tenant,
 * and alone manages keys, platforms and the audit log.
 */
public enum Role {
    /** Call functions ({@code /function/**}, {@code /async-function/**}). */
    INVOKE,
    /** Create, update, scale and delete functions. */
    DEPLOY,
    /** Read functions, platforms, calls, metrics and the API description. */
    VIEW,
    /** Everything, in every tenant; manage keys; read the audit log. */
    ADMIN;

    /** The role's name in documents and configuration: {@code invoke}, {@code deploy}, {@code view}, {@code admin}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /**
     * The role named {@code value} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the roles when there is no such role
     */
    public static Role of(String value) {
        for (Role role : values()) {
            if (role.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a role (expected one of: invoke, deploy, view, "
                + "admin)");
    }
}
