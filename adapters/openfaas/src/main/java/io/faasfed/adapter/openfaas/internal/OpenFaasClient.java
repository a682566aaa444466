package io.faasfed.adapter.openfaas.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faasfed.adapter.http.HttpPlatformSettings;
import io.faasfed.adapter.openfaas.internal.client.ApiClient;
import io.faasfed.adapter.openfaas.internal.client.api.SystemApi;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Glue between the platform's pooled {@link WebClient} and the client generated from
 * {@code src/main/openapi/openfaas.yaml}: the generated {@link ApiClient} runs on a mutated copy of the pooled
 * client (same connector, so the same connection pool and timeouts) whose JSON codecs leave absent fields out,
 * as faas-cli does, instead of sending {@code null}s.
 */
public final class OpenFaasClient {

    private final SystemApi system;

    /**
     * A client for the gateway described by {@code settings}, over {@code pooled}.
     *
     * @param pooled   the platform's pooled client
     * @param settings the gateway's URL and credentials
     */
    public OpenFaasClient(WebClient pooled, HttpPlatformSettings settings) {
        JsonMapper mapper = ApiClient.createDefaultMapper(null).rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
        WebClient webClient = pooled.mutate().codecs(codecs -> {
            codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(mapper, MediaType.APPLICATION_JSON));
            codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper, MediaType.APPLICATION_JSON));
        }).build();
        ApiClient apiClient = new ApiClient(webClient, mapper, ApiClient.createDefaultDateFormat());
        apiClient.setBasePath(settings.baseUrl().toString());
        if (settings.hasCredentials()) {
            apiClient.setUsername(settings.username());
            apiClient.setPassword(settings.password());
        }
        this.system = new SystemApi(apiClient);
    }

    /** The gateway's {@code /system/*} and {@code /healthz} operations. */
    public SystemApi system() {
        return system;
    }
}
