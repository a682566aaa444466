package io.faasfed.network.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

import io.faasfed.network.Mode;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

class PlatformConfigRenderTest {

    private static final PlatformLayout LAYOUT = PlatformLayout.defaults();

    private static String render(Platform platform, Mode mode, ConfigFormat format) {
        return PlatformConfigurator.render(platform, LAYOUT, "faasnet", mode, format);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void fnEnvNamesExactlyTheOneNetworkOnFnserverAndSaysWhy() {
        String env = render(Platform.FN, Mode.SWARM, ConfigFormat.ENV);

        assertThat(lines(env)).containsSubsequence(
                "# fnserver (Fn server): joins faasnet as fnserver",
                "# exactly one network: with several, Fn spreads function containers across them",
                "FN_DOCKER_NETWORKS=faasnet",
                "# faasfed (faasfed gateway, where it runs): joins faasnet as faasfed; no settings");
        assertThat(lines(env).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList())
                .containsExactly("FN_DOCKER_NETWORKS=faasnet");
    }

    @Test
    void openWhiskEnvSetsTheInvokersContainerNetworkAndNamesTheAnsibleVariable() {
        String env = render(Platform.OPENWHISK, Mode.SWARM, ConfigFormat.ENV);

        assertThat(lines(env)).containsSubsequence(
                "# controller (OpenWhisk controller): joins faasnet as controller; no settings",
                "# invoker (OpenWhisk invoker): joins faasnet as invoker",
                "# with OpenWhisk's Ansible deployment: invoker_container_network_name=faasnet",
                "CONFIG_whisk_containerFactory_containerArgs_network=faasnet");
        assertThat(lines(env).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList())
                .containsExactly("CONFIG_whisk_containerFactory_containerArgs_network=faasnet");
    }

    @Test
    void openFaasEnvOnSwarmGivesTheFaasfedGatewayTheAdaptersNetwork() {
        String env = render(Platform.OPENFAAS, Mode.SWARM, ConfigFormat.ENV);

        assertThat(lines(env)).containsSubsequence(
                "# gateway (OpenFaaS gateway): joins faasnet as gateway; no settings",
                "# faas-swarm (OpenFaaS Swarm provider): joins faasnet as faas-swarm; no settings",
                "# faasfed (faasfed gateway, where it runs): joins faasnet as faasfed",
                "# property faasfed.platforms.openfaas.network: sent as \"network\" on every OpenFaaS deploy and update",
                "FAASFED_PLATFORMS_OPENFAAS_NETWORK=faasnet");
    }

    @Test
    void openFaasOnASingleHostHasOnlyTheGatewayAndSaysWhy() {
        String env = render(Platform.OPENFAAS, Mode.SINGLE_HOST, ConfigFormat.ENV);

        assertThat(env).doesNotContain("faas-swarm (").doesNotContain("FAASFED_PLATFORMS_OPENFAAS_NETWORK=");
        assertThat(env).contains("# OpenFaaS has no provider for plain Docker");
        assertThat(lines(env).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()).isEmpty();

        Map<String, Object> compose = yaml(render(Platform.OPENFAAS, Mode.SINGLE_HOST, ConfigFormat.COMPOSE));
        assertThat(services(compose)).containsOnlyKeys("gateway", "faasfed");
    }

    @Test
    void fnComposeOnSwarmIsAStackFragmentWithTheExternalNetworkAliasAndEnvironment() {
        String text = render(Platform.FN, Mode.SWARM, ConfigFormat.COMPOSE);

        assertThat(lines(text)).containsSubsequence(
                "version: \"3.8\"",
                "services:",
                "  fnserver:",
                "    networks:",
                "      faasnet:",
                "        aliases:",
                "          - fnserver",
                "    environment:",
                "      FN_DOCKER_NETWORKS: \"faasnet\"",
                "  faasfed:",
                "networks:",
                "  faasnet:",
                "    external: true");
        Map<String, Object> compose = yaml(text);
        assertThat(compose).containsEntry("version", "3.8");
        Map<String, Object> fnserver = map(services(compose).get("fnserver"));
        assertThat(map(map(fnserver.get("networks")).get("faasnet"))).containsEntry("aliases", List.of("fnserver"));
        assertThat(map(fnserver.get("environment"))).containsExactly(Map.entry("FN_DOCKER_NETWORKS", "faasnet"));
        assertThat(map(map(compose.get("networks")).get("faasnet"))).containsEntry("external", true);
    }

    @Test
    void composeOnASingleHostHasNoStackVersionLine() {
        String text = render(Platform.OPENWHISK, Mode.SINGLE_HOST, ConfigFormat.COMPOSE);

        assertThat(text).doesNotContain("version:").contains("docker compose -f <compose file> -f <this file> up -d");
        Map<String, Object> invoker = map(services(yaml(text)).get("invoker"));
        assertThat(map(invoker.get("environment")))
                .containsExactly(Map.entry("CONFIG_whisk_containerFactory_containerArgs_network", "faasnet"));
    }

    @Test
    void openFaasComposeOnSwarmSetsTheFaasfedGatewaysNetworkSetting() {
        Map<String, Object> compose = yaml(render(Platform.OPENFAAS, Mode.SWARM, ConfigFormat.COMPOSE));

        assertThat(services(compose)).containsOnlyKeys("gateway", "faas-swarm", "faasfed");
        assertThat(map(map(services(compose).get("faasfed")).get("environment")))
                .containsExactly(Map.entry("FAASFED_PLATFORMS_OPENFAAS_NETWORK", "faasnet"));
        assertThat(map(services(compose).get("gateway"))).doesNotContainKey("environment");
    }

    @Test
    void textExplainsEachComponentThenShowsTheFragment() {
        String text = render(Platform.FN, Mode.SINGLE_HOST, ConfigFormat.TEXT);

        assertThat(lines(text)).containsSubsequence(
                "Fn on the shared network faasnet (single-host mode)",
                "fnserver, the Fn server, joins faasnet as fnserver and sets:",
                "    FN_DOCKER_NETWORKS=faasnet",
                "faasfed, the faasfed gateway (where it runs), joins faasnet as faasfed.",
                "As a compose file fragment:",
                "services:");
        assertThat(text).contains("other platforms reach Fn functions only through fnserver");
        assertThat(lines(text)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(112));
    }

    @Test
    void textForOpenWhiskSaysTheInvokerMustBeOnTheNetworkItself() {
        String text = render(Platform.OPENWHISK, Mode.SWARM, ConfigFormat.TEXT);

        assertThat(lines(text)).contains("    CONFIG_whisk_containerFactory_containerArgs_network=faasnet");
        assertThat(text.replace("\n  ", " ")).contains("so it must be on faasnet itself")
                .contains("invoker_container_network_name=faasnet");
    }

    @ParameterizedTest
    @EnumSource(Platform.class)
    void everyFormatIsTheSameOnEveryRenderAndEndsWithANewline(Platform platform) {
        for (Mode mode : Mode.values()) {
            for (ConfigFormat format : ConfigFormat.values()) {
                String first = render(platform, mode, format);
                assertThat(render(platform, mode, format)).isEqualTo(first);
                assertThat(first).endsWith("\n").doesNotContain("\r").doesNotContain("{network}");
            }
        }
    }

    @Test
    void renamedComponentsAreRenderedUnderTheirNamesWithTheirDnsNames() {
        PlatformLayout layout = LAYOUT.with(LAYOUT.component("fnserver").named("fn_server").reachableAs("fn"));

        Map<String, Object> compose = yaml(PlatformConfigurator.render(Platform.FN, layout, "fft-x", Mode.SWARM,
                ConfigFormat.COMPOSE));

        Map<String, Object> fnserver = map(services(compose).get("fn_server"));
        assertThat(map(map(fnserver.get("networks")).get("fft-x"))).containsEntry("aliases", List.of("fn"));
        assertThat(map(fnserver.get("environment"))).containsEntry("FN_DOCKER_NETWORKS", "fft-x");
    }

    @Test
    void aNetworkNameDockerRefusesIsInvalidInput() {
        assertThatThrownBy(() -> PlatformConfigurator.render(Platform.FN, LAYOUT, "bad name", Mode.SWARM, ConfigFormat.ENV))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("'bad name'");
                });
    }

    private static Map<String, Object> yaml(String text) {
        return new Yaml().load(text);
    }

    private static Map<String, Object> services(Map<String, Object> compose) {
        return map(compose.get("services"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
