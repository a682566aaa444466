package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeDetection;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

/**
 * Works out what {@code configure --apply} changes, from what was found; pure, so every rule is unit-tested without an
 * engine. A component not on the network is attached with its DNS name as alias (or given the alias when attached
 * without it); a service whose environment lacks a setting gets it (Swarm rolls its tasks); a container whose
 * environment lacks one is re-created with it, since a running container's environment cannot change.
 */
final class PlatformPlanner {

    private PlatformPlanner() {
    }

    /**
     * The plan, the work behind each change, and what would stop {@code apply}.
     *
     * @param platform the platform
     * @param detection the mode and why
     * @param network the shared network as found
     * @param wanted what each component needs ({@link Wanted#of})
     * @param found the components found, by role; a required one missing is an error
     * @throws SetupException PLATFORM_NOT_FOUND naming every required component not found and the flag that names it;
     *                        NETWORK_CONFLICT when the network is of a kind a component to attach cannot join
     */
    static Planned plan(Platform platform, ModeDetection detection, ExistingNetwork network, List<Wanted> wanted,
                        Map<String, Target> found) {
        requireNonNull(platform, "platform");
        requireNonNull(detection, "detection");
        requireNonNull(network, "network");
        Mode mode = detection.mode();
        List<Wanted> missing = wanted.stream().filter(w -> !w.optional() && !found.containsKey(w.component().role())).toList();
        if (!missing.isEmpty()) {
            throw notFound(platform, mode, missing);
        }
        Set<String> notes = new LinkedHashSet<>();
        notes.add("Mode " + mode.label() + ": " + detection.reason() + ".");
        notes.addAll(platformNotes(platform, mode, network.name()));
        List<Located> located = new ArrayList<>();
        List<Work> work = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        for (Wanted w : wanted) {
            Target target = found.get(w.component().role());
            if (target == null) {
                notes.add(gatewayMissing(platform, mode, w, network.name()));
                continue;
            }
            located.add(target.located());
            Work item = work(w, target, network);
            notes.addAll(targetNotes(platform, w, target, item, network.name()));
            if (!item.changes().isEmpty()) {
                work.add(item);
                blockers.addAll(blockers(item, network.name()));
            }
        }
        checkNetwork(network, work);
        if (work.stream().anyMatch(wk -> wk.target().located().kind() == Located.Kind.SERVICE)) {
            notes.add("Swarm replaces the tasks of each service configure changes (a rolling update, as 'docker service "
                    + "update' does); apply waits until the new tasks run.");
        }
        notes.addAll(blockers);
        List<PlatformChange> changes = work.stream().flatMap(wk -> wk.changes().stream()).toList();
        PlatformPlan plan = new PlatformPlan(platform, mode, network.name(), located, changes, List.copyOf(notes));
        return new Planned(plan, network, work, blockers);
    }

    private static Work work(Wanted wanted, Target target, ExistingNetwork network) {
        Located l = target.located();
        String dns = wanted.component().dnsName();
        boolean attached = l.attachedTo(network.id(), network.name());
        boolean attach = target.canJoin() && !attached;
        boolean addAlias = target.canJoin() && attached && !dns.equals(l.name()) && !target.aliases().contains(dns);
        Map<String, String> env = new TreeMap<>();
        wanted.env().forEach((k, v) -> {
            if (!v.equals(l.env().get(k))) {
                env.put(k, v);
            }
        });
        String role = wanted.component().role();
        String net = network.name();
        List<PlatformChange> changes = new ArrayList<>();
        String settings = assignments(env);
        if (l.kind() == Located.Kind.SERVICE) {
            if (attach) {
                changes.add(new PlatformChange(role, l.name(), PlatformChange.Action.ATTACH,
                        "attach service " + l.name() + " to " + net + " as " + dns));
            } else if (addAlias) {
                changes.add(new PlatformChange(role, l.name(), PlatformChange.Action.ATTACH,
                        "add the alias " + dns + " to service " + l.name() + " on " + net));
            }
            if (!env.isEmpty()) {
                changes.add(new PlatformChange(role, l.name(), PlatformChange.Action.SET_ENV,
                        "set " + settings + " on service " + l.name()));
            }
        } else if (!env.isEmpty()) {
            String joins = attach ? ", on " + net + " as " + dns : addAlias ? ", with the alias " + dns + " on " + net : "";
            changes.add(new PlatformChange(role, l.name(), PlatformChange.Action.RECREATE,
                    "re-create container " + l.name() + " with " + settings + joins
                            + ", keeping everything else it was created with (a container's environment cannot change)"));
        } else if (attach) {
            changes.add(new PlatformChange(role, l.name(), PlatformChange.Action.ATTACH,
                    "connect container " + l.name() + " to " + net + " as " + dns));
        } else if (addAlias) {
            changes.add(new PlatformChange(role, l.name(), PlatformChange.Action.ATTACH,
                    "reconnect container " + l.name() + " to " + net + " with the alias " + dns));
        }
        return new Work(wanted, target, attach, addAlias, env, changes);
    }

    private static void checkNetwork(ExistingNetwork network, List<Work> work) {
        List<String> services = work.stream().filter(w -> w.attach() && w.target().located().kind() == Located.Kind.SERVICE)
                .map(w -> w.target().located().name()).toList();
        if (!services.isEmpty() && !"swarm".equals(network.scope())) {
            throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                    "Network " + network.name() + " is a " + network.driver() + " network of " + network.scope()
                            + " scope: Swarm services (" + String.join(", ", services) + ") can only join a swarm-scoped "
                            + "overlay network.",
                    "Create the shared network in Swarm mode under a free name ('faasfed network apply --mode swarm "
                            + "--network <name>') and configure with --network <name>.");
        }
        List<String> containers = work.stream().filter(w -> w.attach() && w.target().located().kind() == Located.Kind.CONTAINER)
                .map(w -> w.target().located().name()).toList();
        if (!containers.isEmpty() && !network.joinable()) {
            throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                    "Network " + network.name() + " is an overlay network that is not attachable: plain containers ("
                            + String.join(", ", containers) + ") cannot join it.",
                    "Use a network made by 'faasfed network apply' (it is attachable), or re-create " + network.name()
                            + " with 'docker network create --driver overlay --attachable'.");
        }
    }

    private static List<String> blockers(Work work, String network) {
        if (!work.recreate()) {
            return List.of();
        }
        Target t = work.target();
        List<String> out = new ArrayList<>();
        if (t.autoRemove()) {
            out.add("Container " + t.located().name() + " was started with --rm: stopping it would remove it, so configure "
                    + "will not re-create it. Re-create it yourself with " + flags(work.env()) + " and --network " + network
                    + ", or start it without --rm and apply again.");
        }
        if (t.leftover()) {
            out.add("A container called " + t.oldName() + " exists, left by an interrupted re-create of "
                    + t.located().name() + ": check it, remove it ('docker rm " + t.oldName() + "') or rename it back, and "
                    + "apply again.");
        }
        return out;
    }

    private static List<String> platformNotes(Platform platform, Mode mode, String network) {
        return switch (platform) {
            case OPENFAAS -> mode == Mode.SWARM
                    ? List.of("Deploys that bypass faasfed (faas-cli) should pass --network " + network + ": with several "
                            + "networks labelled openfaas=true, faas-swarm refuses a deploy that names none ('network is "
                            + "ambiguous'), and an update that names none may move the function off " + network + ".")
                    : List.of("OpenFaaS has no provider for plain Docker: faas-swarm needs Swarm and faasd puts functions on "
                            + "its own containerd bridge, which cannot join a Docker network. So OpenFaaS functions stay off "
                            + network + "; only the gateway joins it, and other platforms reach OpenFaaS functions through "
                            + "the gateway. For functions on " + network + ", run OpenFaaS on Swarm ('docker swarm init') "
                            + "and configure again.");
            case OPENWHISK -> List.of("With OpenWhisk's Ansible deployment set invoker_container_network_name=" + network
                    + " instead (the same setting); with the Kubernetes container factory pod networking applies instead.");
            case FN -> List.of("Other platforms reach Fn functions only through fnserver on " + network + " (/t/{app}/{trigger}, "
                    + "/invoke/{fn_id}): Fn's function containers have no port and are paused when idle.");
        };
    }

    private static String gatewayMissing(Platform platform, Mode mode, Wanted wanted, String network) {
        Component c = wanted.component();
        String looked = "No faasfed gateway found (looked for a " + kinds(mode) + " called " + names(c.name(), mode) + ")";
        if (wanted.env().isEmpty()) {
            return looked + ": attach it to " + network + " as " + c.dnsName() + " where it runs (functions call it by that "
                    + "name), or name it with --" + ComponentLocator.flag(c) + " so configure does.";
        }
        return looked + ": where it runs, set " + assignments(wanted.env()) + " (property " + Wanted.OPENFAAS_NETWORK_PROPERTY
                + "=" + network + ") so its " + PlatformConfigurator.displayName(platform) + " adapter sends \"network\" on "
                + "every deploy and update, and attach it to " + network + " as " + c.dnsName() + "; or name it with --"
                + ComponentLocator.flag(c) + " so configure does both. (If your configuration calls the OpenFaaS platform "
                + "other than 'openfaas', the variable is FAASFED_PLATFORMS_<ID>_NETWORK.)";
    }

    private static List<String> targetNotes(Platform platform, Wanted wanted, Target target, Work work, String network) {
        List<String> out = new ArrayList<>();
        Located l = target.located();
        String what = l.kind().word() + " " + l.name();
        String role = wanted.component().role();
        if (wanted.optional() && !wanted.env().isEmpty()) {
            out.add("faasfed's " + PlatformConfigurator.displayName(platform) + " adapter must send \"network\": \"" + network
                    + "\" on every deploy and update: configure sets " + assignments(wanted.env()) + " on " + what
                    + " (property " + Wanted.OPENFAAS_NETWORK_PROPERTY + "; if your configuration calls the OpenFaaS "
                    + "platform other than 'openfaas', the variable is FAASFED_PLATFORMS_<ID>_NETWORK).");
        }
        work.env().forEach((key, value) -> {
            String old = l.env().get(key);
            if (old == null || old.isBlank()) {
                return;
            }
            if (key.equals("FN_DOCKER_NETWORKS") && old.trim().split("\\s+").length > 1) {
                out.add("FN_DOCKER_NETWORKS on " + what + " listed several networks ('" + old + "'): Fn gives each function "
                        + "container one of them (whichever has the fewest), so configure sets it to " + value + " alone.");
            } else {
                out.add(key + " on " + what + " was '" + old + "': configure replaces it with '" + value + "'.");
            }
        });
        if (role.equals("fnserver")) {
            String patched = l.env().get("FN_NETWORK");
            if (patched != null) {
                out.add(what + " sets FN_NETWORK='" + patched + "', the variable of the 2018 patched Fn build: upstream "
                        + "fnserver ignores it and reads FN_DOCKER_NETWORKS, which configure sets.");
            }
            String prefork = l.env().get("FN_EXPERIMENTAL_PREFORK_NETWORKS");
            if (prefork != null && !prefork.equals(network)) {
                out.add(what + " sets FN_EXPERIMENTAL_PREFORK_NETWORKS='" + prefork + "': when the pre-fork pool is on it "
                        + "takes precedence over FN_DOCKER_NETWORKS, so set it to " + network + " too or leave the pool off.");
            }
        }
        if ((role.equals("fnserver") || role.equals("invoker")) && !target.dockerSocket()) {
            out.add(what + " has no Docker socket mounted and no DOCKER_HOST: it must start function containers through "
                    + "the engine that has " + network + " (mount /var/run/docker.sock); on Docker-in-Docker they land on "
                    + "the inner engine, where " + network + " does not exist.");
        }
        if (!target.canJoin()) {
            out.add("Container " + l.name() + " uses network mode " + target.networkMode() + ", so it cannot join " + network
                    + " and nothing there reaches it by name; re-create it on a bridge or user-defined network for that.");
        }
        if (!l.running()) {
            out.add(capitalise(what) + " is not running: configure changes it all the same, but nothing reaches it until it runs.");
        }
        if (!work.changes().isEmpty()) {
            String stack = target.labels().get(Target.STACK_LABEL);
            String project = target.labels().get(Target.COMPOSE_LABEL);
            if (stack != null) {
                out.add(capitalise(what) + " belongs to stack " + stack + ": the next 'docker stack deploy' of it undoes what "
                        + "configure changes unless the stack file has it too ('faasfed configure " + platform.id()
                        + "' prints it as a compose fragment).");
            } else if (project != null) {
                out.add(capitalise(what) + " belongs to compose project " + project + ": the next 'docker compose up' that "
                        + "re-creates it undoes what configure changes unless the compose file has it too ('faasfed "
                        + "configure " + platform.id() + "' prints it as a compose fragment).");
            }
        }
        return out;
    }

    private static SetupException notFound(Platform platform, Mode mode, List<Wanted> missing) {
        List<String> what = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (Wanted w : missing) {
            Component c = w.component();
            what.add("the " + PlatformConfigurator.describe(c) + " (a " + kinds(mode) + " called " + names(c.name(), mode) + ")");
            flags.add("--" + ComponentLocator.flag(c) + " <name>");
        }
        String hint = "Start " + (missing.size() == 1 ? "it" : "them") + ", or name " + (missing.size() == 1 ? "its" : "their")
                + " " + kinds(mode) + " with " + String.join(" and ", flags) + ".";
        if (platform == Platform.OPENFAAS && mode == Mode.SINGLE_HOST) {
            hint += " OpenFaaS has no provider for plain Docker: run it on Swarm ('docker swarm init', then its stack) and "
                    + "configure in Swarm mode; faasd is reached through its gateway URL and needs no configure.";
        }
        return new SetupException(SetupProblem.PLATFORM_NOT_FOUND,
                "Not found on this engine: " + String.join("; ", what) + ".", hint);
    }

    private static String kinds(Mode mode) {
        return mode == Mode.SWARM ? "service or container" : "container";
    }

    private static String names(String name, Mode mode) {
        String stack = mode == Mode.SWARM ? "'<stack>_" + name + "', " : "";
        return "'" + name + "', " + stack + "'<project>-" + name + "-<n>' or '<project>_" + name + "_<n>'";
    }

    /** {@code K=V, K2=V2}. */
    static String assignments(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return String.join(", ", out);
    }

    private static String flags(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add("-e " + k + "=" + v));
        return String.join(" ", out);
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * A plan with what carrying it out takes.
     *
     * @param plan the plan as shown
     * @param network the shared network as found
     * @param work one entry per component that changes, in order
     * @param blockers why apply must refuse (a {@code --rm} container to re-create...); empty when it may go ahead
     */
    record Planned(PlatformPlan plan, ExistingNetwork network, List<Work> work, List<String> blockers) {
        Planned {
            requireNonNull(plan, "plan");
            requireNonNull(network, "network");
            work = List.copyOf(work);
            blockers = List.copyOf(blockers);
        }
    }

    /**
     * What changes on one component.
     *
     * @param wanted what it needs
     * @param target what it is now
     * @param attach whether it joins the network (with its DNS name as alias)
     * @param addAlias whether it is on the network without its DNS name and gets it as an alias
     * @param env the settings it lacks, sorted by key
     * @param changes the changes shown for it
     */
    record Work(Wanted wanted, Target target, boolean attach, boolean addAlias, Map<String, String> env,
                List<PlatformChange> changes) {
        Work {
            requireNonNull(wanted, "wanted");
            requireNonNull(target, "target");
            env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
            changes = List.copyOf(changes);
        }

        /** Whether the container is re-created (a service's environment is set by updating it instead). */
        boolean recreate() {
            return target.located().kind() == Located.Kind.CONTAINER && !env.isEmpty();
        }
    }
}
