package io.faasfed.gateway.ratelimit;

import java.util.Locale;

/** What kind of request a route serves, for limits and for what happens when the limits' store fails. */
public enum RouteClass {
    /** Calls to functions: {@code /function/**}, {@code /async-function/**}. */
    INVOKE,
    /** Writes to functions: deploy, update, scale, delete. */
    DEPLOY,
    /** Keys and the audit log. */
    ADMIN,
    /** Every other read. */
    VIEW;

    /** The class's name in configuration and metrics: {@code invoke}, {@code deploy}, {@code admin}, {@code view}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
