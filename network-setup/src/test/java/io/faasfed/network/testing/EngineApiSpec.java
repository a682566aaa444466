package io.faasfed.network.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.DockerEndpoint;

/**
 * The Docker Engine API document (Swagger 2.0) that faasfed pins its requests to, and a checker of recorded requests
 * against it: the version prefix, a documented path and method, every query parameter declared (with its type and
 * enum; JSON {@code filters} by the filter names the parameter's description lists), required query parameters
 * present, and a JSON body that matches the body parameter's schema ({@code $ref} and {@code allOf} resolved; types,
 * enums, required properties and {@code x-nullable} checked).
 *
 * <p>A property whose value is JSON {@code null} counts as not sent (and as missing where it is required): the
 * engine's Go decoder leaves the field at its zero value, exactly as when it is absent. docker-java writes every unset
 * field of its models as {@code null}, so this is what keeps its requests checkable at all. A {@code null} array item,
 * map value or body is a violation unless the schema says {@code x-nullable}.
 *
 * <p>Unknown body properties are violations even though the document never sets {@code additionalProperties: false}:
 * the engine's Go decoder would silently drop a misspelled or invented field, so a client must send only documented
 * ones. Property names are compared exactly, although Go matches them case-insensitively, for the same reason.
 * {@link #UNDOCUMENTED_BUT_SENT} lists the few fields docker-java is allowed to send anyway, each with why.
 *
 * <p>The document is read from the test classpath ({@code docker/engine-api-v1.41.yaml}, a copy of
 * {@code shared/specs/docker/engine-api-v1.41.yaml}) so that a clone of the repository alone can run the tests.
 */
public final class EngineApiSpec {

    /** The copy on the test classpath. */
    public static final String RESOURCE = "/docker/engine-api-v1.41.yaml";

    /** Where the shared original lives, relative to a folder above the repository. */
    public static final String SHARED_PATH = "shared/specs/docker/engine-api-v1.41.yaml";

    /**
     * Body fields docker-java sends that the v1.41 document does not list, each allowed for the reason given, as
     * {@code "OperationId body.path"} ({@code [*]} for any array element, {@code {*}} for any map entry). Keep it short:
     * an entry is a field the engine ignores, never one faasfed relies on.
     */
    public static final Map<String, String> UNDOCUMENTED_BUT_SENT = Map.of(
            "SwarmInit body.swarmSpec",
            "docker-java 3.7.1's InitializeSwarmCmdImpl has a getSwarmSpec() getter besides its Spec property, which "
                    + "Jackson writes as a second copy of Spec; no field of the engine's InitRequest matches the name, "
                    + "even case-insensitively, so the engine drops it (faasfed sends an empty spec anyway)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER_NAME = Pattern.compile("(?m)^\\s*- `([A-Za-z0-9_.-]+)");
    private static EngineApiSpec v141;

    private final JsonNode document;
    private final String basePath;
    private final List<Operation> operations;

    private EngineApiSpec(JsonNode document) {
        this.document = document;
        this.basePath = document.path("basePath").asText("");
        this.operations = operations(document);
    }

    /** The v1.41 document, read once from the test classpath. */
    public static synchronized EngineApiSpec v141() {
        if (v141 == null) {
            try (InputStream in = EngineApiSpec.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("The Engine API document " + RESOURCE + " is not on the test classpath; "
                            + "copy " + SHARED_PATH + " to network-setup/src/test/resources" + RESOURCE);
                }
                v141 = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!("/v" + DockerEndpoint.API_VERSION).equals(v141.basePath)) {
                throw new IllegalStateException("The document on the classpath is for " + v141.basePath + ", not /v"
                        + DockerEndpoint.API_VERSION);
            }
        }
        return v141;
    }

    /** A document read from {@code yaml}. */
    public static EngineApiSpec parse(InputStream yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        Object tree = new Yaml(new SafeConstructor(options)).load(yaml);
        return new EngineApiSpec(JSON.valueToTree(tree));
    }

    /**
     * The shared original of the document, found by walking up from the working directory to a folder that holds
     * {@code shared/specs} (the repository's parent on the development machines); empty where there is none (a CI
     * clone of the repository alone).
     */
    public static Optional<Path> sharedOriginal() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SHARED_PATH);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The document's {@code basePath} ({@code /v1.41}). */
    public String basePath() {
        return basePath;
    }

    /** Every violation of the document in {@code requests}, each prefixed with the request. */
    public List<String> violations(List<RecordedRequest> requests) {
        List<String> out = new ArrayList<>();
        for (RecordedRequest request : requests) {
            validate(request).forEach(v -> out.add(request + ": " + v));
        }
        return out;
    }

    /** Fails with every violation listed when any of {@code requests} breaks the document. */
    public void assertValid(List<RecordedRequest> requests) {
        List<String> violations = violations(requests);
        if (!violations.isEmpty()) {
            throw new AssertionError("Requests that break the Engine API " + basePath + " document:\n  "
                    + String.join("\n  ", violations));
        }
    }

    /** The documented operation {@code request} is ({@code NetworkCreate}); empty when it is none. */
    public Optional<String> operationOf(RecordedRequest request) {
        if (!request.rawPath().startsWith(basePath + "/")) {
            return Optional.empty();
        }
        String path = request.rawPath().substring(basePath.length());
        return operations.stream()
                .filter(o -> o.method.equals(request.method()) && RecordingDockerStub.match(o.template, path).isPresent())
                .max((a, b) -> Integer.compare(a.literals(), b.literals()))
                .map(o -> o.id + " (" + o.method + " " + o.template + ")");
    }

    /** What in {@code request} breaks the document; empty when it keeps to it. */
    public List<Violation> validate(RecordedRequest request) {
        requireNonNull(request, "request");
        List<Violation> out = new ArrayList<>();
        if (!request.rawPath().startsWith(basePath + "/")) {
            out.add(new Violation("path", "does not start with " + basePath + "/ (docker-java must pin the API version)"));
            return out;
        }
        String path = request.rawPath().substring(basePath.length());
        List<Operation> onPath = operations.stream()
                .filter(o -> RecordingDockerStub.match(o.template, path).isPresent()).toList();
        if (onPath.isEmpty()) {
            out.add(new Violation("path", path + " matches no path of the document"));
            return out;
        }
        Optional<Operation> found = onPath.stream()
                .filter(o -> o.method.equals(request.method()))
                .max((a, b) -> Integer.compare(a.literals(), b.literals()));
        if (found.isEmpty()) {
            out.add(new Violation("method", request.method() + " is not documented for " + onPath.get(0).template
                    + " (documented: " + String.join(", ", onPath.stream().map(o -> o.method).distinct().toList()) + ")"));
            return out;
        }
        Operation operation = found.get();
        query(operation, request, out);
        body(operation, request, out);
        return out;
    }

    /** What in {@code value} breaks the schema of definition {@code name}; for checking a stub's answers. */
    public List<Violation> validateDefinition(String name, JsonNode value) {
        JsonNode schema = document.path("definitions").path(name);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("no definition '" + name + "' in the document");
        }
        List<Violation> out = new ArrayList<>();
        new Checker("definition " + name, out).check(schema, value, name);
        return out;
    }

    /**
     * What in {@code body} breaks the schema the document gives for the {@code status} answer of {@code method path}
     * (a path template as the document writes it, {@code /containers/{id}/json}); for checking a stub's answers.
     */
    public List<Violation> validateAnswer(String method, String template, int status, JsonNode body) {
        Operation operation = operations.stream()
                .filter(o -> o.method.equalsIgnoreCase(method) && o.template.equals(template)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operation " + method + " " + template + " in the document"));
        JsonNode schema = operation.node.path("responses").path(String.valueOf(status)).path("schema");
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("no schema for the " + status + " answer of " + method + " " + template);
        }
        List<Violation> out = new ArrayList<>();
        new Checker(operation.id, out).check(schema, body, "answer");
        return out;
    }

    private void query(Operation operation, RecordedRequest request, List<Violation> out) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        operation.parameters("query").forEach(p -> declared.put(p.path("name").asText(), p));
        request.query().forEach((name, values) -> {
            JsonNode parameter = declared.get(name);
            if (parameter == null) {
                out.add(new Violation("query." + name, "is not a parameter of " + operation.id + " (declared: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")"));
                return;
            }
            if (values.size() > 1 && !"array".equals(parameter.path("type").asText())) {
                out.add(new Violation("query." + name, "is sent " + values.size() + " times"));
            }
            for (String value : values) {
                queryValue(operation, name, parameter, value, out);
            }
        });
        declared.forEach((name, parameter) -> {
            if (parameter.path("required").asBoolean(false) && !request.query().containsKey(name)) {
                out.add(new Violation("query." + name, "is required by " + operation.id + " but was not sent"));
            }
        });
    }

    private static void queryValue(Operation operation, String name, JsonNode parameter, String value, List<Violation> out) {
        String where = "query." + name;
        switch (parameter.path("type").asText("string")) {
            case "boolean" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    out.add(new Violation(where, "'" + value + "' is not a boolean (true or false)"));
                }
            }
            case "integer" -> {
                try {
                    long n = Long.parseLong(value);
                    if (n < 0 && parameter.path("format").asText("").startsWith("uint")) {
                        out.add(new Violation(where, value + " is negative, but the parameter is unsigned"));
                    }
                } catch (NumberFormatException e) {
                    out.add(new Violation(where, "'" + value + "' is not an integer"));
                }
            }
            default -> {
                if (parameter.has("enum") && !contains(parameter.path("enum"), JSON.getNodeFactory().textNode(value))) {
                    out.add(new Violation(where, "'" + value + "' is not one of " + parameter.path("enum")));
                }
                if (name.equals("filters")) {
                    filters(operation, parameter, value, out);
                }
            }
        }
    }

    /** {@code filters} is a JSON {@code map[string][]string} whose keys the parameter's description lists. */
    private static void filters(Operation operation, JsonNode parameter, String value, List<Violation> out) {
        JsonNode filters;
        try {
            filters = JSON.readTree(value);
        } catch (IOException e) {
            out.add(new Violation("query.filters", "is not JSON: " + value));
            return;
        }
        if (filters == null || !filters.isObject()) {
            out.add(new Violation("query.filters", "is not a JSON object: " + value));
            return;
        }
        Set<String> documented = new LinkedHashSet<>();
        Matcher m = FILTER_NAME.matcher(parameter.path("description").asText(""));
        while (m.find()) {
            documented.add(m.group(1));
        }
        filters.fields().forEachRemaining(e -> {
            if (!documented.isEmpty() && !documented.contains(e.getKey())) {
                out.add(new Violation("query.filters." + e.getKey(), "is not a filter of " + operation.id
                        + " (documented: " + String.join(", ", documented) + ")"));
            }
            boolean listOfStrings = e.getValue().isArray();
            for (JsonNode item : e.getValue()) {
                listOfStrings &= item.isTextual();
            }
            // The engine also takes the older {"name": {"value": true}} form; docker-java sends lists.
            if (!listOfStrings) {
                out.add(new Violation("query.filters." + e.getKey(), "is not a list of strings: " + e.getValue()));
            }
        });
    }

    private void body(Operation operation, RecordedRequest request, List<Violation> out) {
        Optional<JsonNode> parameter = operation.parameters("body").stream().findFirst();
        if (parameter.isEmpty()) {
            if (request.hasBody()) {
                out.add(new Violation("body", operation.id + " takes no body, but " + request.body().length + " bytes were sent"));
            }
            return;
        }
        if (!request.hasBody()) {
            if (parameter.get().path("required").asBoolean(false)) {
                out.add(new Violation("body", "is required by " + operation.id + " but none was sent"));
            }
            return;
        }
        JsonNode schema = parameter.get().path("schema");
        boolean json = !"string".equals(resolve(schema).path("type").asText(""));
        if (!json) {
            return;
        }
        String contentType = request.header("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            out.add(new Violation("header.Content-Type", "is '" + contentType + "' for a JSON body (expected application/json)"));
        }
        JsonNode value;
        try {
            value = JSON.readTree(request.body());
        } catch (IOException e) {
            out.add(new Violation("body", "is not JSON: " + request.bodyText()));
            return;
        }
        new Checker(operation.id, out).check(schema, value, "body");
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 20 && current.has("$ref"); i++) {
            String ref = current.path("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("unsupported $ref " + ref);
            }
            current = document.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("dangling $ref " + ref);
            }
        }
        return current;
    }

    /** Checks one value against one schema, collecting violations. */
    private final class Checker {

        private final String operationId;
        private final List<Violation> out;

        Checker(String operationId, List<Violation> out) {
            this.operationId = operationId;
            this.out = out;
        }

        void check(JsonNode rawSchema, JsonNode value, String where) {
            JsonNode schema = resolve(rawSchema);
            if (value == null || value.isNull()) {
                if (!nullable(rawSchema, schema)) {
                    out.add(new Violation(where, "is null, which the document does not allow here (no x-nullable)"));
                }
                return;
            }
            if (schema.has("allOf")) {
                for (JsonNode part : schema.path("allOf")) {
                    checkShape(resolve(part), value, where);
                }
                checkProperties(schema, value, where);
                return;
            }
            checkShape(schema, value, where);
            checkProperties(schema, value, where);
        }

        private boolean nullable(JsonNode raw, JsonNode resolved) {
            return raw.path("x-nullable").asBoolean(false) || resolved.path("x-nullable").asBoolean(false);
        }

        /** Type, enum and required; not the properties, which {@link #checkProperties} walks once over all parts. */
        private void checkShape(JsonNode schema, JsonNode value, String where) {
            String type = schema.path("type").asText("");
            if (type.isEmpty() && (schema.has("properties") || schema.has("additionalProperties"))) {
                type = "object";
            }
            switch (type) {
                case "object" -> {
                    if (!value.isObject()) {
                        out.add(new Violation(where, "is " + kind(value) + ", expected an object"));
                        return;
                    }
                    for (JsonNode required : schema.path("required")) {
                        if (!value.hasNonNull(required.asText())) {
                            out.add(new Violation(where + "." + required.asText(), "is required but missing"));
                        }
                    }
                }
                case "array" -> {
                    if (!value.isArray()) {
                        out.add(new Violation(where, "is " + kind(value) + ", expected an array"));
                        return;
                    }
                    if (schema.has("items")) {
                        for (int i = 0; i < value.size(); i++) {
                            check(schema.path("items"), value.get(i), where + "[" + i + "]");
                        }
                    }
                }
                case "string" -> expect(value.isTextual(), value, where, "a string");
                case "boolean" -> expect(value.isBoolean(), value, where, "a boolean");
                case "integer" -> {
                    boolean integral = value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
                    expect(integral, value, where, "an integer");
                    if (integral && schema.path("format").asText("").startsWith("uint") && value.decimalValue().signum() < 0) {
                        out.add(new Violation(where, value + " is negative, but the field is unsigned"));
                    }
                }
                case "number" -> expect(value.isNumber(), value, where, "a number");
                default -> {
                    // No type: anything goes (free-form values such as a plugin's settings).
                }
            }
            if (schema.has("enum") && !contains(schema.path("enum"), value)) {
                out.add(new Violation(where, value + " is not one of " + schema.path("enum")));
            }
        }

        private void checkProperties(JsonNode schema, JsonNode value, String where) {
            if (!value.isObject()) {
                return;
            }
            Map<String, JsonNode> properties = new LinkedHashMap<>();
            JsonNode additional = collect(schema, properties);
            boolean declaresProperties = !properties.isEmpty();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    continue;
                }
                String at = where + "." + field.getKey();
                JsonNode property = properties.get(field.getKey());
                if (property != null) {
                    check(property, field.getValue(), at);
                } else if (additional != null && additional.isObject()) {
                    check(additional, field.getValue(), where + "{" + field.getKey() + "}");
                } else if (additional != null && additional.isBoolean() && additional.asBoolean()) {
                    continue;
                } else if (declaresProperties && !allowed(at)) {
                    String near = properties.keySet().stream().filter(k -> k.equalsIgnoreCase(field.getKey())).findFirst()
                            .map(k -> " (the document spells it " + k + ")").orElse("");
                    out.add(new Violation(at, "is not a documented property" + near + "; documented: "
                            + String.join(", ", properties.keySet())));
                }
            }
        }

        /** The properties of {@code schema} and its {@code allOf} parts; returns its additionalProperties, if any. */
        private JsonNode collect(JsonNode schema, Map<String, JsonNode> properties) {
            JsonNode resolved = resolve(schema);
            JsonNode additional = resolved.has("additionalProperties") ? resolved.path("additionalProperties") : null;
            resolved.path("properties").fields().forEachRemaining(e -> properties.putIfAbsent(e.getKey(), e.getValue()));
            for (JsonNode part : resolved.path("allOf")) {
                JsonNode more = collect(part, properties);
                if (additional == null) {
                    additional = more;
                }
            }
            return additional;
        }

        private boolean allowed(String where) {
            String generic = where.replaceAll("\\[\\d+]", "[*]").replaceAll("\\{[^}]*}", "{*}");
            return UNDOCUMENTED_BUT_SENT.containsKey(operationId + " " + generic);
        }

        private void expect(boolean ok, JsonNode value, String where, String what) {
            if (!ok) {
                out.add(new Violation(where, "is " + kind(value) + " (" + value + "), expected " + what));
            }
        }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.isNumber() && value.isNumber()
                    ? candidate.decimalValue().compareTo(value.decimalValue()) == 0
                    : candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> out = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            JsonNode shared = path.getValue().path("parameters");
            path.getValue().fields().forEachRemaining(method -> {
                if (method.getKey().equals("parameters")) {
                    return;
                }
                out.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        method.getValue().path("operationId").asText(method.getKey() + " " + path.getKey()),
                        method.getValue(), shared));
            });
        });
        return List.copyOf(out);
    }

    /** One documented operation. */
    private record Operation(String method, String template, String id, JsonNode node, JsonNode shared) {

        List<JsonNode> parameters(String in) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode p : node.path("parameters")) {
                if (in.equals(p.path("in").asText())) {
                    out.add(p);
                }
            }
            for (JsonNode p : shared) {
                if (in.equals(p.path("in").asText())) {
                    out.add(p);
                }
            }
            return out;
        }

        int literals() {
            return (int) java.util.Arrays.stream(template.split("/")).filter(s -> !s.isEmpty() && !s.startsWith("{")).count();
        }
    }

    /**
     * One way a request breaks the document.
     *
     * @param where what part ({@code path}, {@code query.all}, {@code body.IPAM.Config[0].Subnet})
     * @param problem what is wrong with it
     */
    public record Violation(String where, String problem) {

        public Violation {
            requireNonNull(where, "where");
            requireNonNull(problem, "problem");
        }

        @Override
        public String toString() {
            return where + " " + problem;
        }
    }
}
