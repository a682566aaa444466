package io.faasfed.network.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;

import io.faasfed.network.ExistingNetwork;

class ServiceSpecEditTest {

    private static final ExistingNetwork NET = new ExistingNetwork("netid", "faasnet", "overlay", "swarm", true, Map.of(),
            Map.of(), List.of(), List.of());

    private static ServiceSpec spec(List<NetworkAttachmentConfig> taskNetworks, List<String> env) {
        return new ServiceSpec().withName("fn_fnserver").withTaskTemplate(new TaskSpec()
                .withContainerSpec(new ContainerSpec().withImage("fnproject/fnserver").withEnv(env))
                .withNetworks(taskNetworks));
    }

    @Test
    void attachingAddsTheNetworkByIdWithTheAliasAndKeepsTheOthers() {
        ServiceSpec spec = spec(List.of(new NetworkAttachmentConfig().withTarget("other").withAliases(List.of("fnserver"))),
                List.of());

        ServiceSpecEditTest.assertNetworks(ServiceReconfigurer.edit(spec, NET, "fnserver", Map.of()),
                "other=[fnserver]", "netid=[fnserver]");
    }

    @Test
    void anAttachmentWithoutTheAliasGetsItAdded() {
        ServiceSpec spec = spec(List.of(new NetworkAttachmentConfig().withTarget("faasnet").withAliases(List.of("fn"))), List.of());

        assertNetworks(ServiceReconfigurer.edit(spec, NET, "fnserver", Map.of()), "faasnet=[fn, fnserver]");
    }

    @Test
    void serviceLevelNetworksMoveToTheTaskTemplateAsTheDockerCliDoes() {
        ServiceSpec spec = spec(null, List.of()).withNetworks(List.of(new NetworkAttachmentConfig().withTarget("legacy")));

        ServiceSpec edited = ServiceReconfigurer.edit(spec, NET, "fnserver", Map.of());

        assertThat(edited.getNetworks()).isNull();
        assertNetworks(edited, "legacy=[]", "netid=[fnserver]");
    }

    @Test
    void environmentReplacesTheSameKeysOnceAndKeepsTheRestInOrder() {
        ServiceSpec spec = spec(null, List.of("A=1", "FN_DOCKER_NETWORKS=a b", "B=2", "FN_DOCKER_NETWORKS=c"));

        ServiceSpec edited = ServiceReconfigurer.edit(spec, null, "fnserver", Map.of("FN_DOCKER_NETWORKS", "faasnet", "NEW", "x"));

        assertThat(edited.getTaskTemplate().getContainerSpec().getEnv())
                .containsExactly("A=1", "FN_DOCKER_NETWORKS=faasnet", "B=2", "NEW=x");
        assertThat(edited.getTaskTemplate().getNetworks()).isNull();
    }

    private static void assertNetworks(ServiceSpec spec, String... expected) {
        assertThat(spec.getTaskTemplate().getNetworks())
                .extracting(n -> n.getTarget() + "=" + (n.getAliases() == null ? List.of() : n.getAliases()))
                .containsExactly(expected);
    }
}
