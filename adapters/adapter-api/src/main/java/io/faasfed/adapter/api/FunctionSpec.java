package io.faasfed.adapter.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The platform-neutral description of a function: what the gateway deploys, whichever platform receives it.
 * It validates itself on construction and rejects bad input with an {@link IllegalArgumentException} whose
 * message names the field, the value and what was expected, e.g.
 * {@code name: "Hello.World" (expected: 1-63 lowercase letters, digits or '-', ...)}.
 *
 * @param name        the function's name in the federated namespace: a DNS-1123 label (no dots)
 * @param scope       where on the platform it lives (OpenFaaS namespace, OpenWhisk package, Fn app); null for the
 *                    platform's configured default; a DNS-1123 label when given
 * @param image       the container image; required unless {@code code} is given
 * @param code        source code and runtime kind, for platforms that deploy code; required unless {@code image}
 * @param process     the command a watchdog-style image runs ({@code fprocess}); null for the image's own
 * @param env         environment variables; keys are {@code [A-Za-z_][A-Za-z0-9_]*}
 * @param labels      labels (key/value metadata the platforms index; also placement pins such as
 *                    {@code faasfed.platform})
 * @param annotations free-form annotations
 * @param limits      resource limits; never null ({@link Limits#none()} for the defaults)
 * @param network     the network the function's containers should join, where the platform honours it
 * @param secrets     names of platform secrets to mount
 * @param constraints placement constraints passed to the platform's scheduler (e.g. Swarm constraints)
 * @param limitQuantities        the memory and CPU limits verbatim as the caller wrote them (e.g. {@code 128Mi},
 *                               {@code 500m}), for platforms that take that notation; null when none were written.
 *                               {@code limits} holds the same values in neutral units for the other platforms
 * @param requests               the memory and CPU the function requests (a scheduling hint), verbatim; null for none
 * @param readOnlyRootFilesystem whether the function's root filesystem is read-only, where the platform supports it;
 *                               null for the platform's default
 */
public record FunctionSpec(
        String name,
        String scope,
        String image,
        FunctionCode code,
        String process,
        Map<String, String> env,
        Map<String, String> labels,
        Map<String, String> annotations,
        Limits limits,
        String network,
        List<String> secrets,
        List<String> constraints,
        Resources limitQuantities,
        Resources requests,
        Boolean readOnlyRootFilesystem) {

    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");

    /** Validates every field and makes the collections unmodifiable. */
    public FunctionSpec {
        Checks.name("name", name);
        if (scope != null) {
            Checks.name("scope", scope);
        }
        if (image == null && code == null) {
            throw Checks.invalid("image", null, "an image reference, or code with a runtime");
        }
        if (image != null && !NO_SPACE.matcher(image).matches()) {
            throw Checks.invalid("image", '"' + image + '"', "an image reference without spaces, e.g. org/fn:1.0");
        }
        if (process != null && process.isBlank()) {
            throw Checks.invalid("process", '"' + process + '"', "a command, or null for the image's own");
        }
        env = copy("env", env);
        env.forEach((key, value) -> {
            if (!ENV_KEY.matcher(key).matches()) {
                throw Checks.invalid("env", '"' + key + '"', "variable names matching [A-Za-z_][A-Za-z0-9_]*");
            }
            if (EnvValues.HIDDEN.equals(value)) {
                throw Checks.invalid("env." + key, '"' + EnvValues.HIDDEN + '"', "the variable's value; "
                        + EnvValues.HIDDEN + " is what reads show in place of a value (values are write-only), so "
                        + "send the value again, or leave the variable out to remove it");
            }
        });
        labels = copy("labels", labels);
        annotations = copy("annotations", annotations);
        limits = limits == null ? Limits.none() : limits;
        if (network != null && !NO_SPACE.matcher(network).matches()) {
            throw Checks.invalid("network", '"' + network + '"', "a network name without spaces");
        }
        secrets = copy("secrets", secrets);
        constraints = copy("constraints", constraints);
        limitQuantities = limitQuantities == null || limitQuantities.isEmpty() ? null : limitQuantities;
        requests = requests == null || requests.isEmpty() ? null : requests;
    }

    private static Map<String, String> copy(String field, Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw Checks.invalid(field, key == null ? null : '"' + key + '"', "non-blank keys");
            }
            if (value == null) {
                throw Checks.invalid(field + "." + key, null, "a value (use \"\" for an empty one)");
            }
            copy.put(key, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static List<String> copy(String field, List<String> list) {
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            String value = list.get(i);
            if (value == null || value.isBlank()) {
                throw Checks.invalid(field + "[" + i + "]", value == null ? null : '"' + value + '"',
                        "a non-blank name");
            }
        }
        return List.copyOf(list);
    }

    /** Every field, the environment's values hidden: a spec may end up in a log line or an error message. */
    @Override
    public String toString() {
        return "FunctionSpec[name=" + name + ", scope=" + scope + ", image=" + image + ", code=" + code
                + ", process=" + process + ", env=" + EnvValues.hidden(env) + ", labels=" + labels
                + ", annotations=" + annotations + ", limits=" + limits + ", network=" + network + ", secrets="
                + secrets + ", constraints=" + constraints + ", limitQuantities=" + limitQuantities + ", requests="
                + requests + ", readOnlyRootFilesystem=" + readOnlyRootFilesystem + "]";
    }

    /** A builder for a function called {@code name}; validation happens in {@link Builder#build()}. */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /** A builder that starts from this spec. */
    public Builder toBuilder() {
        return new Builder().name(name).scope(scope).image(image).code(code).process(process).env(env)
                .labels(labels).annotations(annotations).limits(limits).network(network).secrets(secrets)
                .constraints(constraints).limitQuantities(limitQuantities).requests(requests)
                .readOnlyRootFilesystem(readOnlyRootFilesystem);
    }

    /** The value of label {@code key}, or of annotation {@code key} when no such label exists; null if neither. */
    public String labelOrAnnotation(String key) {
        String value = labels.get(key);
        return value != null ? value : annotations.get(key);
    }

    /** A mutable builder of {@link FunctionSpec}. */
    public static final class Builder {
        private String name;
        private String scope;
        private String image;
        private FunctionCode code;
        private String process;
        private Map<String, String> env = new LinkedHashMap<>();
        private Map<String, String> labels = new LinkedHashMap<>();
        private Map<String, String> annotations = new LinkedHashMap<>();
        private Limits limits = Limits.none();
        private String network;
        private List<String> secrets = new ArrayList<>();
        private List<String> constraints = new ArrayList<>();
        private Resources limitQuantities;
        private Resources requests;
        private Boolean readOnlyRootFilesystem;

        private Builder() {
        }

        /** Sets {@link FunctionSpec#name()}. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** Sets {@link FunctionSpec#scope()}. */
        public Builder scope(String value) {
            this.scope = value;
            return this;
        }

        /** Sets {@link FunctionSpec#image()}. */
        public Builder image(String value) {
            this.image = value;
            return this;
        }

        /** Sets {@link FunctionSpec#code()}. */
        public Builder code(FunctionCode value) {
            this.code = value;
            return this;
        }

        /** Sets {@link FunctionSpec#process()}. */
        public Builder process(String value) {
            this.process = value;
            return this;
        }

        /** Replaces {@link FunctionSpec#env()}. */
        public Builder env(Map<String, String> value) {
            this.env = new LinkedHashMap<>(Objects.requireNonNullElse(value, Map.of()));
            return this;
        }

        /** Adds one environment variable. */
        public Builder env(String key, String value) {
            this.env.put(key, value);
            return this;
        }

        /** Replaces {@link FunctionSpec#labels()}. */
        public Builder labels(Map<String, String> value) {
            this.labels = new LinkedHashMap<>(Objects.requireNonNullElse(value, Map.of()));
            return this;
        }

        /** Adds one label. */
        public Builder label(String key, String value) {
            this.labels.put(key, value);
            return this;
        }

        /** Replaces {@link FunctionSpec#annotations()}. */
        public Builder annotations(Map<String, String> value) {
            this.annotations = new LinkedHashMap<>(Objects.requireNonNullElse(value, Map.of()));
            return this;
        }

        /** Adds one annotation. */
        public Builder annotation(String key, String value) {
            this.annotations.put(key, value);
            return this;
        }

        /** Sets {@link FunctionSpec#limits()}. */
        public Builder limits(Limits value) {
            this.limits = value;
            return this;
        }

        /** Sets {@link FunctionSpec#network()}. */
        public Builder network(String value) {
            this.network = value;
            return this;
        }

        /** Replaces {@link FunctionSpec#secrets()}. */
        public Builder secrets(List<String> value) {
            this.secrets = new ArrayList<>(Objects.requireNonNullElse(value, List.of()));
            return this;
        }

        /** Replaces {@link FunctionSpec#constraints()}. */
        public Builder constraints(List<String> value) {
            this.constraints = new ArrayList<>(Objects.requireNonNullElse(value, List.of()));
            return this;
        }

        /** Sets {@link FunctionSpec#limitQuantities()}. */
        public Builder limitQuantities(Resources value) {
            this.limitQuantities = value;
            return this;
        }

        /** Sets {@link FunctionSpec#requests()}. */
        public Builder requests(Resources value) {
            this.requests = value;
            return this;
        }

        /** Sets {@link FunctionSpec#readOnlyRootFilesystem()}. */
        public Builder readOnlyRootFilesystem(Boolean value) {
            this.readOnlyRootFilesystem = value;
            return this;
        }

        /**
         * The validated spec.
         *
         * @throws IllegalArgumentException naming the field, the value and what was expected
         */
        public FunctionSpec build() {
            return new FunctionSpec(name, scope, image, code, process, env, labels, annotations, limits, network,
                    secrets, constraints, limitQuantities, requests, readOnlyRootFilesystem);
        }
    }
}
