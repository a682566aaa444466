package io.faasfed.gateway.compat;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Limits;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionDeployment;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionResources;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionStatus;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.registry.Placement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps OpenFaaS documents to the neutral model and back. */
final class FunctionMapping {

    private final String defaultNamespace;

    FunctionMapping(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace;
    }

    /**
     * The scope an OpenFaaS namespace means: null (every platform's default scope) for none or the compat default
     * namespace; any other namespace is passed on as it is, and the namespace then resolves it against each
     * platform's scopes, its own name for its default scope included.
     */
    String scopeOf(String namespace) {
        return namespace == null || namespace.isBlank() || namespace.equals(defaultNamespace) ? null : namespace;
    }

    /** The neutral spec of a deployment; the spec's own validation names any bad field. */
    FunctionSpec toSpec(FunctionDeployment deployment) {
        if (deployment == null) {
            throw new BadRequest("body: empty (expected: a FunctionDeployment JSON object with "
                    + "\"service\" and \"image\")");
        }
        if (deployment.service() == null || deployment.service().isBlank()) {
            throw new BadRequest("service: " + deployment.service()
                    + " (expected: the function's name, e.g. \"service\":\"hello\")");
        }
        FunctionResources limits = deployment.limits();
        Limits neutral = Limits.none();
        if (limits != null) {
            neutral = neutral.withMemoryMiB(ResourceQuantities.memoryMiB(limits.memory()))
                    .withCpus(ResourceQuantities.cpus(limits.cpu()));
        }
        return FunctionSpec.builder(deployment.service())
                .scope(scopeOf(deployment.namespace()))
                .image(deployment.image())
                .process(deployment.envProcess() == null || deployment.envProcess().isBlank() ? null
                        : deployment.envProcess())
                .env(deployment.envVars())
                .labels(deployment.labels())
                .annotations(deployment.annotations())
                .secrets(deployment.secrets())
                .constraints(deployment.constraints())
                .network(deployment.network() == null || deployment.network().isBlank() ? null : deployment.network())
                .limits(neutral)
                .build();
    }

    /** The OpenFaaS status of the placement that serves a name. */
    FunctionStatus toStatus(Placement placement, long invocations) {
        FunctionInfo info = placement.function();
        Map<String, String> labels = new LinkedHashMap<>(info.labels());
        labels.put(Placement.PIN_LABEL, placement.platform().value());
        Limits limits = info.limits();
        FunctionResources resources = limits.memoryMiB() == null && limits.cpus() == null ? null
                : new FunctionResources(ResourceQuantities.memory(limits.memoryMiB()),
                ResourceQuantities.cpu(limits.cpus()));
        long replicas = info.replicas() == null ? 1 : info.replicas();
        long available = info.availableReplicas() == null ? replicas : info.availableReplicas();
        long platformCount = info.invocationCount() == null ? 0 : info.invocationCount();
        return new FunctionStatus(info.name(), info.image() != null ? info.image() : info.runtime(),
                info.scope() == null ? defaultNamespace : info.scope(), info.process(), info.env(), labels,
                info.annotations(), List.of(), List.of(), resources, replicas, available,
                Math.max(invocations, platformCount),
                info.createdAt() == null ? null : info.createdAt().toString());
    }
}
