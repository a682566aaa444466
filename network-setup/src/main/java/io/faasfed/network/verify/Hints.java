package io.faasfed.network.verify;

import io.faasfed.network.NetworkSpec;
import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.ComponentLocator;
import io.faasfed.network.platform.Located;

/** How to fix what a verify row found: the sentence that follows a FAIL row's finding. */
final class Hints {

    private Hints() {
    }

    /** {@code faasfed network apply}, naming the network when it is not the default. */
    static String apply(String network) {
        return "faasfed network apply" + networkFlag(network);
    }

    /** {@code faasfed network destroy}, naming the network when it is not the default. */
    static String destroy(String network) {
        return "faasfed network destroy" + networkFlag(network);
    }

    private static String networkFlag(String network) {
        return NetworkSpec.DEFAULT_NAME.equals(network) ? "" : " --network " + network;
    }

    /** What the table calls a component: {@code openfaas gateway}, {@code faasfed gateway}. */
    static String label(Component component) {
        return component.platform().map(p -> p.id() + " " + component.role()).orElse("faasfed gateway");
    }

    /** For a component that was not found. */
    static String notFound(Component component, boolean services) {
        String name = component.name();
        return "No " + (services ? "service or container" : "container") + " is called " + name + ", <stack>_" + name
                + " or <project>-" + name + "-<n>. Start it, or give its name with --" + ComponentLocator.flag(component)
                + " NAME.";
    }

    /** For a component that does not run. */
    static String notRunning(Located located) {
        if (located.kind() == Located.Kind.SERVICE) {
            return "Service " + located.name() + " has no running task. 'docker service ps --no-trunc " + located.name()
                    + "' says why.";
        }
        return "Container " + located.name() + " is not running. Start it ('docker start " + located.name()
                + "'); 'docker logs " + located.name() + "' says why it stopped.";
    }

    /** For a component that is not on the network. */
    static String notAttached(Located located, String network) {
        Component component = located.component();
        String configure = component.platform().map(p -> "'faasfed configure " + p.id() + " --apply" + networkFlag(network)
                + "' attaches it, or by hand: ").orElse("Attach it: ");
        String byHand = located.kind() == Located.Kind.SERVICE
                ? "'docker service update --network-add name=" + network + ",alias=" + component.dnsName() + " "
                        + located.name() + "'."
                : "'docker network connect --alias " + component.dnsName() + " " + network + " " + located.name() + "'.";
        return located.kind().word().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + located.kind().word().substring(1)
                + " " + located.name() + " is not attached to " + network + ". " + configure + byHand;
    }

    /** For a DNS name nothing on the network answers to. */
    static String noSuchName(Located located, String network) {
        Component component = located.component();
        String byHand = located.kind() == Located.Kind.SERVICE
                ? "'docker service update --network-rm " + network + " --network-add name=" + network + ",alias="
                        + component.dnsName() + " " + located.name() + "'"
                : "'docker network disconnect " + network + " " + located.name() + " && docker network connect --alias "
                        + component.dnsName() + " " + network + " " + located.name() + "'";
        return "Give " + located.kind().word() + " " + located.name() + " the alias " + component.dnsName() + " on "
                + network + ": " + byHand + ".";
    }

    /** The finding of a row's detail, without the hint after it (for one-line progress). */
    static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end);
    }

    /** For a probe image without the tools the probe runs. */
    static String probeImage() {
        return "Pass --probe-image with an image that has sh, nslookup and wget (busybox has all three).";
    }
}
