package io.faasfed.cli.output;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.NetworkPlan;
import io.faasfed.network.stack.ServiceReadiness;
import io.faasfed.network.stack.StackPlan;
import io.faasfed.network.verify.VerifyReport;

/**
 * What {@code faasfed bootstrap} did (or, with {@code --dry-run}, would do), step by step.
 *
 * @param dryRun whether nothing was changed
 * @param network the network step's plan (carried out unless a dry run)
 * @param networkAfter the network as read back after the step; empty on a dry run
 * @param secrets each external secret of the files and what happened to it
 * @param adminKeyFile the admin key file's path as given
 * @param adminKeyNote what the summary says about the admin key (where it is)
 * @param stack the stack step's plan (carried out unless a dry run)
 * @param services each service once ready; empty on a dry run
 * @param verify the verify table; empty with {@code --skip-verify} or on a dry run
 * @param gatewayUrl the faasfed gateway's URL on the network; empty when the stack does not run it
 * @param hostAccess how to reach the gateway from this host; empty when the stack does not run it
 */
public record BootstrapReport(boolean dryRun, NetworkPlan network, Optional<ExistingNetwork> networkAfter,
                              List<SecretOutcome> secrets, String adminKeyFile, String adminKeyNote, StackPlan stack,
                              List<ServiceReadiness> services, Optional<VerifyReport> verify, Optional<String> gatewayUrl,
                              Optional<String> hostAccess) {

    public BootstrapReport {
        requireNonNull(network, "network");
        requireNonNull(networkAfter, "networkAfter");
        secrets = List.copyOf(secrets);
        requireNonNull(adminKeyFile, "adminKeyFile");
        adminKeyNote = adminKeyNote == null ? "" : adminKeyNote;
        requireNonNull(stack, "stack");
        services = List.copyOf(services);
        requireNonNull(verify, "verify");
        requireNonNull(gatewayUrl, "gatewayUrl");
        requireNonNull(hostAccess, "hostAccess");
    }

    /** Whether anything was (would be) created or updated. */
    public boolean changed() {
        return !network.upToDate() || stack.changed() || secrets.stream().anyMatch(s -> s.action() == SecretOutcome.Action.CREATE);
    }

    /**
     * One external secret: never its value.
     *
     * @param key its key in the files
     * @param name its name on the engine
     * @param kind what it holds
     * @param action created (or to be created) or kept
     * @param detail where its value came from or why it was kept
     */
    public record SecretOutcome(String key, String name, String kind, Action action, String detail) {

        public SecretOutcome {
            requireNonNull(key, "key");
            requireNonNull(name, "name");
            requireNonNull(kind, "kind");
            requireNonNull(action, "action");
            detail = detail == null ? "" : detail;
        }

        /** What is done to it. */
        public enum Action {
            /** It did not exist and was (would be) created. */
            CREATE,
            /** It exists and is kept as it is. */
            KEEP
        }
    }
}
