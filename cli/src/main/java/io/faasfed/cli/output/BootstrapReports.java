package io.faasfed.cli.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.faasfed.cli.output.BootstrapReport.SecretOutcome;
import io.faasfed.network.stack.ServiceReadiness;
import io.faasfed.network.stack.StackPlan;

/** {@code faasfed bootstrap}'s result as text and as one JSON document. Pure. */
public final class BootstrapReports {

    private static final String INDENT = "  ";

    private BootstrapReports() {
    }

    /** The summary: each step's outcome, then where the gateway is, the admin key, and what to run next. */
    public static String text(BootstrapReport r, String stack) {
        StringBuilder out = new StringBuilder();
        String network = r.network().spec().name();
        if (r.dryRun()) {
            out.append("Dry run: nothing was changed. 'faasfed bootstrap' with the same options would:\n\n");
        }
        out.append("Network:  ").append(network).append(DASH);
        if (r.network().upToDate()) {
            out.append(r.dryRun() ? "exists as asked: no change" : "no change");
        } else {
            out.append(r.dryRun() ? "to do: " : "done: ").append(String.join("; ",
                    r.network().changes().stream().map(c -> c.description()).toList()));
        }
        out.append('\n');
        r.networkAfter().ifPresent(n -> out.append("          ").append(TextReports.describe(n)).append('\n'));

        out.append("Secrets:").append(r.secrets().isEmpty() ? "  the files name no external secret\n" : "\n");
        List<String[]> rows = new ArrayList<>();
        for (SecretOutcome s : r.secrets()) {
            String verb = s.action() == SecretOutcome.Action.KEEP ? "= kept" : r.dryRun() ? "+ create" : "+ created";
            rows.add(new String[] {INDENT + verb, s.name(), s.detail().isEmpty() ? s.kind() : s.kind() + "; " + s.detail()});
        }
        if (!rows.isEmpty()) {
            out.append(TextReports.table(rows));
        }

        out.append("Stack:    ").append(stack).append(DASH).append(stackSummary(r.stack(), r.dryRun())).append('\n');
        for (StackPlan.Change c : r.stack().changes()) {
            if (!c.kind().equals("service")) {
                continue;
            }
            String sign = switch (c.action()) {
                case CREATE -> r.dryRun() ? "+ create " : "+ created ";
                case UPDATE -> r.dryRun() ? "~ update " : "~ updated ";
                case UNCHANGED -> "= unchanged ";
            };
            out.append(INDENT).append(sign).append(c.name()).append(c.detail().isEmpty() ? "" : " (" + c.detail() + ")")
                    .append('\n');
        }
        if (!r.services().isEmpty()) {
            out.append("Ready:\n");
            List<String[]> ready = new ArrayList<>();
            for (ServiceReadiness s : r.services()) {
                ready.add(new String[] {INDENT + s.name(), s.describe()});
            }
            out.append(TextReports.table(ready));
        }
        if (!r.dryRun()) {
            out.append("Verify:   ").append(r.verify().map(TextReports::summary).orElse("skipped (--skip-verify)")).append('\n');
        }

        out.append('\n');
        if (r.dryRun()) {
            out.append(r.changed() ? "Run it without --dry-run to make these changes.\n"
                    : "No changes: the federation is already as the files say.\n");
            return out.toString();
        }
        out.append(r.changed() ? "The federation runs.\n" : "No changes: the federation already ran as the files say.\n");
        r.gatewayUrl().ifPresent(url -> out.append(INDENT).append("Gateway:        ").append(url).append(" (on network ")
                .append(network).append(")\n"));
        r.hostAccess().ifPresent(h -> out.append(INDENT).append("From this host: ").append(h.replace("\n",
                "\n" + INDENT + " ".repeat("From this host: ".length()))).append('\n'));
        if (!r.adminKeyNote().isEmpty()) {
            out.append(INDENT).append("Admin key:      ").append(r.adminKeyNote()).append('\n');
        }
        out.append("Next:\n");
        List<String[]> next = new ArrayList<>();
        next(stack, network).forEach((command, why) -> next.add(new String[] {INDENT + command, why}));
        out.append(TextReports.table(next));
        return out.toString();
    }

    private static final String DASH = " \u2014 ";

    private static String stackSummary(StackPlan plan, boolean dryRun) {
        long create = plan.changes().stream().filter(c -> c.action() == StackPlan.Action.CREATE).count();
        long update = plan.changes().stream().filter(c -> c.action() == StackPlan.Action.UPDATE).count();
        if (create + update == 0) {
            return "no change";
        }
        return dryRun ? create + " to create, " + update + " to update" : create + " created, " + update + " updated";
    }

    /** The commands that come next: watch, remove the stack, remove the network. */
    static Map<String, String> next(String stack, String network) {
        String s = "faasfed".equals(stack) ? "" : " --stack " + stack;
        String n = "faasnet".equals(network) ? "" : " --network " + network;
        Map<String, String> next = new LinkedHashMap<>();
        next.put("faasfed stack status" + s, "how the services run");
        next.put("faasfed stack rm" + s, "remove the stack and the secrets bootstrap made (the network stays)");
        next.put("faasfed network destroy" + n, "remove the network, once the stack is gone");
        return next;
    }

    /** The JSON of {@code bootstrap}. */
    public record Document(String command, boolean dryRun, boolean changed, JsonViews.PlanDocument networkPlan,
                           JsonViews.NetworkView network, List<SecretOutcome> secrets, String adminKeyFile,
                           StackReports.PlanDocument stack, List<ServiceReadiness> services, JsonViews.VerifyDocument verify,
                           String gatewayUrl, String hostAccess, List<String> next) {
    }

    /** {@code bootstrap} as JSON. */
    public static Document document(BootstrapReport r, String stack) {
        return new Document("bootstrap", r.dryRun(), r.changed(), JsonViews.plan(r.network()),
                r.networkAfter().map(JsonViews::network).orElse(null), r.secrets(), r.adminKeyFile(),
                StackReports.planDocument(r.dryRun() ? "stack plan" : "stack deploy", r.stack()), r.services(),
                r.verify().map(JsonViews::verify).orElse(null), r.gatewayUrl().orElse(null), r.hostAccess().orElse(null),
                List.copyOf(next(stack, r.network().spec().name()).keySet()));
    }
}
