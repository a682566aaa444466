package io.faasfed.cli.output;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.faasfed.network.Change;
import io.faasfed.network.DestroyResult;
import io.faasfed.network.EngineState;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.NetworkPlan;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.ConfigFormat;
import io.faasfed.network.platform.Located;
import io.faasfed.network.platform.PlatformChange;
import io.faasfed.network.platform.PlatformPlan;
import io.faasfed.network.verify.Check;
import io.faasfed.network.verify.VerifyReport;

/**
 * The documents {@code --json} prints: one per command, with field names of their own so that renaming a library
 * record never changes what scripts read. Every document names its {@code command}; absent values are {@code null},
 * lists are never absent. Enum values are written as the library names them ({@code CREATE_NETWORK}, {@code PASS});
 * modes as on the command line ({@code swarm}, {@code single-host}).
 */
public final class JsonViews {

    private JsonViews() {
    }

    /** {@code network plan}. */
    public record PlanDocument(String command, EngineView engine, String mode, String modeReason, boolean initSwarm,
                               RequestedView requested, NetworkView existing, boolean upToDate, List<ChangeView> changes,
                               List<String> notes) {
    }

    /** {@code network apply}: what it did and the network as it is afterwards. */
    public record ApplyDocument(String command, EngineView engine, String mode, String modeReason, boolean changed,
                                List<ChangeView> changes, NetworkView network, List<String> notes) {
    }

    /** {@code network destroy}: what it detached and removed. */
    public record DestroyDocument(String command, String network, boolean changed, List<ChangeView> changes, List<String> notes) {
    }

    /** {@code network verify}: the table and its first failing row. */
    public record VerifyDocument(String command, String network, String mode, boolean passed, List<CheckView> checks,
                                 CheckView firstFailure) {
    }

    /** {@code configure <platform>} without {@code --apply}: the configuration to set by hand. */
    public record RenderDocument(String command, String platform, String mode, String network, String format, String config) {
    }

    /** {@code configure <platform> --plan} or {@code --apply}. */
    public record ConfigureDocument(String command, String platform, String mode, String network, boolean applied,
                                    boolean upToDate, List<ComponentView> found, List<PlatformChangeView> changes,
                                    List<String> notes) {
    }

    /** Any failure: {@code {"error": {...}}}. */
    public record ErrorDocument(ErrorView error) {
    }

    /**
     * A failure.
     *
     * @param problem the {@link SetupProblem} name, or {@code USAGE} / {@code UNEXPECTED}
     * @param exitCode the process's exit code
     * @param message what was found
     * @param hint how to fix it; empty when there is nothing to add
     */
    public record ErrorView(String problem, int exitCode, String message, String hint) {
    }

    /** The engine a command talked to. */
    public record EngineView(String host, String version, String apiVersion, String swarmRole, String swarmState,
                             String nodeId) {
    }

    /** The network asked for. */
    public record RequestedView(String name, String subnet, String gateway, boolean encrypted, boolean adopt) {
    }

    /** A network as the engine describes it. */
    public record NetworkView(String id, String name, String driver, String scope, boolean attachable, boolean managed,
                              boolean encrypted, Map<String, String> labels, List<SubnetView> subnets,
                              List<AttachmentView> containers) {
    }

    /** One address block. */
    public record SubnetView(String subnet, String gateway) {
    }

    /** One container attached to a network. */
    public record AttachmentView(String id, String name, String address) {
    }

    /** One change, made or planned. */
    public record ChangeView(String action, String target, String description) {
    }

    /** One row of the verify table. */
    public record CheckView(String hop, String target, String status, String detail) {
    }

    /** A platform component found on the engine. */
    public record ComponentView(String role, String kind, String id, String name, boolean running, List<String> networks) {
    }

    /** One change to a platform component. */
    public record PlatformChangeView(String role, String target, String action, String description) {
    }

    /** The plan document. */
    public static PlanDocument plan(NetworkPlan plan) {
        return new PlanDocument("network plan", engine(plan.engine()), plan.detection().mode().label(),
                plan.detection().reason(), plan.detection().initSwarm(), requested(plan.spec()),
                plan.existing().map(JsonViews::network).orElse(null), plan.upToDate(), changes(plan.changes()), plan.notes());
    }

    /** The apply document; {@code after} is the network read back once the changes were made. */
    public static ApplyDocument apply(NetworkPlan done, Optional<ExistingNetwork> after) {
        return new ApplyDocument("network apply", engine(done.engine()), done.detection().mode().label(),
                done.detection().reason(), !done.upToDate(), changes(done.changes()), after.map(JsonViews::network).orElse(null),
                done.notes());
    }

    /** The destroy document. */
    public static DestroyDocument destroy(DestroyResult result) {
        return new DestroyDocument("network destroy", result.network(), !result.changes().isEmpty(), changes(result.changes()),
                result.notes());
    }

    /** The verify document. */
    public static VerifyDocument verify(VerifyReport report) {
        return new VerifyDocument("network verify", report.network(), report.mode().label(), report.passed(),
                report.checks().stream().map(JsonViews::check).toList(), report.firstFailure().map(JsonViews::check).orElse(null));
    }

    /** The document of a printed configuration. */
    public static RenderDocument render(String platform, String mode, String network, ConfigFormat format, String config) {
        return new RenderDocument("configure " + platform, platform, mode, network, format.name().toLowerCase(java.util.Locale.ROOT),
                config);
    }

    /** The document of a platform plan, or of what apply did. */
    public static ConfigureDocument configure(PlatformPlan plan, boolean applied) {
        return new ConfigureDocument("configure " + plan.platform().id(), plan.platform().id(), plan.mode().label(),
                plan.network(), applied, plan.upToDate(), plan.found().stream().map(JsonViews::component).toList(),
                plan.changes().stream().map(JsonViews::platformChange).toList(), plan.notes());
    }

    /** The error document. */
    public static ErrorDocument error(String problem, int exitCode, String message, String hint) {
        return new ErrorDocument(new ErrorView(problem, exitCode, message, hint == null ? "" : hint));
    }

    static EngineView engine(EngineState state) {
        return new EngineView(state.host(), state.serverVersion(), state.maxApiVersion(),
                state.swarmRole().name().toLowerCase(java.util.Locale.ROOT), state.swarmState(), state.nodeId());
    }

    static RequestedView requested(NetworkSpec spec) {
        return new RequestedView(spec.name(), spec.subnet().map(Object::toString).orElse(null), spec.gateway().orElse(null),
                spec.encrypted(), spec.adopt());
    }

    static NetworkView network(ExistingNetwork network) {
        return new NetworkView(network.id(), network.name(), network.driver(), network.scope(), network.attachable(),
                network.managed(), network.encrypted(), new TreeMap<>(network.labels()),
                network.subnets().stream().map(b -> new SubnetView(b.subnet(), b.gateway())).toList(),
                network.containers().stream().map(a -> new AttachmentView(a.id(), a.name(), a.address())).toList());
    }

    static List<ChangeView> changes(List<Change> changes) {
        return changes.stream().map(c -> new ChangeView(c.action().name(), c.target(), c.description())).toList();
    }

    static CheckView check(Check check) {
        return new CheckView(check.hop(), check.target(), check.status().name(), check.detail());
    }

    static ComponentView component(Located located) {
        return new ComponentView(located.component().role(), located.kind().word(), located.id(), located.name(),
                located.running(), located.networks());
    }

    static PlatformChangeView platformChange(PlatformChange change) {
        return new PlatformChangeView(change.role(), change.target(), change.action().name(), change.description());
    }
}
