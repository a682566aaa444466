package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Decides the mode from what the engine is and what was asked for, and says why. */
public final class ModeDetector {

    private ModeDetector() {
    }

    /**
     * The mode of a command that only looks at what is there ({@code verify}, {@code configure}): as {@code plan}
     * decides it, with no swarm initialised.
     *
     * @throws SetupException when {@code choice} asks for Swarm and this engine is not a manager
     */
    public static ModeDetection detect(EngineState state, ModeChoice choice) {
        requireNonNull(state, "state");
        requireNonNull(choice, "choice");
        return detect(state, new NetworkRequest(NetworkSpec.defaults(), choice, false, Optional.empty()));
    }

    static ModeDetection detect(EngineState state, NetworkRequest request) {
        SwarmRole role = state.swarmRole();
        return switch (request.mode()) {
            case SINGLE_HOST -> new ModeDetection(Mode.SINGLE_HOST, "--mode single-host was given: a bridge network on this engine"
                    + (role == SwarmRole.MANAGER ? " (it is a Swarm manager, but services cannot join a bridge network)" : ""), false);
            case SWARM -> swarm(state, request, "--mode swarm was given");
            case AUTO -> switch (role) {
                case MANAGER -> new ModeDetection(Mode.SWARM, "this engine is a Swarm manager (node " + shortNode(state)
                        + "): an attachable overlay network, which services and plain containers on every node can join", false);
                case NONE -> request.initSwarm()
                        ? swarm(state, request, "--init-swarm was given")
                        : new ModeDetection(Mode.SINGLE_HOST, "this engine is in no swarm: a bridge network on this host "
                                + "(run 'docker swarm init' first, or pass --init-swarm, for an overlay across nodes)", false);
                case WORKER -> throw new SetupException(SetupProblem.NOT_A_SWARM_MANAGER,
                        "This engine is a Swarm worker: overlay networks and services can only be created on a manager.",
                        "Point DOCKER_HOST (or --host) at a manager node, or use --mode single-host for a bridge network here.");
                case UNAVAILABLE -> unavailable(state);
            };
        };
    }

    private static ModeDetection swarm(EngineState state, NetworkRequest request, String because) {
        return switch (state.swarmRole()) {
            case MANAGER -> new ModeDetection(Mode.SWARM, because + " and this engine is a Swarm manager (node "
                    + shortNode(state) + ")", false);
            case NONE -> {
                if (!request.initSwarm()) {
                    throw Engine.notASwarmManager("it is in no swarm", null);
                }
                yield new ModeDetection(Mode.SWARM, because + ": this engine, in no swarm yet, becomes a single-node "
                        + "Swarm manager", true);
            }
            case WORKER -> throw new SetupException(SetupProblem.NOT_A_SWARM_MANAGER,
                    "This engine is a Swarm worker: overlay networks and services can only be created on a manager.",
                    "Point DOCKER_HOST (or --host) at a manager node.");
            case UNAVAILABLE -> unavailable(state);
        };
    }

    private static ModeDetection unavailable(EngineState state) {
        throw new SetupException(SetupProblem.NOT_A_SWARM_MANAGER,
                "This engine's swarm is " + state.swarmState() + ": nothing Swarm-scoped can be created until that is resolved.",
                "See 'docker info' (a locked swarm needs 'docker swarm unlock'; a pending join must finish or be left with "
                        + "'docker swarm leave').");
    }

    private static String shortNode(EngineState state) {
        String id = state.nodeId();
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
