package io.faasfed.adapter.fn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.http.Buffers;
import io.faasfed.testkit.contract.AbstractFaasPlatformContractTest;
import io.faasfed.testkit.contract.StubResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared adapter contract against stubs in the Fn server's own shapes: functions found by
 * {@code GET /v2/fns?app_id=&name=}, called through their HTTP trigger {@code /t/faasfed/<name>}.
 */
class FnPlatformContractTest extends AbstractFaasPlatformContractTest {

    private static final String OTHER_APP_ID = "01M804PHVVR00040GZK8000002";

    private FnStubs stubs() {
        return new FnStubs(wireMock);
    }

    /** As {@code docs/adapters/fn.md, "Capabilities"} lists them. */
    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ASYNC_INVOKE, Capability.ASYNC_OUTPUT_DISCARDED, Capability.HTTP_FORWARD);
    }

    @Override
    protected FaasPlatform createPlatform(String baseUrl, Duration timeout) {
        return FnStubs.platform(baseUrl, timeout);
    }

    @Override
    protected void stubDeploy(FunctionSpec spec) {
        FnStubs stubs = stubs();
        stubs.app();
        String id = FnStubs.fnId(spec.name());
        stubs.lookup(spec.name(), null);
        wireMock.stubFor(post(urlPathEqualTo("/v2/fns")).willReturn(okJson(FnStubs.json(FnStubs.fn(spec)))));
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns/" + id)).willReturn(okJson(FnStubs.json(FnStubs.fn(spec)))));
        stubs.triggers(id, List.of());
        wireMock.stubFor(post(urlPathEqualTo("/v2/triggers")).willReturn(okJson(FnStubs.json(
                FnStubs.trigger(spec.name(), id, "/" + spec.name())))));
    }

    @Override
    protected void stubList(List<FunctionSpec> specs) {
        stubs().app();
        wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(FnStubs.APP_ID))
                .willReturn(okJson(FnStubs.items(specs.stream().map(FnStubs::fn).toList()))));
    }

    @Override
    protected void stubUnknown(String name) {
        stubs().app();
        stubs().lookup(name, null);
    }

    @Override
    protected void stubInvoke(String name, StubResponse response) {
        // Fn matches a trigger's source exactly: a call with an extra path needs a trigger of its own.
        stubs().callable(name, "/" + name + "/items/7");
        var answer = aResponse().withStatus(response.status()).withHeader("Fn-Call-Id", "01CALL" + name)
                .withBody(response.body());
        response.headers().forEach(answer::withHeader);
        wireMock.stubFor(any(urlPathEqualTo("/t/" + FnStubs.APP + "/" + name + "/items/7")).willReturn(answer));
    }

    @Override
    protected void verifyInvoked(String name, Invocation sent) {
        RequestPatternBuilder request = RequestPatternBuilder.newRequestPattern(
                RequestMethod.fromString(sent.method()), urlPathEqualTo("/t/" + FnStubs.APP + "/" + name + sent.path()));
        for (String pair : sent.query().split("&")) {
            String[] parts = pair.split("=", 2);
            request.withQueryParam(parts[0], equalTo(parts[1]));
        }
        sent.headers().values().forEach((header, values) -> request.withHeader(header, equalTo(values.get(0))));
        request.withHeader("X-Call-Id", equalTo(sent.callId()));
        request.withRequestBody(equalTo(Buffers.readText(sent.body(), 1 << 20).block()));
        wireMock.verify(1, request);
    }

    @Override
    protected void stubFunctionFailure(String name, int status, String body) {
        // The function sets Fn-Http-Status; its HTTP trigger turns it into the response status.
        stubs().callable(name);
        wireMock.stubFor(any(urlPathEqualTo("/t/" + FnStubs.APP + "/" + name)).willReturn(aResponse()
                .withStatus(status).withHeader("Fn-Call-Id", "01CALLFAIL").withHeader("Content-Type", "text/plain")
                .withBody(body)));
    }

    @Override
    protected void stubSlowInvoke(String name, Duration delay) {
        stubs().callable(name);
        wireMock.stubFor(any(urlPathEqualTo("/t/" + FnStubs.APP + "/" + name)).willReturn(aResponse()
                .withStatus(200).withHeader("Fn-Call-Id", "01CALLSLOW").withFixedDelay((int) delay.toMillis())));
    }

    @Override
    protected String otherScope() {
        return "other";
    }

    @Override
    protected void stubInTwoScopes(String name) {
        stubs().app();
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("name", equalTo("other"))
                .willReturn(okJson(FnStubs.items(List.of(Map.of("id", OTHER_APP_ID, "name", "other"))))));
        for (String app : List.of(FnStubs.APP_ID, OTHER_APP_ID)) {
            String id = twinId(name, app);
            Map<String, Object> fn = new java.util.LinkedHashMap<>(FnStubs.fn(id, name, "faasfed/samples:uppercase",
                    Map.of(), Map.of()));
            fn.put("app_id", app);
            wireMock.stubFor(get(urlPathEqualTo("/v2/fns")).withQueryParam("app_id", equalTo(app))
                    .withQueryParam("name", equalTo(name)).willReturn(okJson(FnStubs.items(List.of(fn)))));
            wireMock.stubFor(get(urlPathEqualTo("/v2/fns/" + id)).willReturn(okJson(FnStubs.json(fn))));
            wireMock.stubFor(put(urlPathEqualTo("/v2/fns/" + id)).willReturn(okJson(FnStubs.json(fn))));
            wireMock.stubFor(delete(urlPathEqualTo("/v2/fns/" + id)).willReturn(aResponse().withStatus(204)));
            Map<String, Object> trigger = new java.util.LinkedHashMap<>(FnStubs.trigger(name, id, "/" + name));
            trigger.put("app_id", app);
            wireMock.stubFor(get(urlPathEqualTo("/v2/triggers")).withQueryParam("app_id", equalTo(app))
                    .withQueryParam("fn_id", equalTo(id)).willReturn(okJson(FnStubs.items(List.of(trigger)))));
        }
        wireMock.stubFor(any(urlPathEqualTo("/t/" + FnStubs.APP + "/" + name)).willReturn(aResponse()
                .withStatus(200).withHeader("Fn-Call-Id", "01CALLD").withBody("default")));
        wireMock.stubFor(any(urlPathEqualTo("/t/other/" + name)).willReturn(aResponse()
                .withStatus(200).withHeader("Fn-Call-Id", "01CALLO").withBody("other")));
    }

    @Override
    protected void verifyDeletedOnlyIn(String name, String scope) {
        String inDefault = "/v2/fns/" + twinId(name, FnStubs.APP_ID);
        String inOther = "/v2/fns/" + twinId(name, OTHER_APP_ID);
        wireMock.verify(1, deleteRequestedFor(urlPathEqualTo(scope == null ? inDefault : inOther)));
        wireMock.verify(0, deleteRequestedFor(urlPathEqualTo(scope == null ? inOther : inDefault)));
    }

    private static String twinId(String name, String app) {
        return FnStubs.fnId(name) + (app.equals(FnStubs.APP_ID) ? "" : "OTHER");
    }

    @Override
    protected void stubHealthy() {
        wireMock.stubFor(get(urlPathEqualTo("/version")).willReturn(okJson("{\"version\":\"0.3.753\"}")));
        wireMock.stubFor(get(urlPathEqualTo("/v2/apps")).withQueryParam("per_page", equalTo("1"))
                .willReturn(okJson(FnStubs.items(List.of(Map.of("id", FnStubs.APP_ID, "name", FnStubs.APP))))));
    }
}
