package io.faasfed.adapter.openwhisk.internal;

import java.util.regex.Pattern;

/**
 * An action's name inside the configured namespace: {@code name}, or {@code pkg/name} for an action in a package.
 *
 * @param pkg  the package, or null for an action directly in the namespace
 * @param name the action's own name
 */
public record ActionName(String pkg, String name) {

    /** The controller's entity-name rule (WhiskEntity names). */
    private static final Pattern ENTITY = Pattern.compile("[\\w]|[\\w][\\w@ .-]*[\\w@.-]+");

    /** Validates both parts against the controller's naming rule. */
    public ActionName {
        check("package", pkg, true);
        check("name", name, false);
    }

    private static void check(String field, String value, boolean optional) {
        if (value == null && optional) {
            return;
        }
        if (value == null || value.length() > 256 || !ENTITY.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": " + (value == null ? null : '"' + value + '"')
                    + " (expected: an OpenWhisk entity name: letters, digits, '_', '@', '.', '-' or spaces, starting "
                    + "with a letter, digit or '_', at most 256 characters)");
        }
    }

    /**
     * Parses {@code qualified} ({@code name} or {@code pkg/name}); a plain name takes {@code scope} as its package.
     *
     * @throws IllegalArgumentException when the name has more than one '/', or a part breaks the naming rule
     */
    public static ActionName parse(String qualified, String scope) {
        if (qualified == null) {
            throw new IllegalArgumentException("name: null (expected: name or package/name)");
        }
        int slash = qualified.indexOf('/');
        if (slash < 0) {
            return new ActionName(scope == null || scope.isBlank() ? null : scope, qualified);
        }
        if (qualified.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("name: \"" + qualified + "\" (expected: name or package/name; the "
                    + "namespace comes from the platform's configuration)");
        }
        return new ActionName(qualified.substring(0, slash), qualified.substring(slash + 1));
    }

    /** {@code pkg/name}, or {@code name} when not in a package. */
    public String qualified() {
        return pkg == null ? name : pkg + '/' + name;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
