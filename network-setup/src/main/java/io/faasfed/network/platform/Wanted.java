package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.faasfed.network.Mode;

/**
 * What one component needs so that a platform's functions join the shared network, and why (CONTRACTS.md §4): the
 * one source of both {@link PlatformConfigurator#plan what configure changes} and
 * {@link PlatformConfigurator#render what it prints}, so the two never disagree.
 *
 * @param component the component
 * @param optional whether configure goes on without it (the faasfed gateway, which may run elsewhere)
 * @param env the environment it needs, network name filled in, sorted by key
 * @param why one or two sentences for people: why it joins the network and what the settings do
 */
record Wanted(Component component, boolean optional, Map<String, String> env, String why) {

    /** The faasfed gateway's setting that makes its OpenFaaS adapter send {@code network} on every deploy and update. */
    static final String OPENFAAS_NETWORK_ENV = "FAASFED_PLATFORMS_OPENFAAS_NETWORK";

    /** The same setting as a Spring property. */
    static final String OPENFAAS_NETWORK_PROPERTY = "faasfed.platforms.openfaas.network";

    Wanted {
        requireNonNull(component, "component");
        env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
        requireNonNull(why, "why");
    }

    /** A short comment on one setting, for the env format; empty when the setting needs none. */
    static String comment(String key, String network) {
        return switch (key) {
            case "FN_DOCKER_NETWORKS" -> "exactly one network: with several, Fn spreads function containers across them";
            case "CONFIG_whisk_containerFactory_containerArgs_network" ->
                    "with OpenWhisk's Ansible deployment: invoker_container_network_name=" + network;
            case OPENFAAS_NETWORK_ENV -> "property " + OPENFAAS_NETWORK_PROPERTY + ": sent as \"network\" on every OpenFaaS "
                    + "deploy and update";
            default -> "";
        };
    }

    /** The components configure puts on {@code network} for {@code platform} in {@code mode}, in order, the faasfed gateway last. */
    static List<Wanted> of(Platform platform, PlatformLayout layout, String network, Mode mode) {
        requireNonNull(platform, "platform");
        requireNonNull(layout, "layout");
        requireNonNull(network, "network");
        requireNonNull(mode, "mode");
        List<Wanted> out = new ArrayList<>();
        for (Component c : layout.components(platform)) {
            if (platform == Platform.OPENFAAS && mode == Mode.SINGLE_HOST && c.role().equals("faas-swarm")) {
                continue;
            }
            out.add(new Wanted(c, false, c.envFor(network), why(platform, c, network, mode)));
        }
        Component gateway = layout.faasfedGateway();
        Map<String, String> gatewayEnv = new TreeMap<>(gateway.envFor(network));
        String why = "Functions call the faasfed gateway by the name " + gateway.dnsName() + " on " + network + ".";
        if (platform == Platform.OPENFAAS && mode == Mode.SWARM) {
            gatewayEnv.put(OPENFAAS_NETWORK_ENV, network);
            why += " faas-swarm puts each function on exactly one network: the one a deploy or update names, else the "
                    + "first network labelled openfaas=true, picked again on every update. With " + OPENFAAS_NETWORK_ENV
                    + " (property " + OPENFAAS_NETWORK_PROPERTY + ") faasfed's OpenFaaS adapter names " + network
                    + " on every deploy and update.";
        }
        out.add(new Wanted(gateway, true, gatewayEnv, why));
        return out;
    }

    private static String why(Platform platform, Component c, String network, Mode mode) {
        return switch (c.role()) {
            case "gateway" -> mode == Mode.SWARM
                    ? "The OpenFaaS gateway calls functions directly by service name (direct_functions), so it must be on "
                            + "the network they run on."
                    : "Other platforms reach OpenFaaS functions through the gateway, so it joins " + network + ".";
            case "faas-swarm" -> "faas-swarm resolves function services by Swarm DNS, so it must run on the network it puts "
                    + "functions on.";
            case "controller" -> "Attached for convenience: the faasfed gateway and 'faasfed network verify' reach the "
                    + "controller by name.";
            case "invoker" -> "The invoker starts each action container with 'docker run --network " + network
                    + "' and calls it by its IP there, so it must be on " + network + " itself. With OpenWhisk's Ansible "
                    + "deployment set invoker_container_network_name=" + network + " instead of this variable.";
            case "fnserver" -> "fnserver starts every function container on the network FN_DOCKER_NETWORKS names; it must "
                    + "name exactly one (with several, Fn spreads containers across them). Fn function containers have "
                    + "no port, so other platforms reach Fn functions only through fnserver on " + network
                    + " (/t/{app}/{trigger}, /invoke/{fn_id}).";
            default -> "Part of " + PlatformConfigurator.displayName(platform) + ".";
        };
    }
}
