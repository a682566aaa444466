package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;

class RawEditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A service spec with fields docker-java 3.7.1's model lacks, on two networks. */
    private static JsonNode raw() throws Exception {
        return JSON.readTree("""
                {"Name": "func_gateway",
                 "TaskTemplate": {
                   "ContainerSpec": {"Image": "gw:1", "Env": ["A=1"],
                     "HealthCheck": {"Test": ["CMD", "true"], "Interval": 5000000000},
                     "Sysctls": {"net.core.somaxconn": "1024"}, "CapabilityAdd": ["CAP_NET_ADMIN"],
                     "Ulimits": [{"Name": "nofile", "Soft": 1024, "Hard": 2048}]},
                   "Resources": {"Limits": {"MemoryBytes": 1048576, "Pids": 100}},
                   "Placement": {"Constraints": ["node.role == manager"], "Preferences": [{"Spread": {"SpreadDescriptor": "z"}}]},
                   "Networks": [{"Target": "n1", "Aliases": ["gateway"]},
                                {"Target": "n2", "Aliases": ["gw"], "DriverOpts": {"opt": "1"}}]},
                 "Mode": {"Replicated": {"Replicas": 2}},
                 "UpdateConfig": {"MaxFailureRatio": 0},
                 "EndpointSpec": {"Mode": "vip", "Ports": [{"Protocol": "tcp", "TargetPort": 8080, "PublishedPort": 8080}]}}
                """);
    }

    @Test
    void anUnchangedSpecIsSentBackExactlyAsTheEngineWroteIt() throws Exception {
        assertThat(RawEdit.apply(raw(), ServiceSpec.class, spec -> spec)).isEqualTo(raw());
    }

    @Test
    void removingANetworkKeepsEveryFieldTheModelDoesNotKnowIncludingTheOtherNetworksDriverOpts() throws Exception {
        JsonNode edited = RawEdit.apply(raw(), ServiceSpec.class,
                spec -> Specs.withoutNetwork(spec, "n1", "faasnet"));

        ObjectNode expected = (ObjectNode) raw();
        ((ArrayNode) expected.path("TaskTemplate").path("Networks")).remove(0);
        assertThat(edited).isEqualTo(expected);
    }

    @Test
    void anAddedNetworkAndEnvironmentAreWrittenAsTheModelWritesThem() throws Exception {
        JsonNode edited = RawEdit.apply(raw(), ServiceSpec.class, spec -> {
            List<NetworkAttachmentConfig> networks = new ArrayList<>(spec.getTaskTemplate().getNetworks());
            networks.add(new NetworkAttachmentConfig().withTarget("faasnet").withAliases(List.of("gateway")));
            spec.getTaskTemplate().withNetworks(networks);
            ContainerSpec container = spec.getTaskTemplate().getContainerSpec();
            container.withEnv(List.of("A=1", "B=2"));
            return spec;
        });

        JsonNode task = edited.path("TaskTemplate");
        assertThat(task.path("Networks")).hasSize(3);
        assertThat(task.path("Networks").get(1).path("DriverOpts").path("opt").asText()).isEqualTo("1");
        assertThat(task.path("Networks").get(2)).isEqualTo(JSON.readTree("{\"Target\": \"faasnet\", \"Aliases\": [\"gateway\"]}"));
        assertThat(task.path("ContainerSpec").path("Env")).isEqualTo(JSON.readTree("[\"A=1\", \"B=2\"]"));
        assertThat(task.path("ContainerSpec").path("Sysctls").path("net.core.somaxconn").asText()).isEqualTo("1024");
        assertThat(task.path("ContainerSpec").path("HealthCheck").path("Interval").asLong()).isEqualTo(5_000_000_000L);
        assertThat(task.path("Resources").path("Limits").path("Pids").asInt()).isEqualTo(100);
    }

    @Test
    void aValueTheModelDerivesIsNotSentButTheChangeThatCausedItIs() throws Exception {
        JsonNode edited = RawEdit.apply(raw(), ServiceSpec.class,
                spec -> spec.withMode(new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions())));

        assertThat(edited.path("Mode")).isEqualTo(JSON.readTree("{\"Global\": {}}"));
    }

    @Test
    void aKeyTheModelSpellsInAnotherCaseIsWrittenAsTheEngineSpellsIt() throws Exception {
        JsonNode raw = JSON.readTree("{\"Healthcheck2\": 1, \"TaskTemplate\": {\"ForceUpdate\": 1}}");
        JsonNode before = JSON.readTree("{\"taskTemplate\": {\"ForceUpdate\": 1}}");
        JsonNode after = JSON.readTree("{\"taskTemplate\": {\"ForceUpdate\": 2}}");

        assertThat(RawEdit.patch(raw, before, after))
                .isEqualTo(JSON.readTree("{\"Healthcheck2\": 1, \"TaskTemplate\": {\"ForceUpdate\": 2}}"));
    }
}
