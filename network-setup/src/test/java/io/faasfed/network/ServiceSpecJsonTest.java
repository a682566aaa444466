package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;

class ServiceSpecJsonTest {

    /** The engine's JSON of a service with fields docker-java's model does not have (Sysctls, CapabilityAdd). */
    private static Map<String, Object> raw() {
        return Map.of(
                "Name", "fn_fnserver",
                "Labels", Map.of("com.docker.stack.namespace", "fn"),
                "Networks", List.of(Map.of("Target", "legacy")),
                "TaskTemplate", Map.of(
                        "ContainerSpec", Map.of(
                                "Image", "fnproject/fnserver",
                                "Env", List.of("A=1"),
                                "Sysctls", Map.of("net.core.somaxconn", "1024"),
                                "CapabilityAdd", List.of("CAP_NET_ADMIN")),
                        "ForceUpdate", 0));
    }

    private static ServiceSpec model() {
        return new ServiceSpec().withName("fn_fnserver").withLabels(Map.of("com.docker.stack.namespace", "fn"))
                .withNetworks(List.of(new NetworkAttachmentConfig().withTarget("legacy")))
                .withTaskTemplate(new TaskSpec().withForceUpdate(0)
                        .withContainerSpec(new ContainerSpec().withImage("fnproject/fnserver").withEnv(List.of("A=1"))));
    }

    @Test
    void anEditKeepsTheFieldsTheModelDoesNotKnowAndWritesWhatItChanged() {
        ServiceSpec spec = model();
        Map<String, Object> before = ServiceSpecJson.typed(spec);
        spec.getTaskTemplate().getContainerSpec().withEnv(List.of("A=1", "FN_DOCKER_NETWORKS=faasnet"));
        spec.getTaskTemplate().withNetworks(List.of(new NetworkAttachmentConfig().withTarget("legacy"),
                new NetworkAttachmentConfig().withTarget("netid").withAliases(List.of("fnserver"))));
        spec.withNetworks(null);

        Map<String, Object> merged = ServiceSpecJson.merge(raw(), before, ServiceSpecJson.typed(spec));

        assertThat(merged).doesNotContainKey("Networks").containsEntry("Name", "fn_fnserver");
        @SuppressWarnings("unchecked")
        Map<String, Object> task = (Map<String, Object>) merged.get("TaskTemplate");
        assertThat(task).containsEntry("ForceUpdate", 0);
        assertThat(task.get("Networks")).isEqualTo(List.of(Map.of("Target", "legacy"),
                Map.of("Target", "netid", "Aliases", List.of("fnserver"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> container = (Map<String, Object>) task.get("ContainerSpec");
        assertThat(container).containsEntry("Env", List.of("A=1", "FN_DOCKER_NETWORKS=faasnet"))
                .containsEntry("Sysctls", Map.of("net.core.somaxconn", "1024"))
                .containsEntry("CapabilityAdd", List.of("CAP_NET_ADMIN"))
                .containsEntry("Image", "fnproject/fnserver");
    }

    @Test
    void anEditThatChangesNothingSendsTheEnginesSpecUnchanged() {
        ServiceSpec spec = model();
        Map<String, Object> before = ServiceSpecJson.typed(spec);

        assertThat(ServiceSpecJson.merge(raw(), before, ServiceSpecJson.typed(spec))).isEqualTo(raw());
    }

    @Test
    void theJsonHasNoNullFields() {
        assertThat(new String(ServiceSpecJson.bytes(ServiceSpecJson.typed(new ServiceSpec().withName("x")))))
                .isEqualTo("{\"Name\":\"x\"}");
    }
}
