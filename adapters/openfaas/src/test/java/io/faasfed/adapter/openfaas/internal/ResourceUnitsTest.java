package io.faasfed.adapter.openfaas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.openfaas.OpenFaasPlatformProperties.Provider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourceUnitsTest {

    private final ResourceUnits swarm = new ResourceUnits(Provider.SWARM);
    private final ResourceUnits kubernetes = new ResourceUnits(Provider.KUBERNETES);
    private final ResourceUnits faasd = new ResourceUnits(Provider.FAASD);

    @Test
    void swarmGetsDockerMemoryAndNanoCpus() {
        assertThat(swarm.memory(128)).isEqualTo("128m");
        assertThat(swarm.cpu(0.5)).isEqualTo("500000000");
        assertThat(swarm.cpu(2)).isEqualTo("2000000000");
    }

    @Test
    void kubernetesAndFaasdGetQuantities() {
        assertThat(kubernetes.memory(128)).isEqualTo("128Mi");
        assertThat(kubernetes.cpu(0.5)).isEqualTo("500m");
        assertThat(faasd.memory(1024)).isEqualTo("1024Mi");
        assertThat(faasd.cpu(0.0001)).as("never rounded down to nothing").isEqualTo("1m");
    }

    @Test
    void memoryReadsBackInTheProvidersUnits() {
        assertThat(swarm.parseMemoryMiB("128m")).isEqualTo(128);
        assertThat(swarm.parseMemoryMiB("1g")).isEqualTo(1024);
        assertThat(swarm.parseMemoryMiB("134217728")).isEqualTo(128);
        assertThat(kubernetes.parseMemoryMiB("128Mi")).isEqualTo(128);
        assertThat(kubernetes.parseMemoryMiB("128M")).as("decimal megabytes, rounded up").isEqualTo(123);
        assertThat(kubernetes.parseMemoryMiB("128m")).as("milli-bytes are not a memory size").isNull();
        assertThat(kubernetes.parseMemoryMiB("lots")).isNull();
    }

    @Test
    void cpuReadsBackInTheProvidersUnits() {
        assertThat(swarm.parseCpus("500000000")).isEqualTo(0.5);
        assertThat(swarm.parseCpus("0.5")).isEqualTo(0.5);
        assertThat(kubernetes.parseCpus("250m")).isEqualTo(0.25);
        assertThat(kubernetes.parseCpus("2")).isEqualTo(2.0);
        assertThat(kubernetes.parseCpus("two")).isNull();
    }

    @Test
    void timeoutsBecomeGoDurations() {
        assertThat(ResourceUnits.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(ResourceUnits.goDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ResourceUnits.parseGoDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ResourceUnits.parseGoDuration("1m30s")).as("compound durations are left unread").isNull();
    }
}
