package io.faasfed.cli.output;

import java.util.List;

import io.faasfed.network.stack.ServiceStatus;
import io.faasfed.network.stack.StackPlan;

/** The {@code stack} commands' results as text and as JSON documents. Pure. */
public final class StackReports {

    private StackReports() {
    }

    /** {@code stack plan} (or, {@code done}, {@code stack deploy}): one line per object and what is (was) done to it. */
    public static String plan(StackPlan plan, boolean done) {
        StringBuilder out = new StringBuilder();
        out.append("Stack:    ").append(plan.stack()).append('\n').append('\n');
        for (StackPlan.Change change : plan.changes()) {
            String sign = switch (change.action()) {
                case CREATE -> "+";
                case UPDATE -> "~";
                case UNCHANGED -> "=";
            };
            String verb = switch (change.action()) {
                case CREATE -> done ? "created" : "create";
                case UPDATE -> done ? "updated" : "update";
                case UNCHANGED -> "unchanged";
            };
            out.append("  ").append(sign).append(' ').append(verb).append(' ').append(change.kind()).append(' ')
                    .append(change.name());
            if (!change.detail().isEmpty()) {
                out.append(" (").append(change.detail()).append(')');
            }
            out.append('\n');
        }
        out.append('\n');
        if (!plan.changed()) {
            out.append("No changes. Stack ").append(plan.stack()).append(" is already as the files say.\n");
        } else if (!done) {
            out.append("'faasfed stack deploy' with the same files makes these changes.\n");
        }
        return out.toString();
    }

    /** {@code stack status}: one line per service. */
    public static String status(String stack, List<ServiceStatus> statuses) {
        if (statuses.isEmpty()) {
            return "Stack " + stack + " has no services.\n";
        }
        StringBuilder out = new StringBuilder("Stack:    ").append(stack).append("\n\n");
        for (ServiceStatus s : statuses) {
            out.append("  ").append(s.converged() ? "ok  " : "WAIT").append(' ').append(s.name()).append(' ')
                    .append(s.running()).append('/').append(s.desired()).append(" running  ").append(s.image());
            if (!s.lastError().isEmpty()) {
                out.append("\n       last task error: ").append(s.lastError());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code stack rm}: what was removed. */
    public static String removed(String stack, List<String> removed) {
        if (removed.isEmpty()) {
            return "Nothing of stack " + stack + " to remove.\n";
        }
        StringBuilder out = new StringBuilder("Removed from stack ").append(stack).append(":\n");
        removed.forEach(r -> out.append("  - ").append(r).append('\n'));
        return out.toString();
    }

    /** The JSON of {@code stack plan} and {@code stack deploy}. */
    public record PlanDocument(String command, String stack, boolean changed, List<StackPlan.Change> changes) {
    }

    /** The JSON of {@code stack status}. */
    public record StatusDocument(String command, String stack, List<ServiceStatus> services) {
    }

    /** The JSON of {@code stack rm}. */
    public record RemovedDocument(String command, String stack, List<String> removed) {
    }

    /** {@code stack plan} or {@code stack deploy} as JSON. */
    public static PlanDocument planDocument(String command, StackPlan plan) {
        return new PlanDocument(command, plan.stack(), plan.changed(), plan.changes());
    }

    /** {@code stack status} as JSON. */
    public static StatusDocument statusDocument(String stack, List<ServiceStatus> statuses) {
        return new StatusDocument("stack status", stack, statuses);
    }

    /** {@code stack rm} as JSON. */
    public static RemovedDocument removedDocument(String stack, List<String> removed) {
        return new RemovedDocument("stack rm", stack, removed);
    }
}
