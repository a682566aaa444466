package io.faasfed.gateway.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a write did. A refused write keeps the action it attempted and gets the outcome
 * {@link AuditOutcome#DENIED}, so "who tried to delete x" is one filter, not two.
 */
public enum AuditAction {
    /** A function was created. */
    FUNCTION_DEPLOY,
    /** An existing function was changed in place, on the platform that serves it. */
    FUNCTION_UPDATE,
    /** A name moved to another platform inside its tenant (deploying it elsewhere replaced the serving placement). */
    FUNCTION_MOVE,
    /** A function was deleted. */
    FUNCTION_DELETE,
    /** A function's replica count was set. */
    FUNCTION_SCALE,
    /** An API key was created. */
    KEY_CREATE,
    /** An API key's secret was replaced. */
    KEY_ROTATE,
    /** An API key was revoked. */
    KEY_REVOKE,
    /** A composition was created or replaced. */
    COMPOSITION_SAVE,
    /** A composition was deleted. */
    COMPOSITION_DELETE;

    /**
     * The action named {@code value}: its name in any case, with '-' or '.' allowed for '_'
     * ({@code function-deploy}, {@code FUNCTION_DEPLOY}).
     *
     * @throws IllegalArgumentException naming the actions when there is no such action
     */
    public static AuditAction of(String value) {
        String normal = value == null ? "" : value.trim().replace('-', '_').replace('.', '_')
                .toUpperCase(Locale.ROOT);
        for (AuditAction action : values()) {
            if (action.name().equals(normal)) {
                return action;
            }
        }
        throw new IllegalArgumentException("'" + value + "' (expected one of: " + names() + ")");
    }

    /** Every action's name, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
