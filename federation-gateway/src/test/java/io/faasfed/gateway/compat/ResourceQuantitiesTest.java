package io.faasfed.gateway.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FaasException;
import org.junit.jupiter.api.Test;

class ResourceQuantitiesTest {

    @Test
    void memoryInKubernetesAndSwarmForms() {
        assertThat(ResourceQuantities.memoryMiB("128Mi")).isEqualTo(128);
        assertThat(ResourceQuantities.memoryMiB("1Gi")).isEqualTo(1024);
        assertThat(ResourceQuantities.memoryMiB("128M")).isEqualTo(123);
        assertThat(ResourceQuantities.memoryMiB("128m")).isEqualTo(123);
        assertThat(ResourceQuantities.memoryMiB(null)).isNull();
    }

    @Test
    void cpuAsCoresMillicoresOrNanoCpus() {
        assertThat(ResourceQuantities.cpus("0.5")).isEqualTo(0.5);
        assertThat(ResourceQuantities.cpus("500m")).isEqualTo(0.5);
        assertThat(ResourceQuantities.cpus("500000000")).isEqualTo(0.5);
        assertThat(ResourceQuantities.cpus("2")).isEqualTo(2.0);
    }

    @Test
    void unparsableQuantitiesAreInvalidSpecsNamingTheField() {
        assertThatThrownBy(() -> ResourceQuantities.memoryMiB("lots"))
                .isInstanceOf(FaasException.InvalidSpec.class).hasMessageContaining("limits.memory")
                .hasMessageContaining("\"lots\"");
        assertThatThrownBy(() -> ResourceQuantities.cpus("fast"))
                .isInstanceOf(FaasException.InvalidSpec.class).hasMessageContaining("limits.cpu");
    }
}
