package io.faasfed.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Works out a {@link NetworkPlan} from the engine's networks: pure, so every branch is unit-tested. */
final class NetworkPlanner {

    private NetworkPlanner() {
    }

    static NetworkPlan plan(EngineState state, ModeDetection detection, NetworkSpec spec, List<ExistingNetwork> all) {
        return plan(state, detection, spec, Optional.empty(), all);
    }

    /** As above; {@code advertiseAddress} becomes the target of the {@code swarm init} change, which apply sends. */
    static NetworkPlan plan(EngineState state, ModeDetection detection, NetworkSpec spec, Optional<String> advertiseAddress,
                            List<ExistingNetwork> all) {
        Mode mode = detection.mode();
        if (spec.encrypted() && mode != Mode.SWARM) {
            throw new SetupException(SetupProblem.INVALID_INPUT,
                    "--encrypted needs an overlay network, and this is " + mode.label() + " mode (" + detection.reason() + ").",
                    "Leave --encrypted out, or run against a Swarm manager (or with --init-swarm).");
        }
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (detection.initSwarm()) {
            changes.add(new Change(Change.Action.INIT_SWARM, advertiseAddress.orElse(""),
                    "initialise a single-node swarm on this engine (docker swarm init"
                            + advertiseAddress.map(a -> " --advertise-addr " + a).orElse("") + ")"));
        }
        List<ExistingNetwork> named = all.stream().filter(n -> n.name().equals(spec.name())).toList();
        Optional<ExistingNetwork> existing = Optional.empty();
        if (named.size() > 1) {
            throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                    named.size() + " networks are called " + spec.name() + " (" + String.join(", ",
                            named.stream().map(n -> n.shortId() + " " + n.driver() + "/" + n.scope()).toList())
                            + "): containers and services could join either.",
                    "Remove the ones you do not need ('docker network rm <id>'), or pick another name with --network.");
        } else if (named.size() == 1) {
            ExistingNetwork network = named.get(0);
            existing = Optional.of(network);
            check(network, spec, mode);
            if (!network.managed()) {
                notes.add("Network " + spec.name() + " was not created by faasfed; it is used as it is (--adopt) and "
                        + "'faasfed network destroy' will leave it.");
            }
        } else {
            spec.subnet().ifPresent(subnet -> overlap(subnet, all));
            changes.add(new Change(Change.Action.CREATE_NETWORK, spec.name(), "create " + describe(spec, mode)));
        }
        all.stream()
                .filter(n -> !n.name().equals(spec.name()) && "true".equals(n.labels().get(Labels.OPENFAAS)))
                .forEach(n -> notes.add("Network " + n.name() + " is labelled " + Labels.OPENFAAS + "=true too: faas-swarm "
                        + "refuses deploys that name no network as ambiguous. faasfed's OpenFaaS adapter always names "
                        + spec.name() + " (faasfed.platforms.<id>.network); give faas-cli '--network " + spec.name() + "'."));
        return new NetworkPlan(state, detection, spec, existing, changes, notes);
    }

    private static void check(ExistingNetwork network, NetworkSpec spec, Mode mode) {
        String name = spec.name();
        String fixByRemoving = "Remove it ('docker network rm " + name + "', after detaching what uses it) and run apply again, "
                + "or pick another name with --network.";
        if (!mode.driver().equals(network.driver())) {
            throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                    "Network " + name + " exists but is a " + network.driver() + " network (" + network.scope()
                            + " scope); " + mode.label() + " mode needs " + (mode == Mode.SWARM ? "an attachable overlay" : "a bridge") + ".",
                    fixByRemoving);
        }
        if (mode == Mode.SWARM && !network.attachable()) {
            throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                    "Network " + name + " exists but is not attachable: services can join it, but the containers Fn and "
                            + "OpenWhisk start for each function cannot.",
                    "A network's attachable flag cannot be changed. " + fixByRemoving);
        }
        if (!network.managed() && !spec.adopt()) {
            throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                    "Network " + name + " exists but was not created by faasfed (it has no label " + Labels.MANAGED_BY + "="
                            + Labels.FAASFED + ").",
                    "Pass --adopt to use it as it is (faasfed will then never remove it), or pick another name with --network.");
        }
        spec.subnet().ifPresent(subnet -> {
            boolean same = network.subnets().stream().anyMatch(b -> b.subnet().equals(subnet.cidr()));
            if (!same) {
                throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                        "Network " + name + " exists with subnet " + (network.subnets().isEmpty() ? "(none reported)"
                                : String.join(", ", network.subnets().stream().map(ExistingNetwork.Block::subnet).toList()))
                                + ", not " + subnet + ".",
                        "A network's subnet cannot be changed: leave --subnet out to keep it, or destroy and apply again.");
            }
        });
        spec.gateway().ifPresent(gateway -> {
            boolean same = network.subnets().stream().anyMatch(b -> b.gateway().equals(gateway));
            if (!same) {
                throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                        "Network " + name + " exists with another gateway, not " + gateway + ".",
                        "A network's gateway cannot be changed: leave --gateway out to keep it, or destroy and apply again.");
            }
        });
        if (spec.encrypted() && !network.encrypted()) {
            throw new SetupException(SetupProblem.NETWORK_CONFLICT,
                    "Network " + name + " exists but is not encrypted.",
                    "Encryption cannot be switched on for an existing network: destroy and apply again with --encrypted.");
        }
    }

    private static void overlap(Subnet subnet, List<ExistingNetwork> all) {
        for (ExistingNetwork network : all) {
            for (ExistingNetwork.Block block : network.subnets()) {
                Subnet other;
                try {
                    other = Subnet.parse(block.subnet());
                } catch (SetupException unparsable) {
                    continue;
                }
                if (subnet.overlaps(other)) {
                    throw new SetupException(SetupProblem.SUBNET_OVERLAP,
                            "The subnet " + subnet + " overlaps " + other + " of network " + network.name() + " ("
                                    + network.driver() + ", id " + network.shortId() + ").",
                            "Pick a block that no network uses ('docker network inspect' shows theirs), or leave --subnet "
                                    + "out and let Docker pick one.");
                }
            }
        }
    }

    static String describe(NetworkSpec spec, Mode mode) {
        StringBuilder out = new StringBuilder(mode == Mode.SWARM ? "attachable overlay network " : "bridge network ")
                .append(spec.name());
        List<String> details = new ArrayList<>();
        details.add(spec.subnet().map(s -> "subnet " + s).orElse("subnet chosen by Docker"));
        spec.gateway().ifPresent(g -> details.add("gateway " + g));
        if (spec.encrypted()) {
            details.add("encrypted");
        }
        details.add("labels " + Labels.OPENFAAS + "=true, " + Labels.MANAGED_BY + "=" + Labels.FAASFED);
        return out.append(" (").append(String.join("; ", details)).append(")").toString();
    }
}
