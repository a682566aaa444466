package io.faasfed.adapter.openfaas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionCode;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.Resources;
import io.faasfed.adapter.openfaas.OpenFaasPlatformProperties.Provider;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Pins the exact management requests the adapter sends to an OpenFaaS gateway, and how it reads the answers. */
class OpenFaasManagementTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);

    @RegisterExtension
    static final LoopbackWireMock wireMock = LoopbackWireMock.create();

    private static OpenFaasPlatformProperties properties() {
        return OpenFaasStubs.properties(wireMock.baseUrl(), Duration.ofSeconds(10));
    }

    private static OpenFaasPlatform platform() {
        return OpenFaasStubs.platform(properties());
    }

    private static OpenFaasPlatform kubernetes(String namespace) {
        OpenFaasPlatformProperties properties = properties();
        properties.setProvider(Provider.KUBERNETES);
        properties.setNamespace(namespace);
        return OpenFaasStubs.platform(properties);
    }

    private static FunctionSpec upper() {
        return FunctionSpec.builder("upper").image("y:2").process("tr a-z A-Z").env("GREETING", "hi")
                .label("team", "fed").annotation("topic", "t1").build();
    }

    private static void stubStatus(FunctionSpec spec) {
        wireMock.stubFor(get(urlEqualTo("/system/function/" + spec.name())).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OpenFaasStubs.status(spec, 1))));
    }

    private static List<ServeEvent> eventsInOrder() {
        return wireMock.getAllServeEvents().stream()
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate())).toList();
    }

    // ---- deploy ---------------------------------------------------------------------------------------------

    @Test
    void deployPutsThenPostsOnNotFoundWithTheSameJsonAndBasicAuthLikeFaasCli() {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/plain; charset=utf-8").withBody("{ \"status\" : \"Not found\"}")));
        wireMock.stubFor(post(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(200)));
        stubStatus(upper());
        String expected = "{\"service\":\"upper\",\"image\":\"y:2\",\"envProcess\":\"tr a-z A-Z\","
                + "\"envVars\":{\"GREETING\":\"hi\"},\"labels\":{\"team\":\"fed\"},\"annotations\":{\"topic\":\"t1\"}}";

        StepVerifier.create(platform().deploy(upper()))
                .assertNext(info -> {
                    assertThat(info.name()).isEqualTo("upper");
                    assertThat(info.image()).isEqualTo("y:2");
                    assertThat(info.availableReplicas()).isEqualTo(1);
                    assertThat(info.invocationCount()).isEqualTo(42L);
                })
                .expectComplete().verify(VERIFY);

        List<ServeEvent> events = eventsInOrder();
        assertThat(events).extracting(event -> event.getRequest().getMethod().getName() + " "
                + event.getRequest().getUrl())
                .containsExactly("PUT /system/functions", "POST /system/functions", "GET /system/function/upper");
        wireMock.verify(putRequestedFor(urlEqualTo("/system/functions"))
                .withHeader("Authorization", equalTo(OpenFaasStubs.AUTHORIZATION))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(expected)));
        wireMock.verify(postRequestedFor(urlEqualTo("/system/functions"))
                .withHeader("Authorization", equalTo(OpenFaasStubs.AUTHORIZATION))
                .withRequestBody(equalToJson(expected)));
    }

    @Test
    void deployOfAnExistingFunctionIsOnePutAcceptedWith202() {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        stubStatus(upper());

        StepVerifier.create(platform().deploy(upper())).expectNextCount(1).expectComplete().verify(VERIFY);

        wireMock.verify(1, putRequestedFor(urlEqualTo("/system/functions")));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/system/functions")));
    }

    @Test
    void deploySendsTheConfiguredNetworkNamespaceSecretsConstraintsAndSwarmLimits() {
        OpenFaasPlatformProperties properties = properties();
        properties.setNetwork("faasnet");
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        FunctionSpec spec = FunctionSpec.builder("resize").image("org/resize:1.2").secrets(List.of("s3-key"))
                .constraints(List.of("node.platform.os == linux"))
                .limits(Limits.none().withMemoryMiB(128).withCpus(0.5).withTimeout(Duration.ofSeconds(30))
                        .withConcurrency(4))
                .build();
        stubStatus(spec);

        StepVerifier.create(OpenFaasStubs.platform(properties).deploy(spec)).expectNextCount(1).expectComplete()
                .verify(VERIFY);

        wireMock.verify(putRequestedFor(urlEqualTo("/system/functions")).withRequestBody(equalToJson(
                "{\"service\":\"resize\",\"image\":\"org/resize:1.2\",\"network\":\"faasnet\","
                        + "\"secrets\":[\"s3-key\"],\"constraints\":[\"node.platform.os == linux\"],"
                        + "\"limits\":{\"memory\":\"128m\",\"cpu\":\"500000000\"},"
                        + "\"envVars\":{\"exec_timeout\":\"30s\",\"read_timeout\":\"30s\",\"write_timeout\":\"30s\","
                        + "\"max_inflight\":\"4\"},\"labels\":{},\"annotations\":{}}")));
    }

    @Test
    void limitsWrittenInOpenFaasNotationGoAsWrittenWithRequestsAndReadOnlyRootFilesystem() {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        FunctionSpec spec = FunctionSpec.builder("keeper").image("x:1")
                .limits(Limits.none().withMemoryMiB(128).withCpus(0.5))
                .limitQuantities(new Resources("128Mi", "500m")).requests(new Resources("64Mi", "100m"))
                .readOnlyRootFilesystem(true).build();
        stubStatus(spec);

        StepVerifier.create(platform().deploy(spec)).expectNextCount(1).expectComplete().verify(VERIFY);

        wireMock.verify(putRequestedFor(urlEqualTo("/system/functions")).withRequestBody(equalToJson(
                "{\"service\":\"keeper\",\"image\":\"x:1\",\"limits\":{\"memory\":\"128Mi\",\"cpu\":\"500m\"},"
                        + "\"requests\":{\"memory\":\"64Mi\",\"cpu\":\"100m\"},\"readOnlyRootFilesystem\":true,"
                        + "\"labels\":{},\"annotations\":{}}")));
    }

    @Test
    void deployToKubernetesUsesQuantitiesTheSpecsNetworkAndItsNamespace() {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(get(urlEqualTo("/system/function/resize?namespace=team-a")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"resize\",\"image\":\"org/resize:1.2\",\"namespace\":\"team-a\","
                        + "\"limits\":{\"memory\":\"256Mi\",\"cpu\":\"250m\"},\"replicas\":1,"
                        + "\"availableReplicas\":1}")));
        FunctionSpec spec = FunctionSpec.builder("resize").scope("team-a").image("org/resize:1.2").network("other")
                .limits(Limits.none().withMemoryMiB(256).withCpus(0.25)).build();

        StepVerifier.create(kubernetes("openfaas-fn").deploy(spec))
                .assertNext(info -> {
                    assertThat(info.scope()).isEqualTo("team-a");
                    assertThat(info.limits().memoryMiB()).isEqualTo(256);
                    assertThat(info.limits().cpus()).isEqualTo(0.25);
                })
                .expectComplete().verify(VERIFY);

        wireMock.verify(putRequestedFor(urlEqualTo("/system/functions")).withRequestBody(equalToJson(
                "{\"service\":\"resize\",\"image\":\"org/resize:1.2\",\"namespace\":\"team-a\","
                        + "\"network\":\"other\",\"limits\":{\"memory\":\"256Mi\",\"cpu\":\"250m\"},"
                        + "\"labels\":{},\"annotations\":{}}")));
    }

    @Test
    void deployRetriesThePutWhenThePostSaysAlreadyExists() {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).inScenario("race")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(404).withBody("not found"))
                .willSetStateTo("created elsewhere"));
        wireMock.stubFor(post(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(500)
                .withBody("deployments.apps \"upper\" already exists")));
        wireMock.stubFor(put(urlEqualTo("/system/functions")).inScenario("race")
                .whenScenarioStateIs("created elsewhere").willReturn(aResponse().withStatus(202)));
        stubStatus(upper());

        StepVerifier.create(platform().deploy(upper())).expectNextCount(1).expectComplete().verify(VERIFY);

        wireMock.verify(2, putRequestedFor(urlEqualTo("/system/functions")));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/system/functions")));
    }

    @Test
    void deployRejectedByTheGatewayIsInvalidSpecWithItsPlainTextWords() {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(404)));
        wireMock.stubFor(post(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody("unable to find secret: s3-key")));

        StepVerifier.create(platform().deploy(upper()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("unable to find secret: s3-key"))
                .verify(VERIFY);
    }

    @Test
    void deployOfCodeOrAnIdleTimeoutIsRejectedBeforeAnyRequest() {
        FunctionSpec code = FunctionSpec.builder("js").code(FunctionCode.of("nodejs:20", "x")).build();
        FunctionSpec idle = upper().toBuilder().limits(Limits.none().withIdleTimeout(Duration.ofMinutes(5))).build();

        StepVerifier.create(platform().deploy(code))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("code").hasMessageContaining("image"))
                .verify(VERIFY);
        StepVerifier.create(platform().deploy(idle))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("limits.idleTimeout"))
                .verify(VERIFY);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void deployWaitsUntilAReplicaIsAvailableWhenAsked() {
        OpenFaasPlatformProperties properties = properties();
        properties.setWaitForReady(true);
        properties.setReadyPollInterval(Duration.ofMillis(50));
        properties.setReadyTimeout(Duration.ofSeconds(10));
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(get(urlEqualTo("/system/function/upper")).inScenario("rollout")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(404).withBody("not found"))
                .willSetStateTo("starting"));
        wireMock.stubFor(get(urlEqualTo("/system/function/upper")).inScenario("rollout")
                .whenScenarioStateIs("starting").willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(OpenFaasStubs.status(upper(), 0)))
                .willSetStateTo("ready"));
        wireMock.stubFor(get(urlEqualTo("/system/function/upper")).inScenario("rollout")
                .whenScenarioStateIs("ready").willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(OpenFaasStubs.status(upper(), 1))));

        StepVerifier.create(OpenFaasStubs.platform(properties).deploy(upper()))
                .assertNext(info -> assertThat(info.availableReplicas()).isEqualTo(1))
                .expectComplete().verify(VERIFY);

        wireMock.verify(3, getRequestedFor(urlEqualTo("/system/function/upper")));
    }

    @Test
    void deployWaitForReadinessTimesOutWithTheLastStatusInTheMessage() {
        OpenFaasPlatformProperties properties = properties();
        properties.setWaitForReady(true);
        properties.setReadyPollInterval(Duration.ofMillis(50));
        properties.setReadyTimeout(Duration.ofSeconds(3));
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(get(urlEqualTo("/system/function/upper")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OpenFaasStubs.status(upper(), 0))));

        StepVerifier.create(OpenFaasStubs.platform(properties).deploy(upper()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.Timeout.class)
                        .hasMessageContaining("availableReplicas >= 1")
                        .hasMessageContaining("last status: replicas=1, availableReplicas=0"))
                .verify(VERIFY);
    }

    // ---- list, get, delete, scale ---------------------------------------------------------------------------

    @Test
    void listOfOneNamespaceSendsItAsAQueryParameter() {
        wireMock.stubFor(get(urlEqualTo("/system/functions?namespace=openfaas-fn")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("[{\"name\":\"nsfn\",\"image\":\"x:1\",\"envProcess\":\"cat\",\"labels\":{},"
                        + "\"annotations\":{},\"replicas\":1,\"availableReplicas\":1,"
                        + "\"createdAt\":\"0001-01-01T00:00:00Z\"}]")));

        StepVerifier.create(kubernetes("openfaas-fn").list())
                .assertNext(info -> {
                    assertThat(info.name()).isEqualTo("nsfn");
                    assertThat(info.scope()).as("the configured namespace is the default scope").isNull();
                    assertThat(info.process()).isEqualTo("cat");
                    assertThat(info.createdAt()).as("Go's zero time means unknown").isNull();
                })
                .expectComplete().verify(VERIFY);
        wireMock.verify(getRequestedFor(urlEqualTo("/system/functions?namespace=openfaas-fn"))
                .withHeader("Authorization", equalTo(OpenFaasStubs.AUTHORIZATION)));
    }

    @Test
    void listOfAllNamespacesReadsEachNamespaceTheGatewayReports() {
        OpenFaasPlatformProperties properties = properties();
        properties.setProvider(Provider.KUBERNETES);
        properties.setAllNamespaces(true);
        wireMock.stubFor(get(urlEqualTo("/system/namespaces")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[\"openfaas-fn\",\"dev\"]")));
        wireMock.stubFor(get(urlEqualTo("/system/functions?namespace=openfaas-fn")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("[{\"name\":\"a\",\"image\":\"x:1\"}]")));
        wireMock.stubFor(get(urlEqualTo("/system/functions?namespace=dev")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("[{\"name\":\"b\",\"image\":\"x:1\"}]")));

        StepVerifier.create(OpenFaasStubs.platform(properties).list().map(info -> info.name() + "." + info.scope())
                        .collectList())
                .assertNext(names -> assertThat(names).containsExactly("a.null", "b.dev"))
                .expectComplete().verify(VERIFY);
    }

    /**
     * The recorded CE gateway 0.27.12 answered {@code GET /system/namespaces} with {@code []}
     * ({@code recorded/openfaas-gateway-with-faas-cli.txt}, {@code faas-cli namespaces}): the functions are then read
     * from the gateway's default namespace, without a {@code namespace} parameter.
     */
    @Test
    void listOfAllNamespacesWhenTheGatewayReportsNoneReadsTheDefaultNamespace() {
        OpenFaasPlatformProperties properties = properties();
        properties.setProvider(Provider.KUBERNETES);
        properties.setAllNamespaces(true);
        wireMock.stubFor(get(urlEqualTo("/system/namespaces")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[]")));
        wireMock.stubFor(get(urlEqualTo("/system/functions")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("[{\"name\":\"a\",\"image\":\"x:1\"}]")));

        StepVerifier.create(OpenFaasStubs.platform(properties).list().map(info -> info.name() + "." + info.scope())
                        .collectList())
                .assertNext(names -> assertThat(names).containsExactly("a.null"))
                .expectComplete().verify(VERIFY);
    }

    @Test
    void listWithRefusedCredentialsIsPlatformUnavailableSayingSo() {
        wireMock.stubFor(get(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(401)
                .withHeader("Www-Authenticate", "Basic realm=\"Restricted\"")
                .withHeader("Content-Type", "text/plain; charset=utf-8").withBody("invalid credentials")));

        StepVerifier.create(platform().list())
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(FaasException.PlatformUnavailable.class)
                        .hasMessageContaining("credentials were refused")
                        .hasMessageContaining("invalid credentials"))
                .verify(VERIFY);
    }

    @Test
    void getOfAnUnknownFunctionCarriesTheGatewaysPlainTextWords() {
        wireMock.stubFor(get(urlEqualTo("/system/function/ghost")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/plain; charset=utf-8").withBody("function ghost not found")));

        StepVerifier.create(platform().get(FunctionRef.of("ghost")))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(FaasException.FunctionNotFound.class)
                        .hasMessageContaining("function ghost not found"))
                .verify(VERIFY);
    }

    @Test
    void deleteSendsTheFunctionNameAsAJsonBodyOnDelete() {
        wireMock.stubFor(delete(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));

        StepVerifier.create(platform().delete(FunctionRef.of("echo"))).expectComplete().verify(VERIFY);
        StepVerifier.create(kubernetes("dev").delete(FunctionRef.of("nsfn"))).expectComplete().verify(VERIFY);

        wireMock.verify(deleteRequestedFor(urlEqualTo("/system/functions"))
                .withHeader("Authorization", equalTo(OpenFaasStubs.AUTHORIZATION))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"functionName\":\"echo\"}")));
        wireMock.verify(deleteRequestedFor(urlEqualTo("/system/functions"))
                .withRequestBody(equalToJson("{\"functionName\":\"nsfn\",\"namespace\":\"dev\"}")));
    }

    @Test
    void scalePostsTheServiceNameAndReplicasAndAccepts200Or202() {
        wireMock.stubFor(post(urlEqualTo("/system/scale-function/echo")).willReturn(aResponse().withStatus(202)));

        StepVerifier.create(kubernetes("dev").scale(FunctionRef.of("echo"), 3)).expectComplete().verify(VERIFY);

        wireMock.verify(postRequestedFor(urlEqualTo("/system/scale-function/echo"))
                .withHeader("Authorization", equalTo(OpenFaasStubs.AUTHORIZATION))
                .withRequestBody(equalToJson("{\"serviceName\":\"echo\",\"replicas\":3,\"namespace\":\"dev\"}")));
    }

    /**
     * faasd answers 200 where faas-netes answers 202 (CONTRACTS.md section 1, Update/Delete/Scale rows; recorded
     * {@code openfaas-gateway-with-faas-cli.txt}: 200 to PUT and DELETE {@code /system/functions}).
     */
    @Test
    void updateDeleteAndScaleAccept200AsFaasdAnswers() {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(200)));
        wireMock.stubFor(delete(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(200)));
        wireMock.stubFor(post(urlEqualTo("/system/scale-function/upper")).willReturn(aResponse().withStatus(200)));
        stubStatus(upper());

        StepVerifier.create(platform().deploy(upper())).expectNextCount(1).expectComplete().verify(VERIFY);
        StepVerifier.create(platform().scale(FunctionRef.of("upper"), 2)).expectComplete().verify(VERIFY);
        StepVerifier.create(platform().delete(FunctionRef.of("upper"))).expectComplete().verify(VERIFY);

        wireMock.verify(0, postRequestedFor(urlEqualTo("/system/functions")));
    }

    @Test
    void scaleToZeroRefusedByTheProviderIsInvalidSpecWithItsWords() {
        wireMock.stubFor(post(urlEqualTo("/system/scale-function/echo")).willReturn(aResponse().withStatus(400)
                .withBody("replicas must be greater than 0")));

        StepVerifier.create(platform().scale(FunctionRef.of("echo"), 0))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("replicas must be greater than 0"))
                .verify(VERIFY);
    }

    @Test
    void aNameWithADotIsRejectedBeforeAnyRequest() {
        OpenFaasPlatform platform = platform();

        StepVerifier.create(platform.get(FunctionRef.of("echo.openfaas-fn"))).expectError(FaasException.InvalidSpec.class)
                .verify(VERIFY);
        StepVerifier.create(platform.delete(FunctionRef.of("echo.dev"))).expectError(FaasException.InvalidSpec.class).verify(VERIFY);
        StepVerifier.create(platform.scale(FunctionRef.of("a.b"), 1)).expectError(FaasException.InvalidSpec.class).verify(VERIFY);
        StepVerifier.create(platform.forwardTarget(FunctionRef.of("a.b")))
                .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("namespace 'b'"))
                .verify(VERIFY);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    // ---- probe and credentials ------------------------------------------------------------------------------

    @Test
    void probeReadsHealthzWithoutAuthAndSystemInfoWithIt() {
        wireMock.stubFor(get(urlEqualTo("/healthz")).willReturn(aResponse().withStatus(200)));
        wireMock.stubFor(get(urlEqualTo("/system/info")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"provider\":{\"provider\":\"faas-memory\",\"version\":{\"sha\":\"\",\"release\":\"dev\"},"
                        + "\"orchestration\":\"memory\"},\"version\":{\"commit_message\":\"See GitHub\",\"sha\":\"\","
                        + "\"release\":\"0.27.12\"},\"arch\":\"\"}")));

        StepVerifier.create(platform().probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.UP);
                    assertThat(health.info()).containsEntry("provider", "faas-memory")
                            .containsEntry("orchestration", "memory").containsEntry("gatewayVersion", "0.27.12")
                            .containsEntry("configuredProvider", "swarm");
                })
                .expectComplete().verify(VERIFY);
        wireMock.verify(getRequestedFor(urlEqualTo("/healthz")).withoutHeader("Authorization"));
        wireMock.verify(getRequestedFor(urlEqualTo("/system/info"))
                .withHeader("Authorization", equalTo(OpenFaasStubs.AUTHORIZATION)));
    }

    @Test
    void probeWithRefusedCredentialsIsDownSayingSo() {
        wireMock.stubFor(get(urlEqualTo("/healthz")).willReturn(aResponse().withStatus(200)));
        wireMock.stubFor(get(urlEqualTo("/system/info")).willReturn(aResponse().withStatus(401)
                .withBody("invalid credentials")));

        StepVerifier.create(platform().probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.DOWN);
                    assertThat(health.detail()).contains("credentials were refused");
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void thePasswordIsReadFromADockerSecretFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("basic-auth-password");
        Files.writeString(secret, "secret123\n", StandardCharsets.UTF_8);
        OpenFaasPlatformProperties properties = properties();
        properties.setPassword(null);
        properties.setPasswordFile(secret);
        wireMock.stubFor(get(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("null")));

        StepVerifier.create(OpenFaasStubs.platform(properties).list()).expectComplete().verify(VERIFY);

        wireMock.verify(getRequestedFor(urlEqualTo("/system/functions"))
                .withHeader("Authorization", equalTo(OpenFaasStubs.AUTHORIZATION)));
    }

    @Test
    void withoutAPasswordNoAuthorizationIsSent() {
        OpenFaasPlatformProperties properties = properties();
        properties.setPassword(null);
        wireMock.stubFor(get(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[]")));

        StepVerifier.create(OpenFaasStubs.platform(properties).list().collectList())
                .assertNext(list -> assertThat(list).isEmpty()).expectComplete().verify(VERIFY);

        wireMock.verify(getRequestedFor(urlEqualTo("/system/functions")).withoutHeader("Authorization"));
    }

    @Test
    void infoOfAFunctionMapsEveryField() {
        wireMock.stubFor(get(urlEqualTo("/system/function/resize")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"resize\",\"image\":\"org/resize:1.2\",\"envProcess\":\"./handler\","
                        + "\"envVars\":{\"exec_timeout\":\"45s\",\"max_inflight\":\"2\"},\"labels\":{\"a\":\"1\"},"
                        + "\"annotations\":{\"b\":\"2\"},\"secrets\":[\"k\"],\"limits\":{\"memory\":\"64m\","
                        + "\"cpu\":\"1500000000\"},\"replicas\":2,\"availableReplicas\":1,\"invocationCount\":7,"
                        + "\"createdAt\":\"2026-11-21T22:46:33Z\",\"usage\":{\"cpu\":0.1}}")));

        StepVerifier.create(platform().get(FunctionRef.of("resize")))
                .assertNext(info -> {
                    assertThat(info).extracting(FunctionInfo::image, FunctionInfo::process, FunctionInfo::replicas,
                                    FunctionInfo::availableReplicas, FunctionInfo::invocationCount)
                            .containsExactly("org/resize:1.2", "./handler", 2, 1, 7L);
                    assertThat(info.labels()).containsEntry("a", "1");
                    assertThat(info.annotations()).containsEntry("b", "2");
                    assertThat(info.limits()).isEqualTo(Limits.none().withMemoryMiB(64).withCpus(1.5)
                            .withTimeout(Duration.ofSeconds(45)).withConcurrency(2));
                    assertThat(info.createdAt()).hasToString("2026-11-21T22:46:33Z");
                    assertThat(info.limitQuantities()).isEqualTo(new Resources("64m", "1500000000"));
                    assertThat(info.secrets()).containsExactly("k");
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void infoKeepsQuantitiesRequestsConstraintsAndReadOnlyRootFilesystemAsTheGatewayReportsThem() {
        wireMock.stubFor(get(urlEqualTo("/system/function/keeper")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"keeper\",\"image\":\"x:1\",\"constraints\":[\"node.role==worker\"],"
                        + "\"limits\":{\"memory\":\"128Mi\",\"cpu\":\"500m\"},"
                        + "\"requests\":{\"memory\":\"64Mi\",\"cpu\":\"100m\"},\"readOnlyRootFilesystem\":true,"
                        + "\"replicas\":1,\"availableReplicas\":1}")));

        StepVerifier.create(kubernetes(null).get(FunctionRef.of("keeper")))
                .assertNext(info -> {
                    assertThat(info.limitQuantities()).isEqualTo(new Resources("128Mi", "500m"));
                    assertThat(info.limits()).isEqualTo(Limits.none().withMemoryMiB(128).withCpus(0.5));
                    assertThat(info.requests()).isEqualTo(new Resources("64Mi", "100m"));
                    assertThat(info.constraints()).containsExactly("node.role==worker");
                    assertThat(info.readOnlyRootFilesystem()).isTrue();
                })
                .expectComplete().verify(VERIFY);
    }
}
