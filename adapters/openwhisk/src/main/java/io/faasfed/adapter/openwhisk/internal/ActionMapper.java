package io.faasfed.adapter.openwhisk.internal;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionCode;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.openwhisk.internal.client.model.Action;
import io.faasfed.adapter.openwhisk.internal.client.model.ActionExec;
import io.faasfed.adapter.openwhisk.internal.client.model.ActionLimits;
import io.faasfed.adapter.openwhisk.internal.client.model.ActionPut;
import io.faasfed.adapter.openwhisk.internal.client.model.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps the neutral {@link FunctionSpec} to an OpenWhisk action update and an action back to {@link FunctionInfo}.
 *
 * <ul>
 *   <li>image: a {@code blackbox} exec with that image (and the code, when some is given too);</li>
 *   <li>code: an exec of the code's runtime kind (checked against the live manifest by the caller);</li>
 *   <li>env: parameters with {@code init: true}, which the runtime exports as environment at {@code /init};</li>
 *   <li>labels and annotations: annotations, the text {@code true}/{@code false} sent as a JSON boolean (the
 *       controller treats any non-empty string as true, so {@code "false"} would switch a flag on);</li>
 *   <li>memory and timeout: {@code limits.memory} (MB) and {@code limits.timeout} (ms), range-checked; an open limit
 *       is sent as its default so that an update really replaces the old value.</li>
 *   <li>{@code provide-api-key}: sent as {@code false} when the spec does not set it. The controller only adds that
 *       default when it creates an action, and the invoker hands the key to an action whose annotation is missing, so
 *       leaving it out would keep an older {@code true} (or no annotation at all) on update.</li>
 * </ul>
 */
public final class ActionMapper {

    /** The exec kind of image actions. */
    public static final String BLACKBOX = "blackbox";

    /** The annotation that hands the invoking key to the action, as {@code __OW_API_KEY}. */
    public static final String PROVIDE_API_KEY = "provide-api-key";

    /** The web action annotation that asks for a key ({@code true}) or a secret header (a string) on every call. */
    public static final String REQUIRE_WHISK_AUTH = "require-whisk-auth";

    /** Annotations the controller itself sets; an update never deletes them. */
    static final Set<String> CONTROLLER_ANNOTATIONS = Set.of("exec", PROVIDE_API_KEY);

    private final PlatformId platform;
    private final DeployRules rules;
    private final JsonMapper json;

    /**
     * A mapper for {@code platform}'s deploys.
     *
     * @param platform the platform, for error messages
     * @param rules    the limit ranges and defaults
     * @param json     serialises annotation values that are not plain text
     */
    public ActionMapper(PlatformId platform, DeployRules rules, JsonMapper json) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * The action update for {@code spec}, without {@code delAnnotations} (they depend on the stored action).
     *
     * @throws FaasException.InvalidSpec naming the field that OpenWhisk cannot honour
     */
    public ActionPut toPut(FunctionSpec spec) {
        rejectUnmappable(spec);
        ActionPut put = new ActionPut();
        put.setExec(exec(spec));
        put.setLimits(limits(spec.limits()));
        List<KeyValue> parameters = new ArrayList<>();
        spec.env().forEach((key, value) -> parameters.add(new KeyValue().key(key).value(value).init(true)));
        put.setParameters(parameters);
        Map<String, String> merged = new LinkedHashMap<>(spec.labels());
        merged.putAll(spec.annotations());
        List<KeyValue> annotations = new ArrayList<>();
        merged.forEach((key, value) -> annotations.add(new KeyValue().key(key).value(annotationValue(value))));
        if (!merged.containsKey(PROVIDE_API_KEY)) {
            annotations.add(new KeyValue().key(PROVIDE_API_KEY).value(Boolean.FALSE));
        }
        put.setAnnotations(annotations);
        put.setDelAnnotations(new ArrayList<>());
        return put;
    }

    /**
     * The field of {@code spec} that would lend the deploying key, or null: {@code provide-api-key} with a value the
     * invoker reads as true (anything but {@code false}, {@code 0} and the empty text), or
     * {@code require-whisk-auth: true} (every caller authenticated with the key). Named {@code annotations.<key>} or
     * {@code labels.<key>}, wherever the value that is deployed comes from (annotations win).
     */
    public static String keyLendingAnnotation(FunctionSpec spec) {
        String provide = deployedValue(spec, PROVIDE_API_KEY);
        if (provide != null && ActionView.truthy(annotationValue(provide))) {
            return source(spec, PROVIDE_API_KEY);
        }
        String require = deployedValue(spec, REQUIRE_WHISK_AUTH);
        if (require != null && Boolean.TRUE.equals(annotationValue(require))) {
            return source(spec, REQUIRE_WHISK_AUTH);
        }
        return null;
    }

    private static String deployedValue(FunctionSpec spec, String key) {
        return spec.annotations().containsKey(key) ? spec.annotations().get(key) : spec.labels().get(key);
    }

    private static String source(FunctionSpec spec, String key) {
        return (spec.annotations().containsKey(key) ? "annotations." : "labels.") + key;
    }

    /** The runtime kind the live manifest must offer for {@code spec}, or null for an image action. */
    public static String kindToCheck(FunctionSpec spec) {
        return spec.image() == null && spec.code() != null ? spec.code().runtime() : null;
    }

    /**
     * The annotations {@code existing} holds that {@code put} no longer has: since an update merges annotations,
     * these must be deleted explicitly. The controller's own annotations are kept.
     */
    public static List<String> staleAnnotations(Action existing, ActionPut put) {
        if (existing == null || existing.getAnnotations() == null) {
            return List.of();
        }
        Set<String> wanted = new java.util.HashSet<>();
        put.getAnnotations().forEach(annotation -> wanted.add(annotation.getKey()));
        return existing.getAnnotations().stream().map(KeyValue::getKey)
                .filter(key -> key != null && !wanted.contains(key) && !CONTROLLER_ANNOTATIONS.contains(key))
                .distinct().toList();
    }

    /** What the controller reports about {@code action}, in neutral terms. */
    public FunctionInfo toInfo(Action action) {
        String namespace = action.getNamespace();
        int slash = namespace == null ? -1 : namespace.indexOf('/');
        String pkg = slash < 0 ? null : namespace.substring(slash + 1);
        ActionExec exec = action.getExec();
        String kind = exec == null ? null : exec.getKind();
        Map<String, String> env = new LinkedHashMap<>();
        if (action.getParameters() != null) {
            action.getParameters().stream().filter(p -> Boolean.TRUE.equals(p.getInit()) && p.getKey() != null)
                    .forEach(p -> env.put(p.getKey(), text(p.getValue())));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        if (action.getAnnotations() != null) {
            action.getAnnotations().stream().filter(a -> a.getKey() != null).forEach(a -> {
                annotations.put(a.getKey(), text(a.getValue()));
                if (!CONTROLLER_ANNOTATIONS.contains(a.getKey())) {
                    labels.put(a.getKey(), text(a.getValue()));
                }
            });
        }
        return FunctionInfo.builder(action.getName(), platform)
                .scope(pkg)
                .image(exec == null ? null : exec.getImage())
                .runtime(kind == null || BLACKBOX.equals(kind) ? null : kind)
                .env(env)
                .labels(labels)
                .annotations(annotations)
                .limits(limitsOf(action.getLimits()))
                .backendRef(pkg == null ? null : pkg + '/' + action.getName())
                .build();
    }

    /** An annotation's value as the controller should store it: booleans for {@code true}/{@code false}. */
    public static Object annotationValue(String value) {
        if ("true".equals(value)) {
            return Boolean.TRUE;
        }
        if ("false".equals(value)) {
            return Boolean.FALSE;
        }
        return value;
    }

    /** A JSON value as text: strings as they are, everything else as JSON. */
    public String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String string) {
            return string;
        }
        if (value instanceof Boolean || value instanceof Number) {
            return value.toString();
        }
        return json.writeValueAsString(value);
    }

    private void rejectUnmappable(FunctionSpec spec) {
        if (spec.process() != null) {
            throw invalid("process", "OpenWhisk has no watchdog process; an image action runs its own /init and /run "
                    + "server (remove process)");
        }
        if (!spec.secrets().isEmpty()) {
            throw invalid("secrets", "OpenWhisk has no platform secrets; pass values as env (they become init "
                    + "parameters) instead of " + spec.secrets());
        }
        if (!spec.constraints().isEmpty()) {
            throw invalid("constraints", "OpenWhisk places activations itself and takes no placement constraints "
                    + "(remove " + spec.constraints() + ")");
        }
        Limits limits = spec.limits();
        if (limits.cpus() != null) {
            throw invalid("limits.cpus", limits.cpus() + " cannot be set per action on OpenWhisk (the invoker gives "
                    + "CPU shares in proportion to memory; set limits.memoryMiB instead)");
        }
        if (limits.idleTimeout() != null) {
            throw invalid("limits.idleTimeout", limits.idleTimeout() + " cannot be set per action on OpenWhisk (the "
                    + "invoker's keep-warm period is set for the whole deployment)");
        }
    }

    private ActionExec exec(FunctionSpec spec) {
        FunctionCode code = spec.code();
        ActionExec exec = new ActionExec();
        exec.setComponents(null);
        if (spec.image() != null) {
            if (code != null && !BLACKBOX.equals(code.runtime())) {
                throw invalid("code.runtime", "'" + code.runtime() + "' conflicts with image " + spec.image()
                        + ": an image action runs as kind 'blackbox' (drop the image to deploy code on '"
                        + code.runtime() + "', or set the runtime to 'blackbox')");
            }
            exec.kind(BLACKBOX).image(spec.image());
        } else {
            if (BLACKBOX.equals(code.runtime())) {
                throw invalid("image", "a 'blackbox' action needs an image (expected: an image reference)");
            }
            if ("sequence".equals(code.runtime())) {
                throw invalid("code.runtime", "sequences are not deployed through the neutral spec (expected: a "
                        + "runtime kind such as nodejs:20, or an image)");
            }
            exec.kind(code.runtime());
        }
        if (code != null) {
            exec.code(code.source()).main(code.main());
            if (code.binary()) {
                exec.binary(true);
            }
        }
        return exec;
    }

    private ActionLimits limits(Limits limits) {
        int memory = limits.memoryMiB() == null ? rules.memoryDefault() : limits.memoryMiB();
        if (memory < rules.memoryMin() || memory > rules.memoryMax()) {
            throw invalid("limits.memoryMiB", memory + " MB is outside the action memory limit of "
                    + rules.memoryMin() + "-" + rules.memoryMax() + " MB (configure memory-min/memory-max when the "
                    + "controller allows other values)");
        }
        Duration timeout = limits.timeout() == null ? rules.timeoutDefault() : limits.timeout();
        if (timeout.compareTo(rules.timeoutMin()) < 0 || timeout.compareTo(rules.timeoutMax()) > 0) {
            throw invalid("limits.timeout", timeout.toMillis() + " ms is outside the action timeout limit of "
                    + rules.timeoutMin().toMillis() + "-" + rules.timeoutMax().toMillis() + " ms (configure "
                    + "timeout-min/timeout-max when the controller allows other values)");
        }
        int concurrency = limits.concurrency() == null ? 1 : limits.concurrency();
        if (concurrency > rules.concurrencyMax()) {
            throw invalid("limits.concurrency", concurrency + " is above the action concurrency limit of "
                    + rules.concurrencyMax() + " (configure concurrency-max when the controller allows more)");
        }
        long millis = timeout.toMillis() + (timeout.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        return new ActionLimits().memory(memory).timeout(Math.toIntExact(millis)).concurrency(concurrency);
    }

    private static Limits limitsOf(ActionLimits limits) {
        if (limits == null) {
            return Limits.none();
        }
        return new Limits(positive(limits.getMemory()), null,
                positive(limits.getTimeout()) == null ? null : Duration.ofMillis(limits.getTimeout()), null,
                positive(limits.getConcurrency()));
    }

    private static Integer positive(Integer value) {
        return value == null || value <= 0 ? null : value;
    }

    private FaasException.InvalidSpec invalid(String field, String message) {
        return new FaasException.InvalidSpec(platform, field, message);
    }
}
