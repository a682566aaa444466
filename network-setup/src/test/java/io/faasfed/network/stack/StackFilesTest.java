package io.faasfed.network.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.faasfed.network.Labels;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

/** The stack files of {@code compose/}: each valid on its own, and the invariants over every service they define. */
class StackFilesTest {

    static final List<String> ALL = StackFixtures.ALL;

    /** Services with no health check, and why: none of them serves HTTP a check could call. */
    static final Map<String, String> NO_HEALTHCHECK = Map.of(
            "nats", "NATS Streaming's image is a single binary (no shell, no HTTP client) and its monitoring port is off",
            "queue-worker", "a NATS subscriber: it serves no HTTP endpoint",
            "basic-auth-plugin", "only backs the OpenFaaS gateway's /system auth; no health path of its image was confirmed here (no registry to inspect it)",
            "zookeeper", "speaks ZooKeeper's TCP protocol, no HTTP",
            "kafka", "speaks Kafka's TCP protocol, no HTTP",
            "invoker", "the layout probes none (PlatformLayout: port 0); the controller sees invokers through Kafka");

    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|key|auth|credential).*");

    private static StackDefinition everything() {
        return StackFixtures.load(Map.of(), StackFixtures.UPSTREAM);
    }

    private static StackDefinition everythingLocal() {
        return StackFixtures.load(Map.of(), ALL);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void eachFileFollowsTheComposeSpecificationOnItsOwn(String file) {
        assertThatCode(() -> StackFiles.checked(StackFile.read(StackFixtures.COMPOSE.resolve(file)), Map.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void theFederationAloneAndWithEachPlatformLoads() {
        assertThat(StackFixtures.load(Map.of(), "federation.yml").services().keySet()).containsExactly("faasfed", "redis");
        assertThat(StackFixtures.load(Map.of(), "federation.yml", "fn.yml").services().keySet())
                .containsExactly("faasfed", "redis", "fnserver");
        assertThat(StackFixtures.load(Map.of(), "federation.yml", "openfaas.yml").service("faasfed").environment())
                .containsEntry("FAASFED_PLATFORMS_OPENFAAS_TYPE", "openfaas")
                .doesNotContainKey("FAASFED_PLATFORMS_FN_TYPE");
        assertThat(everything().services()).hasSize(13);
        assertThat(everythingLocal().services().keySet()).isEqualTo(everything().services().keySet());
    }

    @Test
    void aPlatformFileAloneIsRefusedBecauseItOnlyExtendsTheGateway() {
        assertThatThrownBy(() -> StackFixtures.load(Map.of(), "fn.yml"))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("services.faasfed.image")
                .hasMessageContaining("no image");
    }

    @Test
    void everyServiceOfEveryFileIsOnTheExternalSharedNetwork() {
        for (StackDefinition stack : List.of(everything(), everythingLocal())) {
            stack.services().values().forEach(s -> {
                assertThat(s.networks()).as(s.name()).isNotEmpty();
                s.networks().keySet().forEach(key -> {
                    StackNetwork network = stack.networks().get(key);
                    assertThat(network).as(s.name() + " network " + key).isNotNull();
                    assertThat(network.external()).as(key).isTrue();
                    assertThat(network.name()).as(key).isEqualTo(NetworkSpec.DEFAULT_NAME);
                });
            });
        }
        StackDefinition other = StackFixtures.load(Map.of("FAASFED_NETWORK", "fft-other"), ALL);
        assertThat(other.networks().values()).extracting(StackNetwork::name).containsOnly("fft-other");
    }

    @Test
    void everyImageIsPinnedByTag() {
        for (StackDefinition stack : List.of(everything(), everythingLocal())) {
            stack.services().values().forEach(s -> assertThat(s.imagePinned()).as(s.name() + ": " + s.image()).isTrue());
        }
        assertThat(everything().service("faasfed").image()).isEqualTo("faasfed/gateway:0.1.0");
        assertThat(StackFixtures.load(Map.of("FAASFED_VERSION", "0.2.0"), "federation.yml").service("faasfed").image())
                .isEqualTo("faasfed/gateway:0.2.0");
    }

    @Test
    void noSecretIsInlineOnlyFilesUnderRunSecretsThatAreMounted() {
        List<String> problems = new ArrayList<>();
        for (StackDefinition stack : List.of(everything(), everythingLocal())) {
            stack.services().values().forEach(s -> s.environment().forEach((name, value) -> {
                if (value.matches("(?s).*://[^/@\\s]*:[^/@\\s]*@.*")) {
                    problems.add(s.name() + " " + name + ": credentials in a URL");
                }
                if (value.startsWith("/run/secrets/") && !value.endsWith("/")) {
                    boolean mounted = s.secrets().stream().anyMatch(m -> m.path().equals(value));
                    if (!mounted) {
                        problems.add(s.name() + " " + name + ": " + value + " is not a secret mounted in the service");
                    }
                } else if (CREDENTIAL_NAME.matcher(name).matches() && !value.equals("true") && !value.equals("false")
                        && !value.matches("https?://[^@]*") && !value.startsWith("/run/secrets/")) {
                    problems.add(s.name() + " " + name + "=" + value + ": a credential-like setting holding a literal");
                }
            }));
            stack.services().values().forEach(s -> s.secrets().forEach(m ->
                    assertThat(stack.secrets()).as(s.name() + " secret " + m.source()).containsKey(m.source())));
        }
        assertThat(problems).isEmpty();
        StackService gateway = everything().service("faasfed");
        assertThat(gateway.environment()).containsEntry("FAASFED_SECURITY_ADMIN_KEY_FILE", "/run/secrets/faasfed-admin-key")
                .doesNotContainKey("FAASFED_SECURITY_ADMIN_KEY");
        assertThat(gateway.secrets()).extracting(StackService.SecretMount::source)
                .contains("faasfed-admin-key", "basic-auth-password", "openwhisk-auth-key");
        assertThat(everything().secrets().values()).allSatisfy(secret -> assertThat(secret.external()).as(secret.key()).isTrue());
    }

    @Test
    void theSecretDetectorCatchesALiteral() {
        String inline = """
                services:
                  faasfed:
                    image: faasfed/gateway:0.1.0
                    environment:
                      FAASFED_SECURITY_ADMIN_KEY: ffk_admin_abcdefghijklmnopqrstuvwxyz0123456789
                """;
        StackService s = StackFiles.load(List.of(new StackFile("inline.yml", inline)), Map.of()).service("faasfed");
        assertThat(s.environment().keySet()).anyMatch(n -> CREDENTIAL_NAME.matcher(n).matches());
    }

    @Test
    void everyLongRunningHttpServiceHasAHealthCheckTheOthersAreListedWithAReason() {
        everything().services().values().forEach(s -> {
            if (NO_HEALTHCHECK.containsKey(s.name())) {
                assertThat(s.healthcheck()).as(s.name() + " is listed as having none").isEmpty();
            } else {
                assertThat(s.healthcheck()).as(s.name()).hasValueSatisfying(h -> {
                    assertThat(h.enabled()).isTrue();
                    assertThat(h.retries()).isPositive();
                    assertThat(h.interval()).isNotEmpty();
                    assertThat(h.test()).first().isEqualTo("CMD");
                });
            }
        });
        // The upstream gateway image's base (Temurin) has bash, not wget; the local base has busybox wget.
        assertThat(everything().service("faasfed").healthcheck().orElseThrow().test())
                .startsWith("CMD", "bash", "-c").last().asString().contains("/dev/tcp/127.0.0.1/8080").contains("/healthz");
        assertThat(everythingLocal().service("faasfed").healthcheck().orElseThrow().test())
                .containsExactly("CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz");
    }

    @Test
    void everyServiceHasARestartPolicyResourceLimitsAndFaasfedLabels() {
        for (StackDefinition stack : List.of(everything(), everythingLocal())) {
            stack.services().values().forEach(s -> {
                assertThat(s.restart()).as(s.name()).hasValueSatisfying(r -> assertThat(r.condition()).isIn("any", "on-failure"));
                assertThat(s.resources().limited()).as(s.name() + " memory limit").isTrue();
                assertThat(s.labels()).as(s.name()).containsEntry(Labels.MANAGED_BY, Labels.FAASFED);
                assertThat(s.serviceLabels()).as(s.name()).containsEntry(Labels.MANAGED_BY, Labels.FAASFED);
            });
            stack.volumes().values().stream().filter(v -> !v.external()).forEach(v ->
                    assertThat(v.labels()).as(v.key()).containsEntry(Labels.MANAGED_BY, Labels.FAASFED));
            stack.secrets().values().stream().filter(v -> !v.external()).forEach(v ->
                    assertThat(v.labels()).as(v.key()).containsEntry(Labels.MANAGED_BY, Labels.FAASFED));
        }
    }

    @Test
    void theGatewayRunsTwoReplicasWithRollingUpdateAndRollback() {
        StackService gateway = everything().service("faasfed");
        assertThat(gateway.replicas()).isGreaterThanOrEqualTo(2);
        assertThat(gateway.update()).hasValueSatisfying(u -> {
            assertThat(u.parallelism()).isEqualTo(1);
            assertThat(u.order()).isEqualTo("start-first");
            assertThat(u.failureAction()).isEqualTo("rollback");
            assertThat(u.monitor()).isNotEmpty();
        });
        assertThat(gateway.rollback()).hasValueSatisfying(r -> assertThat(r.parallelism()).isEqualTo(1));
        assertThat(gateway.resources().limitCpus()).isNotEmpty();
        assertThat(gateway.resources().reservedMemory()).isNotEmpty();
        assertThat(gateway.environment()).containsEntry("FAASFED_STORE", "redis").containsEntry("FAASFED_REDIS_URL", "redis://redis:6379");
    }

    @Test
    void redisKeepsAnAppendOnlyFileOnANamedVolume() {
        StackDefinition stack = everything();
        StackService redis = stack.service("redis");
        assertThat(redis.command()).containsSequence("--appendonly", "yes");
        assertThat(redis.volumes()).anySatisfy(m -> {
            assertThat(m.type()).isEqualTo("volume");
            assertThat(m.target()).isEqualTo("/data");
            assertThat(stack.volumes()).containsKey(m.source());
        });
    }

    @Test
    void theLocalOverrideUsesDnsrrForEveryServiceAndLocalImages() {
        StackDefinition stack = everythingLocal();
        stack.services().values().forEach(s -> assertThat(s.endpointMode()).as(s.name()).isEqualTo("dnsrr"));
        stack.services().values().stream().filter(s -> s.replicas() > 0).forEach(s ->
                assertThat(s.image()).as(s.name()).startsWith("local/"));
        everything().services().values().forEach(s -> assertThat(s.endpointMode()).as(s.name()).isEqualTo("vip"));
    }

    @Test
    void theSchemaIsACopyOfTheSharedSpecification() throws IOException {
        Path shared = Path.of("..", "..", "shared", "specs", "compose", "compose-spec.json");
        try (InputStream in = ComposeSchema.class.getResourceAsStream(ComposeSchema.RESOURCE)) {
            assertThat(in).as(ComposeSchema.RESOURCE).isNotNull();
            byte[] ours = in.readAllBytes();
            if (Files.exists(shared)) {
                assertThat(ours).as("compose-spec.json differs from " + shared + ": copy it again").isEqualTo(Files.readAllBytes(shared));
            }
            assertThat(new String(ours, java.nio.charset.StandardCharsets.UTF_8)).contains("\"title\": \"Compose Specification\"");
        }
    }

    @Test
    void anUnknownKeyFailsNamingTheFileAndPath() {
        String bad = """
                services:
                  faasfed:
                    image: faasfed/gateway:0.1.0
                    deploy:
                      replica: 2
                """;
        assertThatThrownBy(() -> StackFiles.load(List.of(new StackFile("bad.yml", bad)), Map.of()))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("bad.yml")
                .hasMessageContaining("services.faasfed.deploy")
                .hasMessageContaining("replica")
                .satisfies(e -> assertThat(((SetupException) e).problem()).isEqualTo(SetupProblem.INVALID_INPUT));
    }

    @Test
    void aWrongTypeFailsNamingThePath() {
        String bad = """
                services:
                  faasfed:
                    image: faasfed/gateway:0.1.0
                    networks: 5
                """;
        assertThatThrownBy(() -> StackFiles.load(List.of(new StackFile("bad.yml", bad)), Map.of()))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("bad.yml")
                .hasMessageContaining("services.faasfed.networks");
        String words = """
                services:
                  faasfed:
                    image: faasfed/gateway:0.1.0
                    deploy:
                      replicas: two
                """;
        assertThatThrownBy(() -> StackFiles.load(List.of(new StackFile("words.yml", words)), Map.of()))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("services.faasfed.deploy.replicas")
                .hasMessageContaining("'two'");
    }

    @Test
    void anUnpinnedImageFailsNamingThePath() {
        for (String image : List.of("redis:latest", "redis", "registry.local:5000/redis")) {
            String bad = "services:\n  redis:\n    image: " + image + "\n";
            assertThatThrownBy(() -> StackFiles.load(List.of(new StackFile("bad.yml", bad)), Map.of()))
                    .as(image)
                    .isInstanceOf(SetupException.class)
                    .hasMessageContaining("bad.yml: services.redis.image")
                    .hasMessageContaining("not pinned");
        }
        String digest = "services:\n  redis:\n    image: redis@sha256:" + "a".repeat(64) + "\n";
        assertThat(StackFiles.load(List.of(new StackFile("ok.yml", digest)), Map.of()).service("redis").imagePinned()).isTrue();
    }

    @Test
    void invalidYamlAndDuplicateKeysFailWithTheLine() {
        assertThatThrownBy(() -> StackFiles.load(List.of(new StackFile("dup.yml", "services:\n  a:\n    image: a:1\n  a:\n    image: a:2\n")),
                Map.of()))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("dup.yml at line")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> StackFiles.load(List.of(new StackFile("list.yml", "- a\n- b\n")), Map.of()))
                .hasMessageContaining("list.yml: a stack file must be a mapping");
    }
}
