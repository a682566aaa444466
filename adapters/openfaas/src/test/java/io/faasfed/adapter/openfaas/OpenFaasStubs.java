package io.faasfed.adapter.openfaas;

import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.PlatformId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helpers: platforms against a stub gateway, and OpenFaaS JSON shaped like the recorded exchanges. */
final class OpenFaasStubs {

    /** The recorded transcripts' made-up credentials, admin / secret123. */
    static final String AUTHORIZATION = "Basic YWRtaW46c2VjcmV0MTIz";

    private OpenFaasStubs() {
    }

    /** Properties for a gateway at {@code url} with the recorded credentials. */
    static OpenFaasPlatformProperties properties(String url, Duration timeout) {
        OpenFaasPlatformProperties properties = new OpenFaasPlatformProperties();
        properties.setUrl(java.net.URI.create(url));
        properties.setPassword("secret123");
        properties.setReadTimeout(timeout);
        properties.setConnectTimeout(Duration.ofSeconds(2));
        return properties;
    }

    /** A platform built the way the gateway builds it, through the factory. */
    static OpenFaasPlatform platform(OpenFaasPlatformProperties properties) {
        return (OpenFaasPlatform) new OpenFaasPlatformFactory().create(PlatformId.of("openfaas"), properties);
    }

    /** A FunctionStatus as a gateway reports it for {@code spec}, with {@code available} ready replicas. */
    static String status(FunctionSpec spec, int available) {
        return "{\"name\":\"" + spec.name() + "\",\"image\":\"" + spec.image() + "\""
                + (spec.scope() == null ? "" : ",\"namespace\":\"" + spec.scope() + "\"")
                + ",\"envVars\":" + json(spec.env()) + ",\"labels\":" + json(spec.labels())
                + ",\"annotations\":" + json(spec.annotations())
                + ",\"replicas\":1,\"availableReplicas\":" + available
                + ",\"invocationCount\":42,\"createdAt\":\"2026-11-21T22:46:33Z\"}";
    }

    /** A JSON array of statuses, or {@code null} for none, as faas-memory answers an empty list. */
    static String statuses(List<FunctionSpec> specs) {
        return specs.isEmpty() ? "null"
                : specs.stream().map(spec -> status(spec, 1)).collect(Collectors.joining(",", "[", "]"));
    }

    /** A flat JSON object of strings. */
    static String json(Map<String, String> map) {
        return map.entrySet().stream().map(entry -> "\"" + entry.getKey() + "\":\"" + entry.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
