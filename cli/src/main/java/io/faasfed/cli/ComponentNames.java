package io.faasfed.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.ComponentLocator;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformLayout;
import picocli.CommandLine.Option;

/**
 * The service or container name of every component faasfed looks for, one flag each, named as
 * {@link ComponentLocator#flag} names them in its hints. A name matches exactly, as a stack's {@code <stack>_<name>}, or
 * as a compose project's {@code <project>_<name>_<n>} / {@code <project>-<name>-<n>}.
 */
final class ComponentNames {

    @Option(names = "--openfaas-gateway", paramLabel = "NAME",
            description = "OpenFaaS' gateway service or container (default: gateway, so func_gateway matches).")
    String openfaasGateway;

    @Option(names = "--openfaas-faas-swarm", paramLabel = "NAME",
            description = "OpenFaaS' faas-swarm provider (default: faas-swarm).")
    String openfaasFaasSwarm;

    @Option(names = "--openwhisk-controller", paramLabel = "NAME",
            description = "OpenWhisk's controller (default: controller).")
    String openwhiskController;

    @Option(names = "--openwhisk-invoker", paramLabel = "NAME",
            description = "OpenWhisk's invoker (default: invoker).")
    String openwhiskInvoker;

    @Option(names = "--fn-server", paramLabel = "NAME", description = "Fn's server (default: fnserver).")
    String fnServer;

    @Option(names = "--gateway-name", paramLabel = "NAME",
            description = "The faasfed gateway's service or container (default: faasfed).")
    String gatewayName;

    /** The flags given, by {@link ComponentLocator#flag} name. */
    Map<String, String> given() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("openfaas-gateway", openfaasGateway);
        out.put("openfaas-faas-swarm", openfaasFaasSwarm);
        out.put("openwhisk-controller", openwhiskController);
        out.put("openwhisk-invoker", openwhiskInvoker);
        out.put("fn-server", fnServer);
        out.put("gateway-name", gatewayName);
        return out;
    }

    /** The reference layout with the names given here. */
    PlatformLayout layout() {
        PlatformLayout layout = PlatformLayout.defaults();
        Map<String, String> given = given();
        for (Component component : components(layout)) {
            String flag = ComponentLocator.flag(component);
            if (!given.containsKey(flag)) {
                throw new IllegalStateException("no --" + flag + " option for component " + component.role()
                        + ": add it to ComponentNames");
            }
            String name = given.get(flag);
            if (name != null && !name.isBlank()) {
                layout = layout.with(component.named(name.trim()));
            }
        }
        return layout;
    }

    /** Every component of the layout: each platform's, then the faasfed gateway. */
    static List<Component> components(PlatformLayout layout) {
        List<Component> all = new java.util.ArrayList<>();
        for (Platform platform : Platform.values()) {
            all.addAll(layout.components(platform));
        }
        all.add(layout.faasfedGateway());
        return all;
    }
}
