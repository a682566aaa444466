package io.faasfed.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.faasfed.network.Change;
import io.faasfed.network.DestroyResult;
import io.faasfed.network.EngineState;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.NetworkPlan;
import io.faasfed.network.platform.Located;
import io.faasfed.network.platform.PlatformChange;
import io.faasfed.network.platform.PlatformPlan;
import io.faasfed.network.verify.Check;
import io.faasfed.network.verify.VerifyReport;

/**
 * The results as people read them on stdout. Pure: each method turns a library result into text, so every branch is
 * tested without an engine.
 */
public final class TextReports {

    private static final String INDENT = "  ";

    private TextReports() {
    }

    /** {@code network plan}: the engine, the mode and why, the network as it is, the changes (or none) and notes. */
    public static String plan(NetworkPlan plan) {
        StringBuilder out = new StringBuilder();
        header(out, plan);
        out.append(field("Network")).append(plan.existing().map(TextReports::describe)
                .orElse(plan.spec().name() + " does not exist yet")).append('\n');
        out.append('\n');
        if (plan.upToDate()) {
            out.append("No changes. Network ").append(plan.spec().name()).append(" is already as asked.\n");
        } else {
            out.append(plural(plan.changes().size(), "change")).append(" planned; 'faasfed network apply' with the same "
                    + "options makes ").append(plan.changes().size() == 1 ? "it" : "them").append(":\n");
            plan.changes().forEach(c -> out.append(INDENT).append(sign(c)).append(' ').append(c.description()).append('\n'));
        }
        notes(out, plan.notes());
        return out.toString();
    }

    /** {@code network apply}: the mode and why, what it did (or that nothing was needed), the network afterwards. */
    public static String apply(NetworkPlan done, Optional<ExistingNetwork> after) {
        StringBuilder out = new StringBuilder();
        header(out, done);
        out.append('\n');
        if (done.upToDate()) {
            out.append("No changes. Network ").append(done.spec().name()).append(" was already as asked.\n");
        } else {
            out.append("Applied ").append(plural(done.changes().size(), "change")).append(":\n");
            done.changes().forEach(c -> out.append(INDENT).append(sign(c)).append(' ').append(c.description()).append('\n'));
        }
        after.ifPresent(n -> out.append("Network ").append(describe(n)).append('\n'));
        notes(out, done.notes());
        return out.toString();
    }

    /** {@code network destroy}: what it detached and removed, or that there was nothing of faasfed's. */
    public static String destroy(DestroyResult result) {
        StringBuilder out = new StringBuilder();
        if (result.changes().isEmpty()) {
            out.append("Nothing removed.\n");
        } else {
            out.append("Destroyed network ").append(result.network()).append(":\n");
            result.changes().forEach(c -> out.append(INDENT).append(sign(c)).append(' ').append(c.description()).append('\n'));
        }
        notes(out, result.notes());
        return out.toString();
    }

    /** {@code network verify}: the table, then a summary that names the first failed hop. */
    public static String verify(VerifyReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"HOP", "TARGET", "STATUS", "DETAIL"});
        report.checks().forEach(c -> rows.add(new String[] {c.hop(), c.target(), c.status().name(), c.detail()}));
        StringBuilder out = new StringBuilder();
        out.append("Network ").append(report.network()).append(" (").append(report.mode().label()).append(")\n\n");
        out.append(table(rows)).append('\n');
        out.append(summary(report)).append('\n');
        return out.toString();
    }

    /** The last line of {@link #verify}: all passed, or the first failed hop and what was seen there. */
    public static String summary(VerifyReport report) {
        long passed = report.checks().stream().filter(c -> c.status() == Check.Status.PASS).count();
        long skipped = report.checks().stream().filter(c -> c.status() == Check.Status.SKIPPED).count();
        long failed = report.checks().stream().filter(c -> c.status() == Check.Status.FAIL).count();
        String counts = passed + " passed, " + failed + " failed, " + skipped + " skipped";
        return report.firstFailure()
                .map(f -> "FAILED at hop " + f.hop() + " (" + f.target() + "): " + f.detail() + " [" + counts + "]")
                .orElse("All checks passed on network " + report.network() + " [" + counts + "]");
    }

    /** {@code configure <platform> --plan} or {@code --apply}: the components found and the changes. */
    public static String configure(PlatformPlan plan, boolean applied) {
        StringBuilder out = new StringBuilder();
        out.append(field("Platform")).append(plan.platform().id()).append(" (").append(plan.mode().label()).append(")\n");
        out.append(field("Network")).append(plan.network()).append('\n');
        if (!plan.found().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ROLE", "KIND", "NAME", "STATE", "NETWORKS"});
            for (Located l : plan.found()) {
                rows.add(new String[] {l.component().role(), l.kind().word(), l.name(), l.running() ? "running" : "not running",
                        networks(l)});
            }
            out.append('\n').append(table(rows));
        }
        out.append('\n');
        if (plan.upToDate()) {
            out.append("No changes. ").append(plan.platform().id()).append(applied ? " was" : " is")
                    .append(" already configured for network ").append(plan.network()).append(".\n");
        } else {
            out.append(applied ? "Applied " + plural(plan.changes().size(), "change") + ":\n"
                    : plural(plan.changes().size(), "change") + " planned; add --apply to make "
                    + (plan.changes().size() == 1 ? "it" : "them") + ":\n");
            for (PlatformChange c : plan.changes()) {
                out.append(INDENT).append("~ ").append(c.description()).append('\n');
            }
        }
        notes(out, plan.notes());
        return out.toString();
    }

    /** The networks a component is on, by name: the engine lists a container's both by name and by id. */
    private static String networks(Located located) {
        List<String> names = located.networks().stream().filter(n -> !n.matches("[0-9a-f]{64}")).toList();
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    /** A network in one line: driver, scope, flags, address blocks, whose it is, what is attached. */
    public static String describe(ExistingNetwork n) {
        List<String> parts = new ArrayList<>();
        parts.add(n.driver());
        parts.add(n.scope() + " scope");
        if ("overlay".equals(n.driver())) {
            parts.add(n.attachable() ? "attachable" : "NOT attachable");
        }
        if (n.encrypted()) {
            parts.add("encrypted");
        }
        n.subnets().forEach(b -> parts.add("subnet " + b.subnet() + (b.gateway().isEmpty() ? "" : " (gateway " + b.gateway() + ")")));
        parts.add(n.managed() ? "made by faasfed" : "NOT made by faasfed");
        if (!n.containers().isEmpty()) {
            parts.add(plural(n.containers().size(), "container") + " attached here");
        }
        return n.name() + " (id " + n.shortId() + "): " + String.join(", ", parts);
    }

    /** Columns padded to their widest cell; the last column is not padded. */
    public static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i < columns - 1 ? pad(row[i], widths[i]) + "  " : row[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static void header(StringBuilder out, NetworkPlan plan) {
        EngineState e = plan.engine();
        out.append(field("Engine")).append("Docker ").append(e.serverVersion()).append(" at ").append(e.host())
                .append(" (API ").append(e.maxApiVersion()).append(")\n");
        out.append(field("Mode")).append(plan.detection().mode().label()).append('\n');
        out.append(field("Why")).append(plan.detection().reason()).append('\n');
    }

    private static void notes(StringBuilder out, List<String> notes) {
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n");
            notes.forEach(n -> out.append(INDENT).append("- ").append(n).append('\n'));
        }
    }

    private static String sign(Change change) {
        return switch (change.action()) {
            case INIT_SWARM, CREATE_NETWORK -> "+";
            case REMOVE_NETWORK, REMOVE_PROBE -> "-";
            case DETACH_CONTAINER, DETACH_SERVICE -> "~";
        };
    }

    private static String field(String name) {
        return pad(name + ":", 10);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
