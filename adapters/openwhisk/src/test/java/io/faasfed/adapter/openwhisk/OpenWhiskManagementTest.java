package io.faasfed.adapter.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionCode;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Limits;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** The exact management requests the adapter sends: auth, overwrite, exec/parameters/annotations JSON, paging. */
class OpenWhiskManagementTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);
    private static final String INFO = "{\"description\":\"OpenWhisk\",\"api_paths\":[\"/api/v1\"],"
            + "\"limits\":{\"actions_per_minute\":120,\"concurrent_actions\":100,\"triggers_per_minute\":60},"
            + "\"runtimes\":{\"nodejs\":[{\"kind\":\"nodejs:18\",\"image\":\"openwhisk/action-nodejs-v18:1.0\","
            + "\"default\":false,\"deprecated\":true},{\"kind\":\"nodejs:20\",\"image\":\"openwhisk/action-nodejs-v20\","
            + "\"default\":true,\"deprecated\":false}],\"python\":[{\"kind\":\"python:3.11\","
            + "\"image\":\"openwhisk/action-python-v3.11\",\"default\":true,\"deprecated\":false}]}}";

    @RegisterExtension
    static final LoopbackWireMock controller = LoopbackWireMock.create();

    private OpenWhiskPlatform platform() {
        return OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5));
    }

    @Test
    void deployPutsWithOverwriteBasicAuthAndTheExecParametersAnnotationsAndLimits() {
        String stored = OpenWhiskStubs.imageAction("hello", "faasfed/samples:uppercase", Map.of("exec", "blackbox"));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/hello"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/hello")).willReturn(okJson(stored)));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "fed");
        labels.put("web-export", "true");
        labels.put("final", "false");
        FunctionSpec spec = FunctionSpec.builder("hello").image("faasfed/samples:uppercase").env("GREETING", "hi")
                .labels(labels).annotation("owner", "ops")
                .limits(Limits.none().withMemoryMiB(128).withTimeout(Duration.ofSeconds(30))).build();

        StepVerifier.create(platform().deploy(spec))
                .assertNext(info -> assertThat(info.name()).isEqualTo("hello"))
                .expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/_/actions/hello?overwrite=true"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{"
                        + "\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:uppercase\"},"
                        + "\"parameters\":[{\"key\":\"GREETING\",\"value\":\"hi\",\"init\":true}],"
                        + "\"annotations\":[{\"key\":\"team\",\"value\":\"fed\"},{\"key\":\"web-export\",\"value\":true},"
                        + "{\"key\":\"final\",\"value\":false},{\"key\":\"owner\",\"value\":\"ops\"},"
                        + "{\"key\":\"provide-api-key\",\"value\":false}],"
                        + "\"delAnnotations\":[],"
                        + "\"limits\":{\"memory\":128,\"timeout\":30000,\"concurrency\":1}}")));
    }

    @Test
    void deploySendsDefaultLimitsSoThatAnUpdateReplacesOldOnes() {
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/plain"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/plain"))
                .willReturn(okJson(OpenWhiskStubs.imageAction("plain", "org/plain:1", Map.of()))));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("plain").image("org/plain:1").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/_/actions/plain?overwrite=true"))
                .withRequestBody(equalToJson("{\"exec\":{\"kind\":\"blackbox\",\"image\":\"org/plain:1\"},"
                        + "\"parameters\":[],\"annotations\":[{\"key\":\"provide-api-key\",\"value\":false}],"
                        + "\"delAnnotations\":[],"
                        + "\"limits\":{\"memory\":256,\"timeout\":60000,\"concurrency\":1}}")));
    }

    @Test
    void deployDeletesAnnotationsTheSpecNoLongerHasButKeepsTheControllers() {
        String existing = OpenWhiskStubs.imageAction("hello", "org/hello:1",
                Map.of("exec", "blackbox", "provide-api-key", false, "team", "old", "stale", "x"));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/hello")).willReturn(okJson(existing)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/hello")).willReturn(okJson(existing)));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("hello").image("org/hello:2")
                        .label("team", "new").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/_/actions/hello?overwrite=true"))
                .withRequestBody(equalToJson("{\"delAnnotations\":[\"stale\"]}", true, true)));
    }

    @Test
    void deployIntoAPackageCreatesTheMissingPackageFirst() {
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/packages/tools"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/packages/tools"))
                .willReturn(okJson("{\"namespace\":\"guest\",\"name\":\"tools\",\"version\":\"0.0.1\","
                        + "\"publish\":false}")));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/tools/resize"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/tools/resize"))
                .willReturn(okJson(OpenWhiskStubs.action("guest/tools", "resize",
                        "{\"kind\":\"blackbox\",\"image\":\"org/resize:1\"}", Map.of(), Map.of(), 256, 60000))));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("resize").scope("tools").image("org/resize:1")
                        .build()))
                .assertNext(info -> {
                    assertThat(info.scope()).isEqualTo("tools");
                    assertThat(info.backendRef()).isEqualTo("tools/resize");
                })
                .expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/_/packages/tools?overwrite=false"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION)));
        controller.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/_/actions/tools/resize?overwrite=true")));
    }

    @Test
    void deployIntoAnExistingPackageLeavesThePackageAlone() {
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/packages/tools"))
                .willReturn(okJson("{\"namespace\":\"guest\",\"name\":\"tools\",\"version\":\"0.0.1\","
                        + "\"publish\":false}")));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/tools/resize"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/tools/resize"))
                .willReturn(okJson(OpenWhiskStubs.action("guest/tools", "resize",
                        "{\"kind\":\"blackbox\",\"image\":\"org/resize:1\"}", Map.of(), Map.of(), 256, 60000))));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("resize").scope("tools").image("org/resize:1")
                        .build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(0, putRequestedFor(urlPathEqualTo("/api/v1/namespaces/_/packages/tools")));
    }

    @Test
    void deployOfCodeUsesTheRuntimeKindTheManifestOffers() {
        controller.stubFor(get(urlEqualTo("/")).willReturn(okJson(INFO)));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/greet"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/greet"))
                .willReturn(okJson(OpenWhiskStubs.plainAction("greet", 60000))));
        FunctionSpec spec = FunctionSpec.builder("greet")
                .code(new FunctionCode("nodejs:20", "function hello(p) { return {g: p.name}; }", "hello", false))
                .build();

        StepVerifier.create(platform().deploy(spec))
                .assertNext(info -> assertThat(info.runtime()).isEqualTo("nodejs:20"))
                .expectComplete().verify(VERIFY);

        controller.verify(getRequestedFor(urlEqualTo("/")));
        controller.verify(putRequestedFor(urlEqualTo("/api/v1/namespaces/_/actions/greet?overwrite=true"))
                .withRequestBody(equalToJson("{\"exec\":{\"kind\":\"nodejs:20\","
                        + "\"code\":\"function hello(p) { return {g: p.name}; }\",\"main\":\"hello\"}}", true, true)));
    }

    @Test
    void deployOfAnUnknownKindFailsListingTheValidKinds() {
        controller.stubFor(get(urlEqualTo("/")).willReturn(okJson(INFO)));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("greet")
                        .code(FunctionCode.of("nodejs:99", "x")).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.InvalidSpec.class, invalid -> {
                            assertThat(invalid.field()).contains("code.runtime");
                            assertThat(invalid.getMessage()).contains("'nodejs:99'")
                                    .contains("one of nodejs:20, python:3.11");
                        }))
                .verify(VERIFY);
        controller.verify(0, putRequestedFor(urlPathEqualTo("/api/v1/namespaces/_/actions/greet")));
    }

    @Test
    void deployOfADeprecatedKindSaysItIsDeprecated() {
        controller.stubFor(get(urlEqualTo("/")).willReturn(okJson(INFO)));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("greet")
                        .code(FunctionCode.of("nodejs:18", "x")).build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("'nodejs:18' is deprecated"))
                .verify(VERIFY);
    }

    @Test
    void deployRejectsMemoryOutsideTheRangeNamingTheLimit() {
        StepVerifier.create(platform().deploy(FunctionSpec.builder("big").image("org/big:1")
                        .limits(Limits.none().withMemoryMiB(1024)).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.InvalidSpec.class, invalid -> {
                            assertThat(invalid.field()).contains("limits.memoryMiB");
                            assertThat(invalid.getMessage()).contains("1024 MB").contains("128-512 MB");
                        }))
                .verify(VERIFY);
        assertThat(controller.getAllServeEvents()).isEmpty();
    }

    @Test
    void deployRejectsATimeoutOutsideTheRangeNamingTheLimit() {
        StepVerifier.create(platform().deploy(FunctionSpec.builder("long").image("org/long:1")
                        .limits(Limits.none().withTimeout(Duration.ofMinutes(10))).build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.InvalidSpec.class, invalid -> {
                            assertThat(invalid.field()).contains("limits.timeout");
                            assertThat(invalid.getMessage()).contains("600000 ms").contains("100-300000 ms");
                        }))
                .verify(VERIFY);
    }

    @Test
    void deployHonoursConfiguredLimitRanges() {
        OpenWhiskPlatform roomy = OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5),
                properties -> properties.setMemoryMax(2048));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/big"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/big"))
                .willReturn(okJson(OpenWhiskStubs.imageAction("big", "org/big:1", Map.of()))));

        StepVerifier.create(roomy.deploy(FunctionSpec.builder("big").image("org/big:1")
                        .limits(Limits.none().withMemoryMiB(1024)).build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlPathEqualTo("/api/v1/namespaces/_/actions/big"))
                .withRequestBody(equalToJson("{\"limits\":{\"memory\":1024}}", true, true)));
    }

    @Test
    void deployRejectsWhatOpenWhiskCannotHonour() {
        StepVerifier.create(platform().deploy(FunctionSpec.builder("cpu").image("org/cpu:1")
                        .limits(Limits.none().withCpus(0.5)).build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("limits.cpus"))
                .verify(VERIFY);
        StepVerifier.create(platform().deploy(FunctionSpec.builder("sec").image("org/sec:1")
                        .secrets(List.of("db-password")).build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("secrets"))
                .verify(VERIFY);
    }

    @Test
    void deployMapsAControllerRejectionToInvalidSpecWithItsWords() {
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions/bad"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo("/api/v1/namespaces/_/actions/bad"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"The request content was malformed: image name invalid\","
                                + "\"code\":\"tx400\"}")));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("bad").image("org/bad:1").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("image name invalid"))
                .verify(VERIFY);
    }

    @Test
    void listFollowsSkipAndLimitUntilAShortPage() {
        OpenWhiskPlatform paged = OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5),
                properties -> properties.setPageSize(2));
        List<String> names = IntStream.rangeClosed(1, 5).mapToObj(i -> "fn" + i).toList();
        for (int skip = 0; skip < 6; skip += 2) {
            controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/actions?limit=2&skip=" + skip))
                    .willReturn(okJson(OpenWhiskStubs.briefs(names.subList(skip, Math.min(skip + 2, 5)), "guest"))));
        }

        StepVerifier.create(paged.list().map(FunctionInfo::name).collectList())
                .assertNext(listed -> assertThat(listed).containsExactlyElementsOf(names))
                .expectComplete().verify(VERIFY);

        controller.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/namespaces/_/actions"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION)));
        controller.verify(0, getRequestedFor(urlEqualTo("/api/v1/namespaces/_/actions?limit=2&skip=6")));
    }

    @Test
    void listReadsAnotherPageWhenOneIsExactlyFull() {
        OpenWhiskPlatform paged = OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5),
                properties -> properties.setPageSize(2));
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/actions?limit=2&skip=0"))
                .willReturn(okJson(OpenWhiskStubs.briefs(List.of("a", "b"), "guest"))));
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/actions?limit=2&skip=2"))
                .willReturn(okJson("[]")));

        StepVerifier.create(paged.list().map(FunctionInfo::name).collectList())
                .assertNext(listed -> assertThat(listed).containsExactly("a", "b"))
                .expectComplete().verify(VERIFY);
    }

    @Test
    void listReportsPackagedActionsWithTheirPackageAsScope() {
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions"))
                .willReturn(okJson(OpenWhiskStubs.briefs(List.of("resize"), "guest/tools"))));

        StepVerifier.create(platform().list())
                .assertNext(info -> {
                    assertThat(info.name()).isEqualTo("resize");
                    assertThat(info.scope()).isEqualTo("tools");
                    assertThat(info.backendRef()).isEqualTo("tools/resize");
                    assertThat(info.limits().memoryMiB()).isEqualTo(256);
                    assertThat(info.labels()).doesNotContainKey("exec");
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void getOfAPackagedNameReadsThePackagedActionWithoutItsCode() {
        controller.stubFor(get(urlEqualTo("/api/v1/namespaces/_/actions/tools/resize?code=false"))
                .willReturn(okJson(OpenWhiskStubs.action("guest/tools", "resize",
                        "{\"kind\":\"blackbox\",\"image\":\"org/resize:1\"}", Map.of("team", "img"),
                        Map.of("MODE", "fast"), 512, 120000))));

        StepVerifier.create(platform().get(FunctionRef.of("tools/resize")))
                .assertNext(info -> {
                    assertThat(info.image()).isEqualTo("org/resize:1");
                    assertThat(info.env()).containsEntry("MODE", "fast");
                    assertThat(info.labels()).containsEntry("team", "img");
                    assertThat(info.limits().memoryMiB()).isEqualTo(512);
                    assertThat(info.limits().timeout()).isEqualTo(Duration.ofMinutes(2));
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void getOfANameWithTwoSlashesIsInvalid() {
        StepVerifier.create(platform().get(FunctionRef.of("a/b/c")))
                .expectError(FaasException.InvalidSpec.class)
                .verify(VERIFY);
    }

    @Test
    void deleteSendsDeleteWithTheKey() {
        controller.stubFor(delete(urlEqualTo("/api/v1/namespaces/_/actions/hello"))
                .willReturn(okJson(OpenWhiskStubs.plainAction("hello", 60000))));

        StepVerifier.create(platform().delete(FunctionRef.of("hello"))).expectComplete().verify(VERIFY);

        controller.verify(deleteRequestedFor(urlEqualTo("/api/v1/namespaces/_/actions/hello"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION)));
    }

    @Test
    void aConfiguredNamespaceIsUsedInEveryPath() {
        OpenWhiskPlatform team = OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5),
                properties -> properties.setNamespace("team-a"));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/team-a/actions")).willReturn(okJson("[]")));

        StepVerifier.create(team.list()).expectComplete().verify(VERIFY);
    }

    @Test
    void scaleIsUnsupported() {
        assertThat(platform().capabilities()).doesNotContain(Capability.SCALE)
                .contains(Capability.ASYNC_INVOKE, Capability.ASYNC_RESULT_LOOKUP, Capability.CODE_DEPLOY,
                        Capability.HTTP_FORWARD);
        StepVerifier.create(platform().scale(FunctionRef.of("hello"), 3))
                .expectError(FaasException.UnsupportedCapability.class)
                .verify(VERIFY);
    }
}
