package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.ComponentLocator;
import io.faasfed.network.platform.PlatformLayout;
import picocli.CommandLine;

class HelpTest {

    private static final List<String> COMPONENT_FLAGS = ComponentNames.components(PlatformLayout.defaults()).stream()
            .map(c -> "--" + ComponentLocator.flag(c)).toList();

    @Test
    void rootHelpNamesTheCommandsTheGlobalOptionsAndEveryExitCode() {
        Cli.Result help = Cli.run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: faasfed", "network", "configure", "stack", "bootstrap", "images", "generate-completion",
                "--host", "--json", "--no-progress", "--verbose", "--version", "DOCKER_HOST", "Exit codes:", "Examples:");
        for (SetupProblem problem : SetupProblem.values()) {
            assertThat(help.out()).as("exit code of " + problem).containsPattern("(?m)^  " + problem.exitCode() + " ");
        }
        assertThat(help.out()).containsPattern("(?m)^  0 ");
        assertThat(help.err()).isEmpty();
    }

    static Stream<Arguments> commandsAndTheirOptions() {
        List<String> request = List.of("--network", "--mode", "--init-swarm", "--advertise-addr", "--subnet", "--gateway",
                "--encrypted", "--adopt");
        List<String> verify = Stream.concat(Stream.of("--network", "--mode", "--platform", "--require-gateway",
                "--probe-image", "--timeout", "busybox:1.36"), COMPONENT_FLAGS.stream()).toList();
        List<String> configure = Stream.concat(Stream.of("--network", "--mode", "--apply", "--plan", "--format"),
                COMPONENT_FLAGS.stream()).toList();
        return Stream.of(
                Arguments.of(List.of("network"), List.of("plan", "apply", "verify", "destroy")),
                Arguments.of(List.of("network", "plan"), request),
                Arguments.of(List.of("network", "apply"), request),
                Arguments.of(List.of("network", "verify"), verify),
                Arguments.of(List.of("network", "destroy"), List.of("--network", "--force")),
                Arguments.of(List.of("configure"), List.of("openfaas", "openwhisk", "fn")),
                Arguments.of(List.of("configure", "openfaas"), configure),
                Arguments.of(List.of("configure", "openwhisk"), configure),
                Arguments.of(List.of("configure", "fn"), configure),
                Arguments.of(List.of("bootstrap"), List.of("--network", "--mode", "--init-swarm", "--subnet",
                        "--compose-file", "--compose-dir", "--local-images", "--env-file", "--stack", "--admin-key-file",
                        "--timeout", "--skip-verify", "--probe-image", "--dry-run", "Examples:")),
                Arguments.of(List.of("images"), List.of("build")),
                Arguments.of(List.of("images", "build"), List.of("--source", "--version", "--jdk", "--only", "jre",
                        "gateway", "emulators", "redis", "busybox", "Examples:")),
                Arguments.of(List.of("generate-completion"), List.of("Usage: faasfed generate-completion")));
    }

    @ParameterizedTest(name = "faasfed {0} --help")
    @MethodSource("commandsAndTheirOptions")
    void eachCommandsHelpNamesItsOptionsAndFitsEightyColumns(List<String> command, List<String> expected) {
        String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);

        Cli.Result help = Cli.run(args);

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains(expected).contains("--help").contains("--host", "--json");
        assertThat(help.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @Test
    void rootHelpFitsEightyColumnsToo() {
        assertThat(Cli.run("--help").out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @Test
    void everyComponentOfTheLayoutHasTheFlagItsHintsName() {
        CommandLine commandLine = FaasfedCli.commandLine(context());
        for (List<String> path : List.of(List.of("network", "verify"), List.of("configure", "openfaas"),
                List.of("configure", "openwhisk"), List.of("configure", "fn"))) {
            CommandLine sub = commandLine.getSubcommands().get(path.get(0)).getSubcommands().get(path.get(1));
            for (Component component : ComponentNames.components(PlatformLayout.defaults())) {
                String flag = "--" + ComponentLocator.flag(component);
                assertThat(sub.getCommandSpec().findOption(flag)).as(path + " " + flag).isNotNull();
            }
        }
    }

    @Test
    void componentFlagsRenameTheComponentsTheyName() {
        ComponentNames names = new ComponentNames();
        names.fnServer = "my_fnserver";
        names.gatewayName = "fft-echo";

        PlatformLayout layout = names.layout();

        assertThat(layout.component("fnserver").name()).isEqualTo("my_fnserver");
        assertThat(layout.component("fnserver").dnsName()).isEqualTo("fnserver");
        assertThat(layout.faasfedGateway().name()).isEqualTo("fft-echo");
        assertThat(layout.component("invoker").name()).isEqualTo("invoker");
    }

    @Test
    void versionNamesTheBuildTheEngineApiAndJava() {
        Cli.Result version = Cli.run("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("faasfed ").contains("Engine API 1.41", "Java ");
        assertThat(version.out()).doesNotContain("null");
    }

    private static CliContext context() {
        return new CliContext(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()),
                false, java.util.Map.of());
    }
}
