package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every pair of {@code --mode} and swarm role, with and without {@code --init-swarm}. */
class ModeDetectorTest {

    private static EngineState engine(SwarmRole role, String swarmState) {
        return new EngineState("unix:///var/run/docker.sock", "20.10.24", "1.41", role, swarmState,
                role == SwarmRole.NONE ? "" : "n0de1d0f7h15m4n4g3r");
    }

    private static NetworkRequest request(ModeChoice mode, boolean initSwarm) {
        return new NetworkRequest(NetworkSpec.defaults(), mode, initSwarm, Optional.empty());
    }

    @ParameterizedTest(name = "--mode {0}, {1}, init-swarm {2} -> {3}, init {4}: {5}")
    @CsvSource(delimiter = '|', textBlock = """
            AUTO        | MANAGER | false | SWARM       | false | this engine is a Swarm manager (node n0de1d0f7h15)
            AUTO        | MANAGER | true  | SWARM       | false | this engine is a Swarm manager
            AUTO        | NONE    | false | SINGLE_HOST | false | this engine is in no swarm: a bridge network on this host
            AUTO        | NONE    | true  | SWARM       | true  | --init-swarm was given: this engine, in no swarm yet, becomes a single-node
            SWARM       | MANAGER | false | SWARM       | false | --mode swarm was given and this engine is a Swarm manager
            SWARM       | NONE    | true  | SWARM       | true  | --mode swarm was given: this engine, in no swarm yet
            SINGLE_HOST | MANAGER | false | SINGLE_HOST | false | (it is a Swarm manager, but services cannot join a bridge network)
            SINGLE_HOST | NONE    | true  | SINGLE_HOST | false | --mode single-host was given: a bridge network on this engine
            SINGLE_HOST | WORKER  | false | SINGLE_HOST | false | --mode single-host was given
            SINGLE_HOST | UNAVAILABLE | false | SINGLE_HOST | false | --mode single-host was given
            """)
    void decidesAndSaysWhy(ModeChoice choice, SwarmRole role, boolean initSwarm, Mode mode, boolean init, String reason) {
        ModeDetection detection = ModeDetector.detect(engine(role, role == SwarmRole.NONE ? "inactive" : "active"),
                request(choice, initSwarm));

        assertThat(detection.mode()).isEqualTo(mode);
        assertThat(detection.initSwarm()).isEqualTo(init);
        assertThat(detection.reason()).contains(reason);
    }

    @ParameterizedTest(name = "--mode {0}, {1} ({2}), init-swarm {3}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            SWARM | NONE        | inactive | false | it is in no swarm                         | docker swarm init
            AUTO  | WORKER      | active   | true  | This engine is a Swarm worker              | at a manager node
            SWARM | WORKER      | active   | false | This engine is a Swarm worker              | at a manager node
            AUTO  | UNAVAILABLE | locked   | false | This engine's swarm is locked              | docker swarm unlock
            SWARM | UNAVAILABLE | pending  | true  | This engine's swarm is pending             | docker swarm leave
            AUTO  | UNAVAILABLE | error    | true  | This engine's swarm is error               | docker info
            """)
    void refusesWhatIsNoManagerWithAHint(ModeChoice choice, SwarmRole role, String state, boolean initSwarm, String message,
                                         String hint) {
        assertThatThrownBy(() -> ModeDetector.detect(engine(role, state), request(choice, initSwarm)))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NOT_A_SWARM_MANAGER);
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.hint()).contains(hint);
                });
    }
}
