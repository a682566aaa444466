package io.faasfed.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faasfed.adapter.api.EnvValues;
import io.faasfed.adapter.api.FunctionCode;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Limits;
import io.faasfed.gateway.registry.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The native API's documents. */
public final class NativeModel {

    private NativeModel() {
    }

    /**
     * A platform instance and its state.
     *
     * @param id            the instance id
     * @param type          openfaas, openwhisk or fn
     * @param url           its URL
     * @param priority      its collision priority (lower wins)
     * @param health        UP, DEGRADED, DOWN or UNKNOWN (never probed yet)
     * @param healthDetail  the last probe's words
     * @param checkedAt     when it was last probed
     * @param capabilities  what it can do beyond the common operations
     * @param functionCount functions found by the last successful listing
     * @param lastSync      when it was last listed successfully
     * @param lastError     the last failure, if the last pass failed
     * @param stale         whether its functions are kept from an earlier listing
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlatformView(String id, String type, String url, int priority, String health, String healthDetail,
                               Instant checkedAt, Set<String> capabilities, Integer functionCount, Instant lastSync,
                               String lastError, boolean stale) {

        /**
         * What a tenant sees: what a deploy can target and whether it is healthy; not the platform's address, its
         * error words, or how many functions (of every tenant) it holds.
         */
        public PlatformView withoutOperatorDetails() {
            return new PlatformView(id, type, null, priority, health, null, checkedAt, capabilities, null, lastSync,
                    null, stale);
        }
    }

    /**
     * A name in the namespace with every placement, the serving one first.
     *
     * @param name       the name
     * @param platform   the platform that serves calls
     * @param descriptor the neutral descriptor of the serving placement
     * @param placements every placement, the serving one first
     * @param collision  whether the name lives on more than one platform
     * @param resolution why the serving placement wins, when there is a collision
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionView(String name, String platform, Descriptor descriptor, List<PlacementView> placements,
                               boolean collision, String resolution) {
    }

    /**
     * One placement.
     *
     * @param platform   the platform
     * @param scope      the scope on it
     * @param backendRef the platform's own reference (Fn's id)
     * @param image      the image
     * @param pinned     whether the function pins itself to this platform
     * @param stale      whether the platform could not be listed lately
     * @param seenAt     when the gateway last saw it
     * @param serving    whether this placement serves calls
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlacementView(String platform, String scope, String backendRef, String image, boolean pinned,
                                boolean stale, Instant seenAt, boolean serving) {

        static PlacementView of(Placement placement, boolean serving) {
            FunctionInfo info = placement.function();
            return new PlacementView(placement.platform().value(), info.scope(), info.backendRef(), info.image(),
                    placement.pinned(), placement.stale(), placement.seenAt(), serving);
        }
    }

    /**
     * The neutral function descriptor, as {@code PUT /federation/v1/functions/{name}} takes it and the API shows it.
     * It is read strictly ({@link NativeApiJson}): an unknown field or a value of the wrong type is a 400 naming it.
     *
     * @param platform    the platform to deploy to (sets the faasfed.platform label); null for the default
     * @param scope       the scope (namespace, package, app); null for the platform's default
     * @param image       the image
     * @param code        source code and runtime, for platforms that deploy code
     * @param process     the watchdog command
     * @param env         environment variables; write-only: reads show every value as {@code <redacted>}, and a
     *                    deploy that sends {@code <redacted>} as a value is refused (400)
     * @param labels      labels
     * @param annotations annotations
     * @param limits      limits
     * @param network     network
     * @param secrets     secrets
     * @param constraints constraints
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Descriptor(String platform, String scope, String image, Code code, String process,
                             Map<String, String> env, Map<String, String> labels, Map<String, String> annotations,
                             LimitsView limits, String network, List<String> secrets, List<String> constraints) {

        /** The spec for function {@code name}; validation names any bad field. */
        FunctionSpec toSpec(String name) {
            FunctionSpec.Builder builder = FunctionSpec.builder(name).scope(scope).image(image)
                    .code(code == null ? null : new FunctionCode(code.runtime(), code.source(), code.main(),
                            Boolean.TRUE.equals(code.binary())))
                    .process(process).env(env).labels(labels).annotations(annotations).network(network)
                    .secrets(secrets).constraints(constraints)
                    .limits(limits == null ? Limits.none() : limits.toLimits());
            if (platform != null && !platform.isBlank()) {
                builder.label(Placement.PIN_LABEL, platform);
            }
            return builder.build();
        }

        static Descriptor of(FunctionInfo info) {
            return new Descriptor(info.platform().value(), info.scope(), info.image(),
                    info.runtime() == null ? null : new Code(info.runtime(), null, null, null), info.process(),
                    EnvValues.hidden(info.env()), info.labels(), info.annotations(), LimitsView.of(info.limits()), null, null, null);
        }
    }

    /**
     * Code of a code-deployed function.
     *
     * @param runtime the runtime kind
     * @param source  the source (or base64 zip when binary)
     * @param main    the entry point
     * @param binary  whether source is base64 of a zip
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Code(String runtime, String source, String main, Boolean binary) {
    }

    /**
     * Limits in plain units.
     *
     * @param memoryMiB     memory in MiB
     * @param cpus          CPUs
     * @param timeoutMs     invocation timeout in milliseconds
     * @param idleTimeoutMs idle timeout in milliseconds
     * @param concurrency   concurrent calls per instance
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LimitsView(Integer memoryMiB, Double cpus, Long timeoutMs, Long idleTimeoutMs, Integer concurrency) {

        Limits toLimits() {
            return new Limits(memoryMiB, cpus, timeoutMs == null ? null : Duration.ofMillis(timeoutMs),
                    idleTimeoutMs == null ? null : Duration.ofMillis(idleTimeoutMs), concurrency);
        }

        static LimitsView of(Limits limits) {
            return limits.isEmpty() ? null : new LimitsView(limits.memoryMiB(), limits.cpus(),
                    limits.timeout() == null ? null : limits.timeout().toMillis(),
                    limits.idleTimeout() == null ? null : limits.idleTimeout().toMillis(), limits.concurrency());
        }
    }
}
