package io.faasfed.adapter.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * Tenant namespaces with their own keys: every request about one carries that namespace's key and never the
 * gateway's, and the gateway's key is never lent to a caller or an action (require-whisk-auth, provide-api-key).
 */
class OpenWhiskTenantNamespaceTest {

    private static final Duration VERIFY = Duration.ofSeconds(20);
    private static final String TENANT = "team-a";
    private static final String TENANT_UUID = "7a1d2c3b-0000-4000-8000-00000000000a";
    private static final String TENANT_SECRET = "TenantAS3cretTenantAS3cretTenantAS3cretTenantAS3cretTenantAS3cret";
    private static final String TENANT_AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString((TENANT_UUID + ":" + TENANT_SECRET).getBytes(StandardCharsets.UTF_8));
    private static final String TENANT_ACTIONS = "/api/v1/namespaces/" + TENANT + "/actions/";
    private static final String OWN_ACTIONS = "/api/v1/namespaces/_/actions/";
    private static final String REFUSED = "{\"error\":\"The supplied authentication is invalid\",\"code\":\"tx401\"}";

    @RegisterExtension
    static final LoopbackWireMock controller = LoopbackWireMock.create();

    /** The stub controller refuses any request whose key does not own the namespace it names. */
    @BeforeEach
    void refuseWrongKeys() {
        controller.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withStatus(401).withBody(REFUSED)));
    }

    private OpenWhiskPlatform platform() {
        return OpenWhiskStubs.platform(controller.baseUrl(), Duration.ofSeconds(5), properties -> {
            OpenWhiskPlatformProperties.Namespace tenant = new OpenWhiskPlatformProperties.Namespace();
            tenant.setAuth(TENANT_UUID + ":" + TENANT_SECRET);
            properties.getNamespaces().put(TENANT, tenant);
        });
    }

    private static String tenantAction(String name, Map<String, Object> annotations) {
        return OpenWhiskStubs.action(TENANT, name, "{\"kind\":\"blackbox\",\"image\":\"org/a:1\",\"binary\":false}",
                annotations, Map.of(), 256, 60000);
    }

    private static void assertTheGatewayKeyNeverReachedTheTenantNamespace() {
        controller.verify(0, anyRequestedFor(urlPathMatching("/api/v1/(namespaces|web)/" + TENANT + "/.*"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION)));
    }

    @Test
    void aTenantNamespaceIsDeployedReadAndDeletedWithItsOwnKey() {
        controller.stubFor(get(urlPathEqualTo(TENANT_ACTIONS + "hello"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo(TENANT_ACTIONS + "hello"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantAction("hello", Map.of("exec", "blackbox")))));
        controller.stubFor(delete(urlPathEqualTo(TENANT_ACTIONS + "hello"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantAction("hello", Map.of()))));
        OpenWhiskPlatform platform = platform();

        StepVerifier.create(platform.deploy(FunctionSpec.builder("hello").scope(TENANT).image("org/a:1").build()))
                .assertNext(info -> {
                    assertThat(info.name()).isEqualTo("hello");
                    assertThat(info.scope()).isEqualTo(TENANT);
                })
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.delete(FunctionRef.of("hello", TENANT))).expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo(TENANT_ACTIONS + "hello?overwrite=true"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION)));
        controller.verify(deleteRequestedFor(urlEqualTo(TENANT_ACTIONS + "hello"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION)));
        assertThat(platform.defaultScope()).isNotEqualTo(TENANT);
        assertTheGatewayKeyNeverReachedTheTenantNamespace();
    }

    @Test
    void aScopeThatIsNoTenantNamespaceIsStillAPackageOfTheGatewaysNamespace() {
        controller.stubFor(get(urlPathEqualTo(OWN_ACTIONS + "tools/resize"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION))
                .willReturn(okJson(OpenWhiskStubs.action("guest/tools", "resize",
                        "{\"kind\":\"blackbox\",\"image\":\"org/r:1\"}", Map.of(), Map.of(), 256, 60000))));

        StepVerifier.create(platform().get(FunctionRef.of("resize", "tools")))
                .assertNext(info -> assertThat(info.scope()).isEqualTo("tools"))
                .expectComplete().verify(VERIFY);
    }

    @Test
    void aPackagedNameInATenantNamespaceIsAnInvalidSpec() {
        StepVerifier.create(platform().get(FunctionRef.of("tools/resize", TENANT)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                        .hasMessageContaining("packages inside the tenant namespace 'team-a' are not supported"))
                .verify(VERIFY);
    }

    @Test
    void listingCoversTheTenantNamespacesWithTheirNameAsScope() {
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION))
                .willReturn(okJson(OpenWhiskStubs.briefs(List.of("own"), "guest"))));
        String tenantBriefs = OpenWhiskStubs.briefs(List.of("a1"), TENANT);
        String packaged = OpenWhiskStubs.briefs(List.of("inpkg"), TENANT + "/tools");
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/" + TENANT + "/actions"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantBriefs.substring(0, tenantBriefs.length() - 1) + ","
                        + packaged.substring(1))));

        StepVerifier.create(platform().list().collectList())
                .assertNext(infos -> assertThat(infos).extracting(FunctionInfo::name, FunctionInfo::scope)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("own", null),
                                org.assertj.core.groups.Tuple.tuple("a1", TENANT)))
                .expectComplete().verify(VERIFY);
        assertTheGatewayKeyNeverReachedTheTenantNamespace();
    }

    @Test
    void aWebActionThatRequiresTheKeyInATenantNamespaceGetsTheTenantsKey() {
        controller.stubFor(get(urlEqualTo(TENANT_ACTIONS + "secured?code=false"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantAction("secured", Map.of("web-export", true, "require-whisk-auth", true)))));
        controller.stubFor(any(urlPathEqualTo("/api/v1/web/" + TENANT + "/default/secured.http"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(aResponse().withStatus(200).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "w1")));
        OpenWhiskPlatform platform = platform();

        StepVerifier.create(platform.invoke(Invocation.builder("secured").scope(TENANT).build()))
                .assertNext(result -> assertThat(result.status()).isEqualTo(200))
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.forwardTarget(FunctionRef.of("secured", TENANT)))
                .assertNext(target -> {
                    assertThat(target.uri().toString())
                            .isEqualTo(controller.baseUrl() + "/api/v1/web/" + TENANT + "/default/secured.http");
                    assertThat(target.requestHeaders().first("Authorization")).contains(TENANT_AUTHORIZATION);
                })
                .expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlEqualTo("/api/v1/web/" + TENANT + "/default/secured.http"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION)));
        assertTheGatewayKeyNeverReachedTheTenantNamespace();
    }

    @Test
    void invocationsAndActivationsOfATenantNamespaceUseItsKey() {
        controller.stubFor(get(urlEqualTo(TENANT_ACTIONS + "job?code=false"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantAction("job", Map.of()))));
        controller.stubFor(post(urlPathEqualTo(TENANT_ACTIONS + "job"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(aResponse().withStatus(202).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "act1")
                        .withHeader("Content-Type", "application/json").withBody("{\"activationId\":\"act1\"}")));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/activations/act1"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(get(urlPathEqualTo("/api/v1/namespaces/" + TENANT + "/activations/act1"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson("{\"namespace\":\"" + TENANT + "\",\"name\":\"job\",\"activationId\":\"act1\","
                        + "\"response\":{\"status\":\"success\",\"success\":true,\"result\":{\"ok\":true}}}")));
        OpenWhiskPlatform platform = platform();

        StepVerifier.create(platform.invokeAsync(Invocation.builder("job").scope(TENANT).build()))
                .assertNext(accepted -> assertThat(accepted.callId()).isEqualTo("act1"))
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.asyncResult("act1").flatMap(Invocation.Result::bodyAsString))
                .assertNext(body -> assertThat(body).contains("\"ok\":true"))
                .expectComplete().verify(VERIFY);

        controller.verify(postRequestedFor(urlEqualTo(TENANT_ACTIONS + "job?blocking=false"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION)));
        assertTheGatewayKeyNeverReachedTheTenantNamespace();
    }

    @Test
    void aDeployIntoTheGatewaysNamespaceThatWouldLendItsKeyIsRefusedBeforeAnyRequest() {
        OpenWhiskPlatform platform = platform();
        List<FunctionSpec> lending = List.of(
                FunctionSpec.builder("a").image("org/a:1").annotation("provide-api-key", "true").build(),
                FunctionSpec.builder("b").image("org/a:1").label("provide-api-key", "yes").build(),
                FunctionSpec.builder("c").image("org/a:1").annotation("provide-api-key", "0").build(),
                FunctionSpec.builder("d").image("org/a:1").label("web-export", "true")
                        .annotation("require-whisk-auth", "true").build());
        List<String> fields = List.of("annotations.provide-api-key", "labels.provide-api-key",
                "annotations.provide-api-key", "annotations.require-whisk-auth");

        for (int i = 0; i < lending.size(); i++) {
            String field = fields.get(i);
            StepVerifier.create(platform.deploy(lending.get(i)))
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(FaasException.InvalidSpec.class)
                                .hasMessageContaining("would lend the gateway's OpenWhisk key")
                                .hasMessageContaining("deploy into a tenant namespace configured with its own key "
                                        + "(faasfed.platforms.openwhisk.namespaces." + TENANT + ".auth)")
                                .hasMessageNotContaining(OpenWhiskStubs.KEY);
                        assertThat(((FaasException.InvalidSpec) error).field()).contains(field);
                    })
                    .verify(VERIFY);
        }
        controller.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aFalseProvideApiKeyAndASecretRequireWhiskAuthAreDeployedInTheGatewaysNamespace() {
        controller.stubFor(get(urlPathEqualTo(OWN_ACTIONS + "page"))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo(OWN_ACTIONS + "page"))
                .withHeader("Authorization", equalTo(OpenWhiskStubs.AUTHORIZATION))
                .willReturn(okJson(OpenWhiskStubs.imageAction("page", "org/a:1", Map.of()))));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("page").image("org/a:1")
                        .annotation("provide-api-key", "false").annotation("web-export", "true")
                        .annotation("require-whisk-auth", "s3cr3t").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo(OWN_ACTIONS + "page?overwrite=true"))
                .withRequestBody(equalToJson("{\"annotations\":[{\"key\":\"provide-api-key\",\"value\":false},"
                        + "{\"key\":\"web-export\",\"value\":true},{\"key\":\"require-whisk-auth\","
                        + "\"value\":\"s3cr3t\"}]}", false, true)));
    }

    @Test
    void aTenantNamespaceMayHaveItsOwnKeyProvidedAndRequired() {
        controller.stubFor(get(urlPathEqualTo(TENANT_ACTIONS + "reader"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(aResponse().withStatus(404).withBody(OpenWhiskStubs.NOT_FOUND)));
        controller.stubFor(put(urlPathEqualTo(TENANT_ACTIONS + "reader"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantAction("reader", Map.of("provide-api-key", true)))));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("reader").scope(TENANT).image("org/a:1")
                        .annotation("provide-api-key", "true").annotation("web-export", "true")
                        .annotation("require-whisk-auth", "true").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo(TENANT_ACTIONS + "reader?overwrite=true"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .withRequestBody(equalToJson("{\"annotations\":[{\"key\":\"provide-api-key\",\"value\":true},"
                        + "{\"key\":\"web-export\",\"value\":true},{\"key\":\"require-whisk-auth\",\"value\":true}]}",
                        false, true)));
        assertTheGatewayKeyNeverReachedTheTenantNamespace();
    }

    @Test
    void anUpdateWithoutProvideApiKeyTurnsAnOlderTrueOff() {
        controller.stubFor(get(urlPathEqualTo(TENANT_ACTIONS + "old"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantAction("old", Map.of("exec", "blackbox", "provide-api-key", true)))));
        controller.stubFor(put(urlPathEqualTo(TENANT_ACTIONS + "old"))
                .withHeader("Authorization", equalTo(TENANT_AUTHORIZATION))
                .willReturn(okJson(tenantAction("old", Map.of("provide-api-key", false)))));

        StepVerifier.create(platform().deploy(FunctionSpec.builder("old").scope(TENANT).image("org/a:2").build()))
                .expectNextCount(1).expectComplete().verify(VERIFY);

        controller.verify(putRequestedFor(urlEqualTo(TENANT_ACTIONS + "old?overwrite=true"))
                .withRequestBody(equalToJson("{\"annotations\":[{\"key\":\"provide-api-key\",\"value\":false}],"
                        + "\"delAnnotations\":[]}", false, true)));
    }
}
