package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class UnreachableHintTest {

    @Test
    void theDefaultSocketMissingSaysToStartDockerOrPointDockerHostElsewhere() {
        SetupException e = Engine.unreachable(new IOException("No such file or directory"), DockerEndpoint.of(DockerEndpoint.DEFAULT_HOST));

        assertThat(e.problem()).isEqualTo(SetupProblem.DOCKER_UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("No Docker engine answers at unix:///var/run/docker.sock (No such file or directory).");
        assertThat(e.hint()).startsWith("Start the Docker engine (dockerd), or, if it listens elsewhere, point DOCKER_HOST")
                .contains("rootless");
    }

    @Test
    void aSocketThisUserMayNotUseSaysSoInsteadOfSuggestingToStartDocker() {
        SetupException e = Engine.unreachable(new RuntimeException(new IOException("Permission denied")),
                DockerEndpoint.of(DockerEndpoint.DEFAULT_HOST));

        assertThat(e.getMessage()).contains("(Permission denied)");
        assertThat(e.hint()).contains("'docker' group").doesNotContain("Start the Docker engine");
    }

    @Test
    void anotherSocketMissingSaysToCheckItOrUnsetDockerHost() {
        SetupException e = Engine.unreachable(new IOException("No such file or directory"), DockerEndpoint.of("unix:///srv/d.sock"));

        assertThat(e.hint()).contains("unset DOCKER_HOST");
    }
}
