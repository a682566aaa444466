package io.faasfed.gateway.compat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The OpenFaaS gateway API's JSON documents, as faas-cli and the Terraform provider send and read them. */
public final class OpenFaasModel {

    private OpenFaasModel() {
    }

    /**
     * {@code FunctionDeployment}: the body of {@code POST}/{@code PUT /system/functions}.
     *
     * @param service                the function's name
     * @param image                  the image
     * @param namespace              the namespace; null or the default namespace for the default scope
     * @param envProcess             the watchdog's {@code fprocess}
     * @param envVars                environment variables
     * @param labels                 labels (include {@code faasfed.platform} to choose the platform)
     * @param annotations            annotations
     * @param secrets                secret names
     * @param constraints            placement constraints
     * @param limits                 resource limits
     * @param requests               resource requests, passed to platforms that take them (OpenFaaS)
     * @param readOnlyRootFilesystem passed to platforms that take it (OpenFaaS)
     * @param network                the Swarm network
     * @param registryAuth           accepted, not mapped
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FunctionDeployment(String service, String image, String namespace, String envProcess,
                                     Map<String, String> envVars, Map<String, String> labels,
                                     Map<String, String> annotations, List<String> secrets, List<String> constraints,
                                     FunctionResources limits, FunctionResources requests,
                                     Boolean readOnlyRootFilesystem, String network, String registryAuth) {
    }

    /**
     * {@code FunctionResources}: {@code memory} as a quantity ({@code 128Mi}, {@code 128m}), {@code cpu} as cores
     * ({@code 0.5}), millicores ({@code 500m}) or nano-CPUs ({@code 500000000}).
     *
     * @param memory the memory quantity
     * @param cpu    the CPU quantity
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FunctionResources(String memory, String cpu) {
    }

    /**
     * {@code FunctionStatus}: what {@code GET /system/functions} lists and {@code GET /system/function/{name}}
     * describes; only what the platform holds, nothing added (the serving platform is in the
     * {@code X-Faasfed-Platform} header and the native API).
     *
     * @param name                   the name
     * @param image                  the image
     * @param namespace              the namespace
     * @param envProcess             the watchdog's process
     * @param envVars                environment variables: their names, each with the value {@code <redacted>}
     *                               (values are write-only; a deployment sending {@code <redacted>} is refused)
     * @param labels                 labels, as the platform reports them
     * @param annotations            annotations
     * @param secrets                secret names; omitted when none
     * @param constraints            constraints; omitted when none
     * @param limits                 limits, as the platform reports them ({@code 500m} stays {@code 500m})
     * @param requests               requests, as the platform reports them
     * @param readOnlyRootFilesystem whether the root filesystem is read-only, where the platform says
     * @param replicas               desired replicas
     * @param availableReplicas      ready replicas
     * @param invocationCount        invocations: this gateway's count or the platform's, whichever is higher
     * @param createdAt              creation time (RFC 3339)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionStatus(String name, String image, String namespace, String envProcess,
                                 Map<String, String> envVars, Map<String, String> labels,
                                 Map<String, String> annotations, List<String> secrets, List<String> constraints,
                                 FunctionResources limits, FunctionResources requests, Boolean readOnlyRootFilesystem,
                                 long replicas, long availableReplicas, long invocationCount, String createdAt) {
    }

    /**
     * {@code FunctionNamespace}: what {@code GET /system/namespace/{name}} answers.
     *
     * @param name        the namespace
     * @param labels      its labels
     * @param annotations its annotations
     */
    public record FunctionNamespace(String name, Map<String, String> labels, Map<String, String> annotations) {
    }

    /**
     * The body of {@code DELETE /system/functions}.
     *
     * @param functionName the name
     * @param namespace    the namespace
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeleteFunctionRequest(String functionName, String namespace) {
    }

    /**
     * The body of {@code POST /system/scale-function/{name}}.
     *
     * @param serviceName the name
     * @param replicas    the replica count
     * @param namespace   the namespace
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScaleServiceRequest(String serviceName, Long replicas, String namespace) {
    }

    /**
     * A Prometheus AlertManager webhook, as OpenFaaS' {@code /system/alert} takes it.
     *
     * @param receiver the receiver
     * @param status   {@code firing} or {@code resolved}
     * @param alerts   the alerts
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlertManagerWebhook(String receiver, String status, List<Alert> alerts) {
    }

    /**
     * One alert.
     *
     * @param status      {@code firing} or {@code resolved}
     * @param labels      its labels ({@code alertname}, {@code function_name})
     * @param annotations its annotations
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations) {
    }
}
