package io.faasfed.network.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.faasfed.network.Mode;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.stack.StackDefinition;
import io.faasfed.network.stack.StackFixtures;
import io.faasfed.network.stack.StackNetwork;
import io.faasfed.network.stack.StackService;

/**
 * The stack files configure each platform for the shared network exactly as {@code faasfed configure} does: the
 * components, aliases and settings are read from {@link PlatformLayout} and {@link Wanted}, never written here again.
 */
class StackFilesConfigureLikeConfiguratorTest {

    private static final PlatformLayout LAYOUT = PlatformLayout.defaults();

    private static final Map<Platform, String> FILES = Map.of(Platform.OPENFAAS, "openfaas.yml", Platform.OPENWHISK, "openwhisk.yml",
            Platform.FN, "fn.yml");

    @ParameterizedTest
    @ValueSource(strings = {NetworkSpec.DEFAULT_NAME, "fft-other"})
    void eachPlatformFileSetsWhatConfigureSets(String network) {
        Map<String, String> env = network.equals(NetworkSpec.DEFAULT_NAME) ? Map.of() : Map.of("FAASFED_NETWORK", network);
        for (Platform platform : Platform.values()) {
            StackDefinition stack = StackFixtures.load(env, "federation.yml", FILES.get(platform));
            for (Wanted wanted : Wanted.of(platform, LAYOUT, network, Mode.SWARM)) {
                Component c = wanted.component();
                StackService service = stack.service(c.name());
                StackService.NetworkAttachment attachment = onShared(stack, service, network);
                assertThat(attachment.aliases()).as(platform + " " + c.name() + " aliases").contains(c.dnsName());
                assertThat(service.environment()).as(platform + " " + c.name() + " environment").containsAllEntriesOf(wanted.env());
                if (c.probed()) {
                    assertThat(service.healthcheck()).as(c.name() + " health check").hasValueSatisfying(h ->
                            assertThat(h.test()).as(c.name()).anyMatch(arg -> arg.equals("http://127.0.0.1:" + c.port() + c.healthPath())
                                    || arg.equals(c.healthUrl())
                                    // bash's /dev/tcp, where the image has no HTTP client (the gateway's Temurin base)
                                    || arg.contains("/dev/tcp/127.0.0.1/" + c.port() + " ")
                                            && arg.contains("'GET " + c.healthPath() + " HTTP/1.0")));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {NetworkSpec.DEFAULT_NAME, "fft-other"})
    void theLocalOverrideKeepsEverySettingAndGivesEachEmulatorThoseOfWhatItReplaces(String network) {
        Map<String, String> env = network.equals(NetworkSpec.DEFAULT_NAME) ? Map.of() : Map.of("FAASFED_NETWORK", network);
        StackDefinition stack = StackFixtures.load(env, StackFixtures.ALL);
        for (Platform platform : Platform.values()) {
            List<Wanted> wanted = Wanted.of(platform, LAYOUT, network, Mode.SWARM);
            for (Wanted w : wanted) {
                StackService service = stack.service(w.component().name());
                assertThat(onShared(stack, service, network).aliases()).contains(w.component().dnsName());
                assertThat(service.environment()).as(w.component().name()).containsAllEntriesOf(w.env());
            }
            // the components that run a task carry the settings of those of their platform that run none
            List<StackService> running = wanted.stream().map(w -> stack.service(w.component().name())).filter(s -> s.replicas() > 0).toList();
            wanted.stream().filter(w -> stack.service(w.component().name()).replicas() == 0).forEach(idle ->
                    assertThat(running).as(idle.component().name() + "'s settings on a running " + platform + " component")
                            .anySatisfy(s -> assertThat(s.environment()).containsAllEntriesOf(idle.env())));
        }
    }

    private static StackService.NetworkAttachment onShared(StackDefinition stack, StackService service, String network) {
        StackService.NetworkAttachment attachment = service.networks().values().stream()
                .filter(a -> stack.networks().get(a.key()).name().equals(network))
                .findFirst().orElse(null);
        assertThat(attachment).as(service.name() + " on " + network + " (networks: " + service.networks().keySet() + ", "
                + stack.networks().values().stream().map(StackNetwork::name).toList() + ")").isNotNull();
        return attachment;
    }
}
