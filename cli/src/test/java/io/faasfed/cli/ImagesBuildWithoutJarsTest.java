package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faasfed images build} in a folder that is not a built checkout: it says which jar is missing and how to build
 * it, before it connects to any engine (the host given here answers nothing).
 */
class ImagesBuildWithoutJarsTest {

    private static final String NO_ENGINE = "unix:///nonexistent/faasfed-test.sock";

    @Test
    void aCheckoutWithoutTheGatewayJarIsAUsageErrorSayingHowToBuildIt(@TempDir Path source) {
        Cli.Result run = Cli.run("images", "build", "--host", NO_ENGINE, "--source", source.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("federation-gateway-*-exec.jar").contains("./mvnw -q -DskipTests package");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void onlyTheEmulatorsNeedsTheirJarAndSaysWhichOneIsMissing(@TempDir Path source) throws Exception {
        Files.createDirectories(source.resolve("integration-tests/emulators/target"));

        Cli.Result run = Cli.run("images", "build", "--host", NO_ENGINE, "--source", source.toString(),
                "--only", "emulators");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("faasfed-emulators.jar").contains("--source");
    }

    @Test
    void anUnknownImageNameIsAUsageErrorListingTheKnownOnes() {
        Cli.Result run = Cli.run("images", "build", "--host", NO_ENGINE, "--only", "nginx");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nginx").contains("jre").contains("gateway");
    }
}
