package io.faasfed.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformLayout;
import io.faasfed.network.stack.StackDefinition;
import io.faasfed.network.stack.StackNetwork;
import io.faasfed.network.stack.StackService;

/**
 * What {@code bootstrap} verifies, read from the stack it deployed: each platform component of the reference layout
 * that the stack runs, under its service name ({@code <stack>_<service>}) and its alias on the shared network; the
 * platforms that have at least one such component (they must be there); the faasfed gateway when the stack runs it.
 * A component the stack does not run (the upstream parts {@code local.yml} scales to zero, an emulator standing in for
 * them) is checked as the platform's first component that does run.
 *
 * @param layout the layout verify looks for
 * @param platforms the platforms the stack runs
 * @param gateway the faasfed gateway as the stack runs it; empty when it does not
 */
record BootstrapTargets(PlatformLayout layout, Set<Platform> platforms, Optional<Component> gateway) {

    BootstrapTargets {
        requireNonNull(layout, "layout");
        platforms = platforms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(platforms));
        requireNonNull(gateway, "gateway");
    }

    static BootstrapTargets of(StackDefinition definition, String stack, String network) {
        PlatformLayout layout = PlatformLayout.defaults();
        Set<Platform> platforms = EnumSet.noneOf(Platform.class);
        for (Platform platform : Platform.values()) {
            List<Component> components = layout.components(platform);
            List<Component> running = new ArrayList<>();
            for (Component c : components) {
                deployed(definition, stack, network, c).ifPresent(running::add);
            }
            if (running.isEmpty()) {
                continue;
            }
            platforms.add(platform);
            for (Component c : components) {
                Component standIn = running.get(0);
                layout = layout.with(deployed(definition, stack, network, c)
                        .orElse(c.named(standIn.name()).reachableAs(standIn.dnsName())));
            }
        }
        Optional<Component> gateway = deployed(definition, stack, network, layout.faasfedGateway());
        if (gateway.isPresent()) {
            layout = layout.with(gateway.get());
        }
        return new BootstrapTargets(layout, platforms, gateway);
    }

    /** The gateway's URL on the shared network ({@code http://faasfed:8080}). */
    Optional<String> gatewayUrl() {
        return gateway.map(g -> "http://" + g.dnsName() + ":" + g.port());
    }

    /** {@code component} as the stack runs it, when it runs at least one task of it. */
    private static Optional<Component> deployed(StackDefinition definition, String stack, String network, Component component) {
        StackService service = definition.services().get(component.dnsName());
        if (service == null) {
            service = definition.services().get(component.name());
        }
        if (service == null || service.replicas() == 0) {
            return Optional.empty();
        }
        return Optional.of(component.named(stack + "_" + service.name()).reachableAs(alias(definition, service, network)));
    }

    /** The name the service is called by on {@code network}: its first alias there, else its name. */
    static String alias(StackDefinition definition, StackService service, String network) {
        for (StackService.NetworkAttachment attachment : service.networks().values()) {
            StackNetwork declared = definition.networks().get(attachment.key());
            String name = declared == null ? attachment.key() : declared.name();
            if (name.equals(network) && !attachment.aliases().isEmpty()) {
                return attachment.aliases().get(0);
            }
        }
        return service.name();
    }
}
