package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

/**
 * Loads stack files into a {@link StackDefinition} as {@code docker stack deploy -c a.yml -c b.yml} reads them. Each
 * file is parsed (duplicate keys refused), its string values interpolated ({@link Interpolation}) from the given
 * environment, checked against the Compose specification's JSON schema, and checked for pinned images (a tag other
 * than {@code latest}, or a digest); then the files are merged in order ({@link StackMerge} lists the rules) and every
 * service must have an image. Every failure is a {@link SetupException} INVALID_INPUT naming the file and the path.
 */
public final class StackFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private StackFiles() {
    }

    /**
     * The stack the files make together, in order (later files override earlier ones).
     *
     * @param files the files, at least one
     * @param env the variables {@code ${VAR}} refers to (usually {@code System.getenv()})
     * @throws SetupException INVALID_INPUT when a file is not valid YAML, does not match the Compose schema, refers to an
     *                        unset variable, names an unpinned image, or a service ends up without an image
     */
    public static StackDefinition load(List<StackFile> files, Map<String, String> env) {
        requireNonNull(files, "files");
        requireNonNull(env, "env");
        if (files.isEmpty()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "No stack file was given.",
                    "Give at least one, e.g. -c compose/federation.yml.");
        }
        ObjectNode merged = null;
        Map<String, List<String>> definedIn = new LinkedHashMap<>();
        for (StackFile file : files) {
            ObjectNode document = checked(file, env);
            document.path("services").properties().forEach(e ->
                    definedIn.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(file.name()));
            merged = merged == null ? document : StackMerge.merge(merged, document);
        }
        List<String> names = files.stream().map(StackFile::name).toList();
        return build(merged, names, definedIn);
    }

    /**
     * The stack the files at {@code paths} make together, in order; as {@link #load}.
     *
     * @throws SetupException INVALID_INPUT as {@link #load}, or when a file cannot be read
     */
    public static StackDefinition read(List<Path> paths, Map<String, String> env) {
        requireNonNull(paths, "paths");
        return load(paths.stream().map(StackFile::read).toList(), env);
    }

    /**
     * One file parsed, interpolated, validated and normalised, on its own; {@link #load} merges such documents.
     *
     * @throws SetupException INVALID_INPUT as {@link #load}
     */
    static ObjectNode checked(StackFile file, Map<String, String> env) {
        JsonNode tree;
        try {
            tree = YAML.readTree(file.text());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new SetupException(SetupProblem.INVALID_INPUT, file.name() + where + ": not valid YAML: "
                    + e.getOriginalMessage(), "Fix the YAML syntax (indentation, quotes, a key given twice).", e);
        }
        if (!(tree instanceof ObjectNode document)) {
            throw new SetupException(SetupProblem.INVALID_INPUT, file.name() + ": a stack file must be a mapping with "
                    + "'services' (found " + (tree == null ? "an empty file" : tree.getNodeType().name().toLowerCase()) + ").",
                    "Start the file with 'services:'.");
        }
        interpolate(document, env, file.name(), "");
        List<String> errors = ComposeSchema.validate(document);
        if (!errors.isEmpty()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, file.name() + " does not follow the Compose specification: "
                    + String.join("; ", errors) + ".",
                    "Fix the named paths: a key the Compose format does not know is a typo or belongs elsewhere, a type "
                            + "must be the one the specification gives (compose-spec.json).");
        }
        document.path("services").properties().forEach(e -> {
            JsonNode image = e.getValue().get("image");
            if (image != null && image.isTextual()) {
                pinned(file.name(), "services." + e.getKey() + ".image", image.asText());
            }
        });
        return StackMerge.normalize(document);
    }

    private static void pinned(String file, String path, String image) {
        if (!StackService.pinned(image)) {
            throw new SetupException(SetupProblem.INVALID_INPUT, file + ": " + path + ": the image '" + image + "' is "
                    + (StackService.tagOf(image).isEmpty() ? "not pinned (no tag)" : "not pinned (tag 'latest')") + ".",
                    "Name a fixed version, e.g. redis:7.2.5-alpine, or a digest (@sha256:...): 'latest' changes under a "
                            + "running stack.");
        }
    }

    private static void interpolate(JsonNode node, Map<String, String> env, String file, String path) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(Interpolation.apply(e.getValue().asText(), env, file + ": " + child)));
                } else {
                    interpolate(e.getValue(), env, file, child);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String child = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(Interpolation.apply(array.get(i).asText(), env, file + ": " + child)));
                } else {
                    interpolate(array.get(i), env, file, child);
                }
            }
        }
    }

    private static StackDefinition build(ObjectNode doc, List<String> files, Map<String, List<String>> definedIn) {
        Map<String, StackService> services = new LinkedHashMap<>();
        doc.path("services").properties().forEach(e -> services.put(e.getKey(),
                service(e.getKey(), e.getValue(), definedIn.getOrDefault(e.getKey(), files))));
        Map<String, StackNetwork> networks = new LinkedHashMap<>();
        doc.path("networks").properties().forEach(e -> {
            JsonNode n = e.getValue();
            networks.put(e.getKey(), new StackNetwork(e.getKey(), n.path("name").asText(e.getKey()), external(n),
                    n.path("driver").asText(""), labels(n.path("labels"))));
        });
        Map<String, StackSecret> secrets = new LinkedHashMap<>();
        doc.path("secrets").properties().forEach(e -> {
            JsonNode s = e.getValue();
            secrets.put(e.getKey(), new StackSecret(e.getKey(), s.path("name").asText(e.getKey()), external(s),
                    s.path("file").asText(""), labels(s.path("labels"))));
        });
        Map<String, StackVolume> volumes = new LinkedHashMap<>();
        doc.path("volumes").properties().forEach(e -> {
            JsonNode v = e.getValue();
            volumes.put(e.getKey(), new StackVolume(e.getKey(), v.path("name").asText(e.getKey()), external(v),
                    v.path("driver").asText(""), labels(v.path("labels"))));
        });
        return new StackDefinition(files, services, networks, secrets, volumes);
    }

    private static boolean external(JsonNode node) {
        JsonNode external = node.path("external");
        return external.isObject() || external.asBoolean(false) || external.asText("").equals("true");
    }

    private static StackService service(String name, JsonNode s, List<String> files) {
        String image = s.path("image").asText("");
        if (image.isEmpty()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "services." + name + ".image: the service '" + name
                    + "' has no image in " + files + ".",
                    "Deploy the file that defines it together with the one that extends it (e.g. -c federation.yml -c "
                            + "fn.yml), or give it an image.");
        }
        JsonNode deploy = s.path("deploy");
        Map<String, StackService.NetworkAttachment> networks = new LinkedHashMap<>();
        s.path("networks").properties().forEach(e -> networks.put(e.getKey(),
                new StackService.NetworkAttachment(e.getKey(), strings(e.getValue().path("aliases")))));
        Map<String, String> environment = new LinkedHashMap<>();
        s.path("environment").properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                environment.put(e.getKey(), e.getValue().asText());
            }
        });
        List<StackService.SecretMount> secrets = new ArrayList<>();
        s.path("secrets").forEach(m -> secrets.add(new StackService.SecretMount(m.path("source").asText(),
                m.path("target").asText(m.path("source").asText()),
                m.has("mode") ? Optional.of(mode(m.get("mode"))) : Optional.empty(), m.path("uid").asText("0"),
                m.path("gid").asText("0"))));
        List<StackService.Mount> mounts = new ArrayList<>();
        s.path("volumes").forEach(m -> mounts.add(new StackService.Mount(m.path("type").asText("volume"),
                m.path("source").asText(""), m.path("target").asText(""), m.path("read_only").asBoolean(false))));
        JsonNode resources = deploy.path("resources");
        String at = "services." + name + ".";
        String endpointMode = deploy.path("endpoint_mode").asText("vip");
        if (!endpointMode.equals("vip") && !endpointMode.equals("dnsrr")) {
            throw new SetupException(SetupProblem.INVALID_INPUT, at + "deploy.endpoint_mode: '" + endpointMode
                    + "' is not an endpoint mode (in " + files + ").", "Use vip or dnsrr.");
        }
        return new StackService(name, image, command(s.path("command")), integer(deploy.path("replicas"), 1, at + "deploy.replicas", files),
                endpointMode, networks, environment, secrets, mounts, healthcheck(s.path("healthcheck"), at, files),
                update(deploy.path("update_config"), at + "deploy.update_config.", files),
                update(deploy.path("rollback_config"), at + "deploy.rollback_config.", files),
                restart(deploy.path("restart_policy"), at + "deploy.restart_policy.", files),
                new StackService.Resources(text(resources.path("limits").path("cpus")), text(resources.path("limits").path("memory")),
                        text(resources.path("reservations").path("cpus")), text(resources.path("reservations").path("memory"))),
                strings(deploy.path("placement").path("constraints")), labels(s.path("labels")), labels(deploy.path("labels")));
    }

    private static int mode(JsonNode mode) {
        return mode.isNumber() ? mode.asInt() : Integer.parseInt(mode.asText(), 8);
    }

    private static List<String> command(JsonNode command) {
        if (command.isTextual()) {
            return List.of(command.asText());
        }
        return strings(command);
    }

    private static int integer(JsonNode node, int unset, String path, List<String> files) {
        if (node.isMissingNode() || node.isNull()) {
            return unset;
        }
        if (node.isIntegralNumber()) {
            return node.asInt();
        }
        try {
            return Integer.parseInt(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new SetupException(SetupProblem.INVALID_INPUT, path + ": '" + node.asText() + "' is not a whole number (in "
                    + files + ").", "Write a number, e.g. " + path.substring(path.lastIndexOf('.') + 1) + ": 2.");
        }
    }

    private static Optional<StackService.Healthcheck> healthcheck(JsonNode h, String at, List<String> files) {
        if (h.isMissingNode() || h.isNull()) {
            return Optional.empty();
        }
        List<String> test = h.path("disable").asBoolean(false) ? List.of("NONE")
                : h.path("test").isTextual() ? List.of("CMD-SHELL", h.path("test").asText()) : strings(h.path("test"));
        return Optional.of(new StackService.Healthcheck(test, text(h.path("interval")), text(h.path("timeout")),
                integer(h.path("retries"), 0, at + "healthcheck.retries", files), text(h.path("start_period"))));
    }

    private static Optional<StackService.UpdateConfig> update(JsonNode u, String at, List<String> files) {
        if (!u.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new StackService.UpdateConfig(integer(u.path("parallelism"), 1, at + "parallelism", files), text(u.path("delay")),
                text(u.path("order")), text(u.path("failure_action")), text(u.path("monitor")), text(u.path("max_failure_ratio"))));
    }

    private static Optional<StackService.RestartPolicy> restart(JsonNode r, String at, List<String> files) {
        if (!r.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new StackService.RestartPolicy(r.path("condition").asText("any"), text(r.path("delay")),
                integer(r.path("max_attempts"), 0, at + "max_attempts", files), text(r.path("window"))));
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } else if (node.isArray()) {
            node.forEach(n -> {
                String text = n.asText();
                int eq = text.indexOf('=');
                out.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            });
        }
        return out;
    }
}
