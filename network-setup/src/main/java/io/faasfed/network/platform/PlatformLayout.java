package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each platform's components run and what they are called: the defaults of the reference stacks (OpenFaaS'
 * {@code func_gateway} and {@code func_faas-swarm}, OpenWhisk's {@code controller} and {@code invoker}, Fn's
 * {@code fnserver}, faasfed's {@code faasfed}), each overridable from the command line. Immutable.
 */
public final class PlatformLayout {

    /** The faasfed gateway's role name. */
    public static final String FAASFED_GATEWAY = "faasfed-gateway";

    private final Map<String, Component> components;

    private PlatformLayout(Map<String, Component> components) {
        this.components = Map.copyOf(components);
    }

    /**
     * The reference layout. Sources of the defaults: OpenFaaS' Swarm stack ({@code docker stack deploy func}: services
     * {@code gateway} and {@code faas-swarm}, gateway health at {@code :8080/healthz}); OpenWhisk's controller
     * ({@code :8888/ping}) and invoker; Fn's server ({@code :8080/version}); and CONTRACTS.md §4 for the settings.
     */
    public static PlatformLayout defaults() {
        Map<String, Component> map = new LinkedHashMap<>();
        put(map, new Component(Optional.of(Platform.OPENFAAS), "gateway", "gateway", "gateway", 8080, "/healthz", Map.of()));
        put(map, new Component(Optional.of(Platform.OPENFAAS), "faas-swarm", "faas-swarm", "faas-swarm", 8080, "/healthz",
                Map.of()));
        put(map, new Component(Optional.of(Platform.OPENWHISK), "controller", "controller", "controller", 8888, "/ping",
                Map.of()));
        put(map, new Component(Optional.of(Platform.OPENWHISK), "invoker", "invoker", "invoker", 0, "",
                Map.of("CONFIG_whisk_containerFactory_containerArgs_network", Component.NETWORK_PLACEHOLDER)));
        put(map, new Component(Optional.of(Platform.FN), "fnserver", "fnserver", "fnserver", 8080, "/version",
                Map.of("FN_DOCKER_NETWORKS", Component.NETWORK_PLACEHOLDER)));
        put(map, new Component(Optional.empty(), FAASFED_GATEWAY, "faasfed", "faasfed", 8080, "/healthz", Map.of()));
        return new PlatformLayout(map);
    }

    private static void put(Map<String, Component> map, Component component) {
        map.put(component.role(), component);
    }

    /** The components of {@code platform}, in the order they are configured. */
    public List<Component> components(Platform platform) {
        List<Component> out = new ArrayList<>();
        components.values().stream().filter(c -> c.platform().equals(Optional.of(platform))).forEach(out::add);
        out.sort(java.util.Comparator.comparingInt(c -> order(c.role())));
        return out;
    }

    /** The faasfed gateway. */
    public Component faasfedGateway() {
        return components.get(FAASFED_GATEWAY);
    }

    /** The component with that role. */
    public Component component(String role) {
        Component c = components.get(role);
        if (c == null) {
            throw new IllegalArgumentException("no component with role '" + role + "' (expected one of " + components.keySet() + ")");
        }
        return c;
    }

    /** This layout with the component of {@code role} replaced. */
    public PlatformLayout with(Component component) {
        requireNonNull(component, "component");
        component(component.role());
        Map<String, Component> map = new LinkedHashMap<>(components);
        map.put(component.role(), component);
        return new PlatformLayout(map);
    }

    private static int order(String role) {
        return List.of("gateway", "faas-swarm", "controller", "invoker", "fnserver", FAASFED_GATEWAY).indexOf(role);
    }
}
