package io.faasfed.adapter.openfaas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import java.util.Set;

/** The shared adapter contract, against a stub that answers in the OpenFaaS gateway's own shapes. */
class OpenFaasPlatformContractTest extends AbstractFaasPlatformContractTest {

    /** As {@code docs/adapters/openfaas.md, "Capabilities": the defaults here are provider swarm with async-invoke on} lists them. */
    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.SCALE, Capability.SECRETS, Capability.HTTP_FORWARD, Capability.ASYNC_INVOKE,
                Capability.ASYNC_CALLBACK, Capability.PER_FUNCTION_NETWORK);
    }

    @Override
    protected FaasPlatform createPlatform(String baseUrl, Duration timeout) {
        return OpenFaasStubs.platform(OpenFaasStubs.properties(baseUrl, timeout));
    }

    @Override
    protected void stubDeploy(FunctionSpec spec) {
        wireMock.stubFor(put(urlEqualTo("/system/functions")).withHeader("Authorization",
                        equalTo(OpenFaasStubs.AUTHORIZATION))
                .willReturn(text(404, "{ \"status\" : \"Not found\"}")));
        wireMock.stubFor(post(urlEqualTo("/system/functions")).withHeader("Authorization",
                        equalTo(OpenFaasStubs.AUTHORIZATION))
                .withRequestBody(equalToJson("{\"service\":\"" + spec.name() + "\",\"image\":\"" + spec.image()
                        + "\"}", true, true))
                .willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(get(urlEqualTo("/system/function/" + spec.name())).withHeader("Authorization",
                        equalTo(OpenFaasStubs.AUTHORIZATION))
                .willReturn(json(OpenFaasStubs.status(spec, 1))));
    }

    @Override
    protected void stubList(List<FunctionSpec> specs) {
        wireMock.stubFor(get(urlEqualTo("/system/functions")).withHeader("Authorization",
                        equalTo(OpenFaasStubs.AUTHORIZATION))
                .willReturn(json(OpenFaasStubs.statuses(specs))));
    }

    @Override
    protected void stubUnknown(String name) {
        wireMock.stubFor(get(urlEqualTo("/system/function/" + name))
                .willReturn(text(404, "function " + name + " not found")));
        wireMock.stubFor(delete(urlEqualTo("/system/functions"))
                .withRequestBody(equalToJson("{\"functionName\":\"" + name + "\"}"))
                .willReturn(text(404, "function " + name + " not found")));
        wireMock.stubFor(any(urlPathMatching("/function/" + name + "(/.*)?"))
                .willReturn(text(404, "function " + name + " not found")
                        .withHeader("X-Call-Id", "5aa0ed7e-ada0-4e5a-829e-363e1913b14f")
                        .withHeader("X-Served-By", "openfaas-ce/")));
    }

    @Override
    protected void stubInvoke(String name, StubResponse response) {
        ResponseDefinitionBuilder answer = aResponse().withStatus(response.status()).withBody(response.body())
                .withHeader("X-Duration-Seconds", "0.002550").withHeader("X-Served-By", "openfaas-ce/");
        response.headers().forEach(answer::withHeader);
        wireMock.stubFor(any(urlPathMatching("/function/" + name + "(/.*)?")).willReturn(answer));
    }

    @Override
    protected void verifyInvoked(String name, Invocation sent) {
        var pattern = requestedFor(sent.method(), urlEqualTo("/function/" + name + sent.pathAndQuery()))
                .withHeader("X-Call-Id", equalTo(sent.callId()))
                .withHeader("Authorization", absent())
                .withRequestBody(equalTo("ping"));
        sent.headers().values().forEach((header, values) -> values.forEach(value ->
                pattern.withHeader(header, equalTo(value))));
        wireMock.verify(1, pattern);
    }

    @Override
    protected void stubFunctionFailure(String name, int status, String body) {
        wireMock.stubFor(any(urlPathMatching("/function/" + name + "(/.*)?"))
                .willReturn(text(status, body).withHeader("X-Duration-Seconds", "0.001")));
    }

    @Override
    protected void stubSlowInvoke(String name, Duration delay) {
        wireMock.stubFor(any(urlPathMatching("/function/" + name + "(/.*)?"))
                .willReturn(aResponse().withStatus(200).withBody("late").withFixedDelay((int) delay.toMillis())));
    }

    @Override
    protected void stubHealthy() {
        wireMock.stubFor(get(urlEqualTo("/healthz")).willReturn(aResponse().withStatus(200)));
        wireMock.stubFor(get(urlEqualTo("/system/info")).withHeader("Authorization",
                        equalTo(OpenFaasStubs.AUTHORIZATION))
                .willReturn(json("{\"provider\":{\"provider\":\"faas-swarm\",\"version\":{\"sha\":\"\","
                        + "\"release\":\"0.8.0\"},\"orchestration\":\"swarm\"},\"version\":{\"commit_message\":"
                        + "\"\",\"sha\":\"abc\",\"release\":\"0.27.12\"},\"arch\":\"x86_64\"}")));
    }

    @Override
    protected String otherScope() {
        return "dev";
    }

    @Override
    protected void stubInTwoScopes(String name) {
        FunctionSpec inDefault = sampleSpec(name);
        FunctionSpec inDev = inDefault.toBuilder().scope("dev").build();
        wireMock.stubFor(put(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(get(urlEqualTo("/system/function/" + name)).willReturn(json(OpenFaasStubs.status(inDefault,
                1))));
        wireMock.stubFor(get(urlEqualTo("/system/function/" + name + "?namespace=dev"))
                .willReturn(json(OpenFaasStubs.status(inDev, 1))));
        wireMock.stubFor(any(urlPathMatching("/function/" + name + "(/.*)?")).willReturn(aResponse()
                .withStatus(200).withHeader("X-Duration-Seconds", "0.001").withBody("default")));
        wireMock.stubFor(any(urlPathMatching("/function/" + name + "\\.dev(/.*)?")).willReturn(aResponse()
                .withStatus(200).withHeader("X-Duration-Seconds", "0.001").withBody("dev")));
        wireMock.stubFor(delete(urlEqualTo("/system/functions")).willReturn(aResponse().withStatus(202)));
    }

    @Override
    protected void verifyDeletedOnlyIn(String name, String scope) {
        String inDefault = "{\"functionName\":\"" + name + "\"}";
        String inDev = "{\"functionName\":\"" + name + "\",\"namespace\":\"dev\"}";
        wireMock.verify(1, deleteRequestedFor(urlEqualTo("/system/functions"))
                .withRequestBody(equalToJson(scope == null ? inDefault : inDev)));
        wireMock.verify(0, deleteRequestedFor(urlEqualTo("/system/functions"))
                .withRequestBody(equalToJson(scope == null ? inDev : inDefault)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder text(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/plain; charset=utf-8")
                .withHeader("X-Content-Type-Options", "nosniff").withBody(body);
    }
}
