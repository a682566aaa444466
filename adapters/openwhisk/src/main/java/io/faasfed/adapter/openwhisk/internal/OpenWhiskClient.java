package io.faasfed.adapter.openwhisk.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faasfed.adapter.openwhisk.internal.client.ApiClient;
import io.faasfed.adapter.openwhisk.internal.client.api.ActionsApi;
import io.faasfed.adapter.openwhisk.internal.client.api.ActivationsApi;
import io.faasfed.adapter.openwhisk.internal.client.api.SystemApi;
import java.text.DateFormat;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated controller client, wired to the platform's pooled {@link WebClient} so that management calls share
 * its connection pool and timeouts. JSON leaves out absent fields (the controller merges updates, and an explicit
 * {@code null} would be a value) and ignores fields it does not know.
 */
public final class OpenWhiskClient {

    private final JsonMapper json;
    private final ActionsApi actions;
    private final ActivationsApi activations;
    private final SystemApi system;

    /**
     * A client of the controller at {@code baseUrl}.
     *
     * @param pooled   the platform's pooled client; its connector (pool, timeouts) is reused
     * @param baseUrl  the controller's root URL
     * @param username the key's uuid, or null for no authentication
     * @param password the key's secret, or null
     */
    public OpenWhiskClient(WebClient pooled, String baseUrl, String username, String password) {
        Objects.requireNonNull(pooled, "pooled");
        DateFormat dateFormat = ApiClient.createDefaultDateFormat();
        this.json = ApiClient.createDefaultMapper(dateFormat).rebuild()
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
        WebClient webClient = pooled.mutate().codecs(codecs -> {
            codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(json, MediaType.APPLICATION_JSON));
            codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(json, MediaType.APPLICATION_JSON));
        }).build();
        ApiClient apiClient = new ApiClient(webClient, json, dateFormat);
        apiClient.setBasePath(baseUrl);
        if (username != null) {
            apiClient.setUsername(username);
            apiClient.setPassword(password);
        }
        this.actions = new ActionsApi(apiClient);
        this.activations = new ActivationsApi(apiClient);
        this.system = new SystemApi(apiClient);
    }

    /** The JSON mapper the client reads and writes with. */
    public JsonMapper json() {
        return json;
    }

    /** Actions and packages. */
    public ActionsApi actions() {
        return actions;
    }

    /** Activation records. */
    public ActivationsApi activations() {
        return activations;
    }

    /** Health and deployment information. */
    public SystemApi system() {
        return system;
    }
}
