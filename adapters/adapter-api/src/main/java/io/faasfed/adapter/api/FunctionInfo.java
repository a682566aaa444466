package io.faasfed.adapter.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a platform reports about one deployed function, in neutral terms.
 *
 * @param name              the function's name
 * @param platform          the platform instance that hosts it
 * @param scope             where on the platform it lives (namespace, package, app); null for the platform's
 *                          default scope (whatever the platform calls it), or when it has no such notion
 * @param image             the image, when image-based
 * @param runtime           the runtime kind for code-based functions (OpenWhisk {@code exec.kind}); else null
 * @param process           the watchdog command ({@code fprocess}), when the platform reports it
 * @param env               environment variables as the platform reports them; values are secrets, never shown
 *                          (see {@link #withEnvHidden()})
 * @param labels            labels
 * @param annotations       annotations
 * @param limits            resource limits as the platform reports them
 * @param replicas          desired replicas, where the platform has the notion; else null
 * @param availableReplicas ready replicas, where the platform has the notion; else null
 * @param backendRef        the platform's own reference, when it differs from the name (Fn's opaque function id)
 * @param createdAt         when the platform created it, if known
 * @param invocationCount   invocations the platform has counted, if it counts them
 * @param limitQuantities   the memory and CPU limits verbatim as the platform reports them (e.g. {@code 500m}),
 *                          where it reports quantity strings; else null ({@code limits} has the neutral values)
 * @param requests          the memory and CPU requests verbatim as the platform reports them, or null
 * @param secrets           names of the secrets the platform reports as mounted
 * @param constraints       placement constraints the platform reports
 * @param readOnlyRootFilesystem whether the platform reports a read-only root filesystem; null when it cannot tell
 */
public record FunctionInfo(
        String name,
        PlatformId platform,
        String scope,
        String image,
        String runtime,
        String process,
        Map<String, String> env,
        Map<String, String> labels,
        Map<String, String> annotations,
        Limits limits,
        Integer replicas,
        Integer availableReplicas,
        String backendRef,
        Instant createdAt,
        Long invocationCount,
        Resources limitQuantities,
        Resources requests,
        List<String> secrets,
        List<String> constraints,
        Boolean readOnlyRootFilesystem) {

    /** Requires a name and a platform; null collections become empty ones. */
    public FunctionInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        env = env == null ? Map.of() : Map.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        limits = limits == null ? Limits.none() : limits;
        limitQuantities = limitQuantities == null || limitQuantities.isEmpty() ? null : limitQuantities;
        requests = requests == null || requests.isEmpty() ? null : requests;
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** A builder for the function {@code name} on {@code platform}. */
    public static Builder builder(String name, PlatformId platform) {
        return new Builder(name, platform);
    }

    /** The reference that names this function on its platform: name, scope and backend id. */
    public FunctionRef ref() {
        return new FunctionRef(name, scope, backendRef);
    }

    /** Whether at least one replica is ready, or the platform has no notion of replicas. */
    public boolean ready() {
        return availableReplicas == null || availableReplicas > 0;
    }

    /**
     * This info with every environment value replaced by {@link EnvValues#HIDDEN}: what may be stored outside the
     * platform (the gateway's registry) and shown by an API.
     */
    public FunctionInfo withEnvHidden() {
        return env.isEmpty() || EnvValues.allHidden(env) ? this : toBuilder().env(EnvValues.hidden(env)).build();
    }

    /** Every field, the environment's values hidden: an info may end up in a log line or an error message. */
    @Override
    public String toString() {
        return "FunctionInfo[name=" + name + ", platform=" + platform + ", scope=" + scope + ", image=" + image
                + ", runtime=" + runtime + ", process=" + process + ", env=" + EnvValues.hidden(env) + ", labels="
                + labels + ", annotations=" + annotations + ", limits=" + limits + ", replicas=" + replicas
                + ", availableReplicas=" + availableReplicas + ", backendRef=" + backendRef + ", createdAt="
                + createdAt + ", invocationCount=" + invocationCount + ", limitQuantities=" + limitQuantities
                + ", requests=" + requests + ", secrets=" + secrets + ", constraints=" + constraints
                + ", readOnlyRootFilesystem=" + readOnlyRootFilesystem + "]";
    }

    /** A builder that starts from this info. */
    public Builder toBuilder() {
        return new Builder(name, platform).scope(scope).image(image).runtime(runtime).process(process).env(env)
                .labels(labels).annotations(annotations).limits(limits).replicas(replicas)
                .availableReplicas(availableReplicas).backendRef(backendRef).createdAt(createdAt)
                .invocationCount(invocationCount).limitQuantities(limitQuantities).requests(requests)
                .secrets(secrets).constraints(constraints).readOnlyRootFilesystem(readOnlyRootFilesystem);
    }

    /** A mutable builder of {@link FunctionInfo}. */
    public static final class Builder {
        private final String name;
        private final PlatformId platform;
        private String scope;
        private String image;
        private String runtime;
        private String process;
        private Map<String, String> env;
        private Map<String, String> labels;
        private Map<String, String> annotations;
        private Limits limits;
        private Integer replicas;
        private Integer availableReplicas;
        private String backendRef;
        private Instant createdAt;
        private Long invocationCount;
        private Resources limitQuantities;
        private Resources requests;
        private List<String> secrets;
        private List<String> constraints;
        private Boolean readOnlyRootFilesystem;

        private Builder(String name, PlatformId platform) {
            this.name = name;
            this.platform = platform;
        }

        /** Sets {@link FunctionInfo#scope()}. */
        public Builder scope(String value) {
            this.scope = value;
            return this;
        }

        /** Sets {@link FunctionInfo#image()}. */
        public Builder image(String value) {
            this.image = value;
            return this;
        }

        /** Sets {@link FunctionInfo#runtime()}. */
        public Builder runtime(String value) {
            this.runtime = value;
            return this;
        }

        /** Sets {@link FunctionInfo#process()}. */
        public Builder process(String value) {
            this.process = value;
            return this;
        }

        /** Sets {@link FunctionInfo#env()}. */
        public Builder env(Map<String, String> value) {
            this.env = value;
            return this;
        }

        /** Sets {@link FunctionInfo#labels()}. */
        public Builder labels(Map<String, String> value) {
            this.labels = value;
            return this;
        }

        /** Sets {@link FunctionInfo#annotations()}. */
        public Builder annotations(Map<String, String> value) {
            this.annotations = value;
            return this;
        }

        /** Sets {@link FunctionInfo#limits()}. */
        public Builder limits(Limits value) {
            this.limits = value;
            return this;
        }

        /** Sets {@link FunctionInfo#replicas()}. */
        public Builder replicas(Integer value) {
            this.replicas = value;
            return this;
        }

        /** Sets {@link FunctionInfo#availableReplicas()}. */
        public Builder availableReplicas(Integer value) {
            this.availableReplicas = value;
            return this;
        }

        /** Sets {@link FunctionInfo#backendRef()}. */
        public Builder backendRef(String value) {
            this.backendRef = value;
            return this;
        }

        /** Sets {@link FunctionInfo#createdAt()}. */
        public Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        /** Sets {@link FunctionInfo#invocationCount()}. */
        public Builder invocationCount(Long value) {
            this.invocationCount = value;
            return this;
        }

        /** Sets {@link FunctionInfo#limitQuantities()}. */
        public Builder limitQuantities(Resources value) {
            this.limitQuantities = value;
            return this;
        }

        /** Sets {@link FunctionInfo#requests()}. */
        public Builder requests(Resources value) {
            this.requests = value;
            return this;
        }

        /** Sets {@link FunctionInfo#secrets()}. */
        public Builder secrets(List<String> value) {
            this.secrets = value;
            return this;
        }

        /** Sets {@link FunctionInfo#constraints()}. */
        public Builder constraints(List<String> value) {
            this.constraints = value;
            return this;
        }

        /** Sets {@link FunctionInfo#readOnlyRootFilesystem()}. */
        public Builder readOnlyRootFilesystem(Boolean value) {
            this.readOnlyRootFilesystem = value;
            return this;
        }

        /** The info. */
        public FunctionInfo build() {
            return new FunctionInfo(name, platform, scope, image, runtime, process, env, labels, annotations, limits,
                    replicas, availableReplicas, backendRef, createdAt, invocationCount, limitQuantities, requests,
                    secrets, constraints, readOnlyRootFilesystem);
        }
    }
}
