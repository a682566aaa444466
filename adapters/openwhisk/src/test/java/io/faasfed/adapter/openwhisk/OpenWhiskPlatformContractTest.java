package io.faasfed.adapter.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.testkit.contract.AbstractFaasPlatformContractTest;
import io.faasfed.testkit.contract.StubResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shared adapter contract, against a stub controller that answers in OpenWhisk's own shapes. */
class OpenWhiskPlatformContractTest extends AbstractFaasPlatformContractTest {

    private static final String ACTIONS = "/api/v1/namespaces/_/actions/";

    /** As {@code docs/adapters/openwhisk.md, "Capabilities"} lists them. */
    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ASYNC_INVOKE, Capability.ASYNC_RESULT_LOOKUP, Capability.CODE_DEPLOY,
                Capability.NAMESPACES, Capability.HTTP_FORWARD);
    }

    @Override
    protected FaasPlatform createPlatform(String baseUrl, Duration timeout) {
        return OpenWhiskStubs.platform(baseUrl, timeout);
    }

    @Override
    protected void stubDeploy(FunctionSpec spec) {
        String stored = OpenWhiskStubs.action("guest", spec.name(),
                "{\"kind\":\"blackbox\",\"image\":\"" + spec.image() + "\",\"binary\":false}",
                Map.of("exec", "blackbox", "team", "fed"), spec.env(), spec.limits().memoryMiB(),
                (int) spec.limits().timeout().toMillis());
        wireMock.stubFor(get(urlPathEqualTo(ACTIONS + spec.name())).willReturn(okJson(stored)));
        wireMock.stubFor(put(urlPathEqualTo(ACTIONS + spec.name())).withQueryParam("overwrite", equalTo("true"))
                .willReturn(okJson(stored)));
    }

    @Override
    protected void stubList(List<FunctionSpec> specs) {
        wireMock.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/actions"))
                .willReturn(okJson(OpenWhiskStubs.briefs(specs.stream().map(FunctionSpec::name).toList(), "guest"))));
    }

    @Override
    protected void stubUnknown(String name) {
        wireMock.stubFor(any(urlPathEqualTo(ACTIONS + name))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(OpenWhiskStubs.NOT_FOUND)));
    }

    @Override
    protected void stubInvoke(String name, StubResponse response) {
        wireMock.stubFor(get(urlPathEqualTo(ACTIONS + name)).willReturn(okJson(OpenWhiskStubs.webAction(name))));
        ResponseDefinitionBuilder answer = aResponse().withStatus(response.status())
                .withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "a1b2c3").withBody(response.body());
        response.headers().forEach(answer::withHeader);
        wireMock.stubFor(any(urlPathMatching("/api/v1/web/guest/default/" + name + "\\.http(/.*)?"))
                .willReturn(answer));
    }

    @Override
    protected void verifyInvoked(String name, Invocation sent) {
        wireMock.verify(requestedFor(sent.method(), urlEqualTo("/api/v1/web/guest/default/" + name + ".http"
                + sent.pathAndQuery()))
                .withHeader("X-Test", equalTo("t1"))
                .withHeader("X-Call-Id", equalTo(sent.callId()))
                .withRequestBody(equalTo("ping")));
    }

    @Override
    protected void stubFunctionFailure(String name, int status, String body) {
        wireMock.stubFor(get(urlPathEqualTo(ACTIONS + name))
                .willReturn(okJson(OpenWhiskStubs.plainAction(name, 60000))));
        wireMock.stubFor(post(urlPathEqualTo(ACTIONS + name)).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "application/json")
                .withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "f41l")
                .withBody("{\"error\":\"" + body + "\"}")));
    }

    @Override
    protected void stubSlowInvoke(String name, Duration delay) {
        wireMock.stubFor(get(urlPathEqualTo(ACTIONS + name))
                .willReturn(okJson(OpenWhiskStubs.plainAction(name, 60000))));
        wireMock.stubFor(post(urlPathEqualTo(ACTIONS + name))
                .willReturn(okJson("{\"late\":true}").withFixedDelay((int) delay.toMillis())));
    }

    @Override
    protected String otherScope() {
        return "pkg";
    }

    @Override
    protected void stubInTwoScopes(String name) {
        Map<String, Object> web = Map.of("exec", "nodejs", "web-export", true, "raw-http", false, "final", true);
        String exec = "{\"kind\":\"nodejs:20\",\"binary\":false}";
        String inDefault = OpenWhiskStubs.action("guest", name, exec, web, Map.of(), 256, 60000);
        String inPkg = OpenWhiskStubs.action("guest/pkg", name, exec, web, Map.of(), 256, 60000);
        wireMock.stubFor(get(urlPathEqualTo("/api/v1/namespaces/_/packages/pkg"))
                .willReturn(okJson("{\"namespace\":\"guest\",\"name\":\"pkg\"}")));
        for (String path : List.of(ACTIONS + name, ACTIONS + "pkg/" + name)) {
            String stored = path.endsWith("pkg/" + name) ? inPkg : inDefault;
            wireMock.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(stored)));
            wireMock.stubFor(put(urlPathEqualTo(path)).willReturn(okJson(stored)));
            wireMock.stubFor(delete(urlPathEqualTo(path)).willReturn(okJson(stored)));
        }
        wireMock.stubFor(any(urlPathMatching("/api/v1/web/guest/default/" + name + "\\.http(/.*)?"))
                .willReturn(aResponse().withStatus(200).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "d1")
                        .withBody("default")));
        wireMock.stubFor(any(urlPathMatching("/api/v1/web/guest/pkg/" + name + "\\.http(/.*)?"))
                .willReturn(aResponse().withStatus(200).withHeader(OpenWhiskPlatform.ACTIVATION_HEADER, "p1")
                        .withBody("pkg")));
    }

    @Override
    protected void verifyDeletedOnlyIn(String name, String scope) {
        String inDefault = ACTIONS + name;
        String inPkg = ACTIONS + "pkg/" + name;
        wireMock.verify(1, deleteRequestedFor(urlPathEqualTo(scope == null ? inDefault : inPkg)));
        wireMock.verify(0, deleteRequestedFor(urlPathEqualTo(scope == null ? inPkg : inDefault)));
    }

    @Override
    protected void stubHealthy() {
        wireMock.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain; charset=UTF-8").withBody("pong")));
        wireMock.stubFor(get(urlEqualTo("/api/v1")).willReturn(okJson("{\"description\":\"OpenWhisk API\","
                + "\"api_version\":\"1.0.0\",\"api_version_path\":\"v1\",\"build\":\"2024-01-01T00:00:00Z\","
                + "\"buildno\":\"1fae641\"}")));
        wireMock.stubFor(get(urlEqualTo("/api/v1/namespaces")).willReturn(okJson("[\"guest\"]")));
        wireMock.stubFor(get(urlEqualTo("/invokers/ready")).willReturn(okJson("{\"healthy\":\"1/1\"}")));
    }
}
