package io.faasfed.gateway.invoke;

import io.faasfed.adapter.api.FaasException;

/**
 * A request path below {@code /function/} taken apart: {@code /function/echo.openfaas-fn/a/b} is function
 * {@code echo} in namespace {@code openfaas-fn} with extra path {@code /a/b}. As the OpenFaaS gateway does, the name
 * and namespace are split on the last dot; the compat API's default namespace means the default scope.
 *
 * @param name      the function's name
 * @param scope     the namespace asked for, or null for the default scope
 * @param extraPath the raw (still encoded) path after the name: empty or starting with '/'
 */
public record FunctionPath(String name, String scope, String extraPath) {

    /**
     * Parses the raw path of a request under {@code prefix} (e.g. {@code /function/}).
     *
     * @param rawPath          the request's raw path
     * @param prefix           the route prefix, ending with '/'
     * @param defaultNamespace the namespace that means the default scope
     * @throws FaasException.FunctionNotFound when the path names no function
     */
    public static FunctionPath parse(String rawPath, String prefix, String defaultNamespace) {
        int start = prefix.length();
        if (rawPath.length() < start) {
            throw new FaasException.FunctionNotFound(null, "(none: the path names no function, expected "
                    + prefix + "{name})");
        }
        int slash = rawPath.indexOf('/', start);
        String qualified = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
        String extra = slash < 0 ? "" : rawPath.substring(slash);
        if (qualified.isEmpty()) {
            throw new FaasException.FunctionNotFound(null, "(none: the path names no function, expected "
                    + prefix + "{name})");
        }
        int dot = qualified.lastIndexOf('.');
        if (dot < 0) {
            return new FunctionPath(qualified, null, extra);
        }
        String name = qualified.substring(0, dot);
        String namespace = qualified.substring(dot + 1);
        return new FunctionPath(name, namespace.isEmpty() || namespace.equals(defaultNamespace) ? null : namespace,
                extra);
    }
}
