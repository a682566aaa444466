package io.faasfed.network.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.faasfed.network.Mode;

/**
 * Prints a platform's part of the shared network for people who run the platform themselves: explained text, env
 * lines, or a compose / stack fragment. Built from {@link Wanted}, like the plan, and deterministic: the same input
 * gives the same bytes (lines end with {@code \n}), so the output is golden-tested.
 */
final class ConfigRenderer {

    private static final int WIDTH = 100;

    private ConfigRenderer() {
    }

    static String render(Platform platform, PlatformLayout layout, String network, Mode mode, ConfigFormat format) {
        List<Wanted> wanted = Wanted.of(platform, layout, network, mode);
        return switch (format) {
            case TEXT -> text(platform, network, mode, wanted);
            case ENV -> env(platform, network, mode, wanted);
            case COMPOSE -> compose(platform, network, mode, wanted, true);
        };
    }

    private static String title(Platform platform, String network, Mode mode) {
        return PlatformConfigurator.displayName(platform) + " on the shared network " + network + " (" + mode.label() + " mode)";
    }

    private static String text(Platform platform, String network, Mode mode, List<Wanted> wanted) {
        StringBuilder out = new StringBuilder();
        out.append(title(platform, network, mode)).append("\n\n");
        String limitation = limitation(platform, mode, network);
        if (!limitation.isEmpty()) {
            wrap(out, limitation, "");
            out.append('\n');
        }
        for (Wanted w : wanted) {
            Component c = w.component();
            String who = c.name() + ", the " + PlatformConfigurator.describe(c) + (w.optional() ? " (where it runs)" : "");
            if (w.env().isEmpty()) {
                out.append(who).append(", joins ").append(network).append(" as ").append(c.dnsName()).append(".\n");
            } else {
                out.append(who).append(", joins ").append(network).append(" as ").append(c.dnsName()).append(" and sets:\n");
                w.env().forEach((k, v) -> out.append("    ").append(k).append('=').append(v).append('\n'));
            }
            wrap(out, w.why(), "  ");
            out.append('\n');
        }
        out.append(mode == Mode.SWARM ? "As a stack file fragment:" : "As a compose file fragment:").append("\n\n");
        out.append(compose(platform, network, mode, wanted, false));
        return out.toString();
    }

    private static String env(Platform platform, String network, Mode mode, List<Wanted> wanted) {
        StringBuilder out = new StringBuilder();
        out.append("# faasfed configure ").append(platform.id()).append(": ").append(title(platform, network, mode)).append('\n');
        out.append("# Each component joins ").append(network).append(" under the name given; the lines below go into its "
                + "environment.\n");
        String limitation = limitation(platform, mode, network);
        if (!limitation.isEmpty()) {
            wrap(out, limitation, "# ");
        }
        for (Wanted w : wanted) {
            Component c = w.component();
            out.append('\n');
            out.append("# ").append(c.name()).append(" (").append(PlatformConfigurator.describe(c))
                    .append(w.optional() ? ", where it runs" : "").append("): joins ").append(network).append(" as ")
                    .append(c.dnsName()).append(w.env().isEmpty() ? "; no settings" : "").append('\n');
            w.env().forEach((k, v) -> {
                String comment = Wanted.comment(k, network);
                if (!comment.isEmpty()) {
                    out.append("# ").append(comment).append('\n');
                }
                out.append(k).append('=').append(v).append('\n');
            });
        }
        return out.toString();
    }

    private static String compose(Platform platform, String network, Mode mode, List<Wanted> wanted, boolean header) {
        StringBuilder out = new StringBuilder();
        if (header) {
            out.append("# faasfed configure ").append(platform.id()).append(": ").append(title(platform, network, mode)).append('\n');
        }
        if (mode == Mode.SWARM) {
            out.append("# Merge into your stack file, or deploy it with it: docker stack deploy -c <stack file> -c <this file> "
                    + "<stack>\n");
        } else {
            out.append("# Merge into your compose file, or use it as an override: docker compose -f <compose file> -f "
                    + "<this file> up -d\n");
        }
        out.append("# A service that lists no networks in your file is on \"default\": add \"default: {}\" under its "
                + "networks here.\n");
        if (mode == Mode.SWARM) {
            out.append("version: \"3.8\"\n");
        }
        out.append("services:\n");
        for (Wanted w : wanted) {
            Component c = w.component();
            out.append("  ").append(c.name()).append(":\n");
            out.append("    networks:\n");
            out.append("      ").append(network).append(":\n");
            out.append("        aliases:\n");
            out.append("          - ").append(c.dnsName()).append('\n');
            if (!w.env().isEmpty()) {
                out.append("    environment:\n");
                for (Map.Entry<String, String> e : w.env().entrySet()) {
                    out.append("      ").append(e.getKey()).append(": \"").append(e.getValue()).append("\"\n");
                }
            }
        }
        out.append("networks:\n");
        out.append("  ").append(network).append(":\n");
        out.append("    external: true\n");
        return out.toString();
    }

    private static String limitation(Platform platform, Mode mode, String network) {
        if (platform == Platform.OPENFAAS && mode == Mode.SINGLE_HOST) {
            return "OpenFaaS has no provider for plain Docker: faas-swarm needs Swarm, and faasd puts functions on its own "
                    + "containerd bridge, which cannot join a Docker network. So OpenFaaS functions stay off " + network
                    + "; only the gateway joins it, and other platforms reach OpenFaaS functions through the gateway. For "
                    + "functions on " + network + ", run OpenFaaS on Swarm.";
        }
        return "";
    }

    /** Appends {@code text} wrapped at {@link #WIDTH} columns, each line starting with {@code prefix}. */
    static void wrap(StringBuilder out, String text, String prefix) {
        List<String> line = new ArrayList<>();
        int length = prefix.length();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && length + 1 + word.length() > WIDTH) {
                out.append(prefix).append(String.join(" ", line)).append('\n');
                line.clear();
                length = prefix.length();
            }
            length += (line.isEmpty() ? 0 : 1) + word.length();
            line.add(word);
        }
        if (!line.isEmpty()) {
            out.append(prefix).append(String.join(" ", line)).append('\n');
        }
    }
}
