package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.openwhisk.ActionExecutor.Resolved;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one emulated controller holds: the key's namespace, its actions and packages (by {@code [pkg/]name}) and the
 * most recent activation records. Shared by the API classes of this package; the maps are safe to use from any thread.
 */
final class WhiskState {

    private static final int MAX_ACTIVATIONS = 10_000;

    private final EmulatorOptions options;
    private final Credentials credentials;
    private final String namespace;
    private final Map<String, ObjectNode> actions = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> packages = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> activations = new LinkedHashMap<>();

    WhiskState(EmulatorOptions options, Credentials credentials, String namespace) {
        this.options = options;
        this.credentials = credentials;
        this.namespace = namespace;
    }

    EmulatorOptions options() {
        return options;
    }

    Credentials credentials() {
        return credentials;
    }

    String namespace() {
        return namespace;
    }

    Map<String, ObjectNode> actions() {
        return actions;
    }

    Map<String, ObjectNode> packages() {
        return packages;
    }

    /** The stored action for a path's {@code pkg} (may be {@code null}) and {@code name}, if any. */
    ObjectNode action(String pkg, String name) {
        return actions.get(actionKey(pkg, name));
    }

    /** The package an action is in, {@code null} for none. */
    ObjectNode packageOf(ObjectNode action) {
        String entityNamespace = action.path("namespace").asString();
        int slash = entityNamespace.indexOf('/');
        return slash < 0 ? null : packages.get(entityNamespace.substring(slash + 1));
    }

    /** An action with its package. */
    Resolved resolved(ObjectNode action) {
        return new Resolved(action, packageOf(action));
    }

    /** Finds a fully qualified {@code /ns/[pkg/]name}, {@code _} standing for the key's namespace. */
    Optional<Resolved> resolveFullyQualified(String path) {
        String[] parts = path.substring(1).split("/");
        if (parts.length < 2 || !("_".equals(parts[0]) || namespace.equals(parts[0]))) {
            return Optional.empty();
        }
        String key = parts.length == 2 ? parts[1] : parts[1] + '/' + parts[2];
        return Optional.ofNullable(actions.get(key)).map(this::resolved);
    }

    /** Keeps an activation record, forgetting the oldest beyond a bound. */
    void storeActivation(ObjectNode record) {
        synchronized (activations) {
            activations.put(record.path("activationId").asString(), record);
            if (activations.size() > MAX_ACTIVATIONS) {
                String eldest = activations.keySet().iterator().next();
                activations.remove(eldest);
            }
        }
    }

    ObjectNode activation(String id) {
        synchronized (activations) {
            return activations.get(id);
        }
    }

    List<ObjectNode> activations() {
        synchronized (activations) {
            return new ArrayList<>(activations.values());
        }
    }

    static String actionKey(String pkg, String name) {
        return pkg == null ? name : pkg + '/' + name;
    }
}
