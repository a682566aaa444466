package io.faasfed.adapter.fn.internal;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.fn.internal.client.model.Fn;
import io.faasfed.adapter.fn.internal.client.model.FnCreate;
import io.faasfed.adapter.fn.internal.client.model.FnPatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps faasfed's neutral function records to Fn's and back.
 *
 * <ul>
 *   <li>image → {@code image} (required: Fn runs images only); env → {@code config}; labels → {@code annotations}
 *       as JSON strings; the spec's own annotations → {@code annotations} under {@link #ANNOTATION_PREFIX}, so
 *       that reading a function back tells labels and annotations apart.</li>
 *   <li>limits: memory MiB → {@code memory} (1-8192), timeout → {@code timeout} in whole seconds rounded up
 *       (1-300), idle timeout → {@code idle_timeout} in seconds rounded up (1-3600); CPUs cannot be set on Fn and
 *       concurrency is one call per container, so other values are rejected.</li>
 *   <li>An update is a merge on Fn: keys that the spec no longer has are sent with an empty value, which deletes
 *       them; limits the spec leaves open are reset to Fn's defaults.</li>
 * </ul>
 */
public final class FnMapping {

    /** Where the spec's annotations live among Fn's annotations. */
    public static final String ANNOTATION_PREFIX = "faasfed.io/annotation.";

    /** Annotations of this prefix belong to the Fn server (e.g. the invoke endpoint) and are never touched. */
    public static final String SERVER_PREFIX = "fnproject.io/";

    /** Fn's default memory, MiB. */
    public static final long DEFAULT_MEMORY = 128;

    /** Fn's default call timeout, seconds. */
    public static final int DEFAULT_TIMEOUT = 30;

    /** Fn's default idle timeout, seconds. */
    public static final int DEFAULT_IDLE_TIMEOUT = 30;

    private static final Pattern ANNOTATION_KEY = Pattern.compile("[!-~]+");
    private static final int MAX_KEY_BYTES = 128;
    private static final int MAX_VALUE_BYTES = 512;
    private static final int MAX_KEYS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PlatformId platform;
    private final String app;
    private final String network;

    /**
     * A mapping for one Fn platform.
     *
     * @param platform the platform, for error messages and the records made
     * @param app      the app that holds the federated functions
     * @param network  the network Fn puts functions on ({@code FN_DOCKER_NETWORKS}), or null
     */
    public FnMapping(PlatformId platform, String app, String network) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.app = Objects.requireNonNull(app, "app");
        this.network = network;
    }

    /**
     * What Fn should hold for {@code spec}, checked against Fn's limits.
     *
     * @throws FaasException.InvalidSpec naming the field and saying what Fn accepts
     */
    public Desired desired(FunctionSpec spec) {
        if (spec.code() != null) {
            throw invalid("code", "Fn runs container images only (built with an Fn FDK); build an image and set "
                    + "image instead of code");
        }
        if (spec.image() == null) {
            throw invalid("image", "required on Fn: an image built with an Fn FDK, e.g. fnproject/hello:0.0.1");
        }
        if (spec.process() != null) {
            throw invalid("process", "Fn images start their FDK themselves; there is no watchdog command to set");
        }
        if (spec.network() != null && !spec.network().equals(network)) {
            throw invalid("network", "Fn puts every function on the server-wide network(s) of FN_DOCKER_NETWORKS"
                    + (network == null ? "; none is configured for this platform (set network in its "
                    + "configuration when the Fn server uses one)" : " ('" + network + "'); only that one can be "
                    + "named"));
        }
        if (!spec.secrets().isEmpty()) {
            throw invalid("secrets", "Fn has no secrets; pass values through env (Fn config) instead");
        }
        if (!spec.constraints().isEmpty()) {
            throw invalid("constraints", "Fn has no placement constraints");
        }
        Limits limits = spec.limits();
        if (limits.cpus() != null) {
            throw invalid("limits.cpus", "Fn has no per-function CPU setting (expected: no value)");
        }
        if (limits.concurrency() != null && limits.concurrency() != 1) {
            throw invalid("limits.concurrency", limits.concurrency() + " (expected: 1 or no value: an Fn container "
                    + "serves one call at a time)");
        }
        Long memory = null;
        if (limits.memoryMiB() != null) {
            memory = (long) inRange("limits.memoryMiB", limits.memoryMiB(), 1, 8192, "MiB");
        }
        Integer timeout = limits.timeout() == null ? null
                : inRange("limits.timeout", seconds(limits.timeout()), 1, 300, "seconds");
        Integer idleTimeout = limits.idleTimeout() == null ? null
                : inRange("limits.idleTimeout", seconds(limits.idleTimeout()), 1, 3600, "seconds");

        Map<String, String> config = new LinkedHashMap<>();
        spec.env().forEach((key, value) -> {
            if (value.isEmpty()) {
                throw invalid("env." + key, "\"\" (expected: a non-empty value; Fn treats an empty config value as "
                        + "'delete this key', so leave the variable out instead)");
            }
            config.put(key, value);
        });
        Map<String, Object> annotations = new LinkedHashMap<>();
        spec.labels().forEach((key, value) -> putAnnotation(annotations, "labels", key, key, value));
        spec.annotations().forEach((key, value) ->
                putAnnotation(annotations, "annotations", key, ANNOTATION_PREFIX + key, value));
        if (annotations.size() > MAX_KEYS) {
            throw invalid("labels", annotations.size() + " labels and annotations (expected: at most " + MAX_KEYS
                    + " together; Fn keeps at most " + MAX_KEYS + " annotations per function)");
        }
        return new Desired(spec.image(), memory, timeout, idleTimeout, config, annotations);
    }

    private void putAnnotation(Map<String, Object> target, String field, String key, String fnKey, String value) {
        if (key.startsWith(SERVER_PREFIX)) {
            throw invalid(field + "." + key, "keys starting with '" + SERVER_PREFIX + "' belong to the Fn server");
        }
        if (!ANNOTATION_KEY.matcher(fnKey).matches()) {
            throw invalid(field, "\"" + key + "\" (expected: printable ASCII keys without spaces; they become Fn "
                    + "annotation keys)");
        }
        if (fnKey.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw invalid(field, "\"" + key + "\" (expected: at most " + MAX_KEY_BYTES + " bytes as the Fn annotation "
                    + "key '" + fnKey + "')");
        }
        if (value.isEmpty()) {
            throw invalid(field + "." + key, "\"\" (expected: a non-empty value; Fn treats an empty annotation "
                    + "value as 'delete this key')");
        }
        int bytes = JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw invalid(field + "." + key, bytes + " bytes as JSON (expected: at most " + MAX_VALUE_BYTES
                    + ", Fn's limit for one annotation value)");
        }
        target.put(fnKey, value);
    }

    /** The body of {@code POST /v2/fns} for {@code desired}. */
    public FnCreate toCreate(Desired desired, String appId, String name) {
        return new FnCreate().name(name).appId(appId).image(desired.image()).memory(desired.memory())
                .timeout(desired.timeout()).idleTimeout(desired.idleTimeout())
                .config(desired.config().isEmpty() ? null : new LinkedHashMap<>(desired.config()))
                .annotations(desired.annotations().isEmpty() ? null : new LinkedHashMap<>(desired.annotations()));
    }

    /**
     * The body of {@code PUT /v2/fns/{id}} that turns {@code current} into {@code desired}: Fn merges it, so every
     * config key and annotation that is no longer wanted is sent with an empty value (which deletes it), and
     * limits left open go back to Fn's defaults. The server's own annotations are left alone.
     */
    public FnPatch toPatch(Desired desired, Fn current) {
        Map<String, String> config = new LinkedHashMap<>(desired.config());
        if (current.getConfig() != null) {
            current.getConfig().keySet().forEach(key -> config.putIfAbsent(key, ""));
        }
        Map<String, Object> annotations = new LinkedHashMap<>(desired.annotations());
        if (current.getAnnotations() != null) {
            current.getAnnotations().keySet().stream().filter(key -> !key.startsWith(SERVER_PREFIX))
                    .forEach(key -> annotations.putIfAbsent(key, ""));
        }
        return new FnPatch().image(desired.image())
                .memory(Objects.requireNonNullElse(desired.memory(), DEFAULT_MEMORY))
                .timeout(Objects.requireNonNullElse(desired.timeout(), DEFAULT_TIMEOUT))
                .idleTimeout(Objects.requireNonNullElse(desired.idleTimeout(), DEFAULT_IDLE_TIMEOUT))
                .config(config.isEmpty() ? null : config)
                .annotations(annotations.isEmpty() ? null : annotations);
    }

    /**
     * What faasfed reports about {@code fn}: string annotations are labels, except the server's own and the ones
     * under {@link #ANNOTATION_PREFIX}, which are annotations (other JSON values are kept as JSON text).
     *
     * @param scope the app's name when it is not the default app, else null
     */
    public FunctionInfo toInfo(Fn fn, String scope) {
        Map<String, String> env = new LinkedHashMap<>();
        if (fn.getConfig() != null) {
            fn.getConfig().forEach((key, value) -> {
                if (key != null && value != null) {
                    env.put(key, value);
                }
            });
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (fn.getAnnotations() != null) {
            fn.getAnnotations().forEach((key, value) -> {
                if (key == null || value == null) {
                    return;
                }
                String text = value instanceof String string ? string : JSON.writeValueAsString(value);
                if (key.startsWith(ANNOTATION_PREFIX)) {
                    annotations.put(key.substring(ANNOTATION_PREFIX.length()), text);
                } else if (key.startsWith(SERVER_PREFIX) || !(value instanceof String)) {
                    annotations.put(key, text);
                } else {
                    labels.put(key, text);
                }
            });
        }
        Limits limits = new Limits(
                fn.getMemory() != null && fn.getMemory() > 0 && fn.getMemory() <= Integer.MAX_VALUE
                        ? fn.getMemory().intValue() : null,
                null,
                fn.getTimeout() != null && fn.getTimeout() > 0 ? Duration.ofSeconds(fn.getTimeout()) : null,
                fn.getIdleTimeout() != null && fn.getIdleTimeout() > 0 ? Duration.ofSeconds(fn.getIdleTimeout())
                        : null,
                null);
        return FunctionInfo.builder(fn.getName(), platform).scope(scope).image(fn.getImage()).env(env).labels(labels)
                .annotations(annotations).limits(limits).backendRef(fn.getId())
                .createdAt(fn.getCreatedAt() == null ? null : fn.getCreatedAt().toInstant())
                .build();
    }

    /**
     * The status a call answered through {@code POST /invoke} means: Fn passes the function's
     * {@code Fn-Http-Status} on untranslated there, so a 200 carrying one is read as that status.
     */
    public static int invokeStatus(int status, Headers headers) {
        if (status != 200) {
            return status;
        }
        return headers.first("Fn-Http-Status").map(String::trim).filter(value -> value.matches("[1-5]\\d\\d"))
                .map(Integer::parseInt).orElse(status);
    }

    /**
     * The headers a call answered through {@code POST /invoke} means: {@code Fn-Http-H-X} becomes {@code X} (as an
     * HTTP trigger would do it) and {@code Fn-Http-Status} is dropped; every other header is kept.
     */
    public static Headers invokeHeaders(Headers headers) {
        Headers.Builder plain = Headers.builder();
        Headers.Builder translated = Headers.builder();
        headers.values().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("fn-http-h-") && name.length() > "fn-http-h-".length()) {
                values.forEach(value -> translated.add(name.substring("fn-http-h-".length()), value));
            } else if (!"fn-http-status".equals(lower)) {
                values.forEach(value -> plain.add(name, value));
            }
        });
        Headers fromFunction = translated.build();
        Headers.Builder result = plain.build().filter(name -> !fromFunction.contains(name)).toBuilder();
        return result.addAll(fromFunction).build();
    }

    private FaasException.InvalidSpec invalid(String field, String message) {
        return new FaasException.InvalidSpec(platform, field, message);
    }

    private int inRange(String field, long value, int min, int max, String unit) {
        if (value < min || value > max) {
            throw invalid(field, value + " " + unit + " (expected: " + min + "-" + max + " " + unit + " on Fn)");
        }
        return (int) value;
    }

    private static long seconds(Duration duration) {
        return duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    }

    /**
     * What Fn should hold for a function, in Fn's units.
     *
     * @param image       the image
     * @param memory      MiB, or null for Fn's default
     * @param timeout     seconds, or null for Fn's default
     * @param idleTimeout seconds, or null for Fn's default
     * @param config      the function's config (its environment)
     * @param annotations the function's annotations (labels, and the spec's annotations under the prefix)
     */
    public record Desired(String image, Long memory, Integer timeout, Integer idleTimeout, Map<String, String> config,
                          Map<String, Object> annotations) {

        /** Copies the maps. */
        public Desired {
            config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
            annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        }
    }
}
