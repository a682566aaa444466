package io.faasfed.adapter.openfaas.internal;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.Resources;
import io.faasfed.adapter.openfaas.internal.client.model.FunctionDeployment;
import io.faasfed.adapter.openfaas.internal.client.model.FunctionResources;
import io.faasfed.adapter.openfaas.internal.client.model.FunctionStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Maps the neutral {@link FunctionSpec} to OpenFaaS' {@code FunctionDeployment} JSON and its
 * {@code FunctionStatus} back to {@link FunctionInfo}.
 *
 * <p>What has no field of its own goes where the watchdogs read it: {@code limits.timeout} becomes the
 * {@code exec_timeout}, {@code read_timeout} and {@code write_timeout} env vars, {@code limits.concurrency}
 * becomes of-watchdog's {@code max_inflight}. Values the spec sets explicitly in {@code env} win. Limits written in
 * OpenFaaS' notation ({@link FunctionSpec#limitQuantities()}) and requests go to the gateway verbatim, and the
 * quantities the gateway reports come back verbatim; only neutral limits are converted to the provider's units.
 * What OpenFaaS
 * cannot honour (source code, an idle timeout) is rejected with {@link FaasException.InvalidSpec}.
 */
public final class FunctionMapping {

    /** The watchdog env vars that carry the function timeout. */
    static final String[] TIMEOUT_ENV = {"exec_timeout", "read_timeout", "write_timeout"};

    /** of-watchdog's concurrency limit env var. */
    static final String MAX_INFLIGHT_ENV = "max_inflight";

    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final PlatformId platform;
    private final ResourceUnits units;

    /** Mapping for {@code platform}, whose provider reads limits in {@code units}. */
    public FunctionMapping(PlatformId platform, ResourceUnits units) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.units = Objects.requireNonNull(units, "units");
    }

    /**
     * The deployment body for {@code spec}.
     *
     * @param namespace      the namespace to deploy to, or null for the provider's default
     * @param defaultNetwork the configured network, used when the spec names none; null for none
     * @throws FaasException.InvalidSpec when the spec asks for something OpenFaaS cannot do
     */
    public FunctionDeployment toDeployment(FunctionSpec spec, String namespace, String defaultNetwork) {
        if (spec.code() != null) {
            throw new FaasException.InvalidSpec(platform, "code", "OpenFaaS deploys container images only "
                    + "(expected: image, e.g. a function built with faas-cli build)");
        }
        Limits limits = spec.limits();
        if (limits.idleTimeout() != null) {
            throw new FaasException.InvalidSpec(platform, "limits.idleTimeout", limits.idleTimeout()
                    + " (expected: none; OpenFaaS CE keeps replicas until scaled, use the com.openfaas.scale.* "
                    + "labels or scale instead)");
        }
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        if (limits.timeout() != null) {
            String timeout = ResourceUnits.goDuration(limits.timeout());
            for (String key : TIMEOUT_ENV) {
                env.putIfAbsent(key, timeout);
            }
        }
        if (limits.concurrency() != null) {
            env.putIfAbsent(MAX_INFLIGHT_ENV, String.valueOf(limits.concurrency()));
        }
        // What the caller wrote in OpenFaaS' own notation goes as written; only neutral values are converted.
        Resources written = spec.limitQuantities();
        String memory = written != null && written.memory() != null ? written.memory()
                : limits.memoryMiB() == null ? null : units.memory(limits.memoryMiB());
        String cpu = written != null && written.cpu() != null ? written.cpu()
                : limits.cpus() == null ? null : units.cpu(limits.cpus());
        FunctionResources resources = memory == null && cpu == null ? null
                : new FunctionResources().memory(memory).cpu(cpu);
        Resources requests = spec.requests();
        String network = spec.network() != null ? spec.network() : defaultNetwork;
        return new FunctionDeployment()
                .service(spec.name())
                .image(spec.image())
                .namespace(namespace)
                .envProcess(spec.process())
                .envVars(env.isEmpty() ? null : env)
                .labels(new LinkedHashMap<>(spec.labels()))
                .annotations(new LinkedHashMap<>(spec.annotations()))
                .secrets(spec.secrets().isEmpty() ? null : new ArrayList<>(spec.secrets()))
                .constraints(spec.constraints().isEmpty() ? null : new ArrayList<>(spec.constraints()))
                .limits(resources)
                .requests(requests == null ? null
                        : new FunctionResources().memory(requests.memory()).cpu(requests.cpu()))
                .readOnlyRootFilesystem(spec.readOnlyRootFilesystem())
                .network(network);
    }

    /**
     * What the gateway reported about a function.
     *
     * @param askedNamespace the namespace the status was read from, used when the status carries none
     */
    public FunctionInfo toInfo(FunctionStatus status, String askedNamespace) {
        Map<String, String> env = status.getEnvVars() == null ? Map.of() : status.getEnvVars();
        Limits limits = Limits.none();
        if (status.getLimits() != null) {
            limits = limits.withMemoryMiB(units.parseMemoryMiB(status.getLimits().getMemory()))
                    .withCpus(units.parseCpus(status.getLimits().getCpu()));
        }
        Duration timeout = ResourceUnits.parseGoDuration(env.get(TIMEOUT_ENV[0]));
        if (timeout != null) {
            limits = limits.withTimeout(timeout);
        }
        Integer concurrency = positiveInt(env.get(MAX_INFLIGHT_ENV));
        if (concurrency != null) {
            limits = limits.withConcurrency(concurrency);
        }
        String namespace = status.getNamespace() == null || status.getNamespace().isBlank() ? askedNamespace
                : status.getNamespace();
        return FunctionInfo.builder(status.getName(), platform)
                .scope(namespace)
                .image(status.getImage() == null || status.getImage().isBlank() ? null : status.getImage())
                .process(status.getEnvProcess())
                .env(env)
                .labels(status.getLabels())
                .annotations(status.getAnnotations())
                .limits(limits)
                .replicas(toInt(status.getReplicas()))
                .availableReplicas(toInt(status.getAvailableReplicas()))
                .createdAt(instant(status.getCreatedAt()))
                .invocationCount(status.getInvocationCount() == null ? null
                        : Math.round(status.getInvocationCount()))
                .limitQuantities(quantities(status.getLimits()))
                .requests(quantities(status.getRequests()))
                .secrets(status.getSecrets())
                .constraints(status.getConstraints())
                .readOnlyRootFilesystem(status.getReadOnlyRootFilesystem())
                .build();
    }

    /**
     * What a just-deployed function is known to be when the gateway cannot describe it yet (deploys are
     * asynchronous): the spec, with unknown replica counts.
     */
    public FunctionInfo fromSpec(FunctionSpec spec, String namespace) {
        return FunctionInfo.builder(spec.name(), platform).scope(namespace).image(spec.image())
                .process(spec.process()).env(spec.env()).labels(spec.labels()).annotations(spec.annotations())
                .limits(spec.limits()).limitQuantities(spec.limitQuantities()).requests(spec.requests())
                .secrets(spec.secrets()).constraints(spec.constraints())
                .readOnlyRootFilesystem(spec.readOnlyRootFilesystem()).build();
    }

    private static Resources quantities(FunctionResources resources) {
        return resources == null ? null : Resources.of(resources.getMemory(), resources.getCpu());
    }

    /** A one-line summary of a status, for messages: replicas and available replicas. */
    public static String describe(FunctionStatus status) {
        return "replicas=" + status.getReplicas() + ", availableReplicas=" + status.getAvailableReplicas();
    }

    private static Integer toInt(Long value) {
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static Integer positiveInt(String value) {
        if (value == null || !value.trim().matches("\\d{1,9}")) {
            return null;
        }
        int parsed = Integer.parseInt(value.trim());
        return parsed > 0 ? parsed : null;
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
