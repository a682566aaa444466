package io.faasfed.adapter.api;

/**
 * Which function a call means on one platform: its name, the scope it lives in, and the platform's own id for it.
 * Adapters use every part they are given on every call: a given scope is never replaced by the configured default
 * one, and a given backend id is used instead of resolving the name again.
 *
 * @param name      the function's name
 * @param scope     where on the platform it lives (OpenFaaS namespace, OpenWhisk package, Fn app); null for the
 *                  platform's default scope ({@link FaasPlatform#defaultScope()} names it)
 * @param backendId the platform's own id of the function when it has one (Fn's function id); else null
 */
public record FunctionRef(String name, String scope, String backendId) {

    /** Requires a name; blank scope and backend id become null. */
    public FunctionRef {
        Checks.notBlank("name", name);
        scope = scope == null || scope.isBlank() ? null : scope;
        backendId = backendId == null || backendId.isBlank() ? null : backendId;
    }

    /** The function {@code name} in the platform's default scope, without a backend id. */
    public static FunctionRef of(String name) {
        return new FunctionRef(name, null, null);
    }

    /** The function {@code name} in {@code scope} (null: the default scope), without a backend id. */
    public static FunctionRef of(String name, String scope) {
        return new FunctionRef(name, scope, null);
    }

    /** Whether the reference means the platform's default scope. */
    public boolean inDefaultScope() {
        return scope == null;
    }

    /** {@code name}, or {@code name.scope} outside the default scope, as OpenFaaS writes it. */
    public String qualified() {
        return scope == null ? name : name + "." + scope;
    }

    @Override
    public String toString() {
        return backendId == null ? qualified() : qualified() + " (" + backendId + ")";
    }
}
