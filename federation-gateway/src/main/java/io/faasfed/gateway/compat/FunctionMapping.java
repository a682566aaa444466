package io.faasfed.gateway.compat;

import io.faasfed.adapter.api.EnvValues;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.Resources;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionDeployment;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionResources;
import io.faasfed.gateway.compat.OpenFaasModel.FunctionStatus;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.registry.Placement;

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
        FunctionResources requests = deployment.requests();
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
                .limitQuantities(limits == null ? null : Resources.of(limits.memory(), limits.cpu()))
                .requests(requests == null ? null : Resources.of(requests.memory(), requests.cpu()))
                .readOnlyRootFilesystem(deployment.readOnlyRootFilesystem())
                .build();
    }

    /**
     * The OpenFaaS status of a function: what its platform reports, nothing added, except that environment values
     * are write-only: {@code envVars} names every variable with the value {@code <redacted>}. Limits and requests are shown as
     * the platform reports them when it reports quantity strings, else from the neutral values. Where the platform
     * has no notion of replicas (Fn, OpenWhisk start containers on demand) one replica is shown, available only while
     * the platform answers ({@code reachable}).
     *
     * @param info        what the platform reported
     * @param invocations this gateway's count of calls
     * @param reachable   whether the platform answered (the last live read or discovery pass)
     */
    FunctionStatus toStatus(FunctionInfo info, long invocations, boolean reachable) {
        Limits limits = info.limits();
        Resources written = info.limitQuantities();
        String memory = written != null && written.memory() != null ? written.memory()
                : ResourceQuantities.memory(limits.memoryMiB());
        String cpu = written != null && written.cpu() != null ? written.cpu() : ResourceQuantities.cpu(limits.cpus());
        FunctionResources resources = memory == null && cpu == null ? null : new FunctionResources(memory, cpu);
        Resources requested = info.requests();
        FunctionResources requests = requested == null ? null
                : new FunctionResources(requested.memory(), requested.cpu());
        long replicas = info.replicas() == null ? 1 : info.replicas();
        long available = !reachable ? 0 : info.availableReplicas() == null ? replicas : info.availableReplicas();
        long platformCount = info.invocationCount() == null ? 0 : info.invocationCount();
        return new FunctionStatus(info.name(), info.image() != null ? info.image() : info.runtime(),
                info.scope() == null ? defaultNamespace : info.scope(), info.process(), EnvValues.hidden(info.env()),
                info.labels(),
                info.annotations(), info.secrets().isEmpty() ? null : info.secrets(),
                info.constraints().isEmpty() ? null : info.constraints(), resources, requests,
                info.readOnlyRootFilesystem(), replicas, available, Math.max(invocations, platformCount),
                info.createdAt() == null ? null : info.createdAt().toString());
    }
}
