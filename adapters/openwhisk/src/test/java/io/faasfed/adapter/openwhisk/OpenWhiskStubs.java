package io.faasfed.adapter.openwhisk;

import io.faasfed.adapter.api.PlatformId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Controller answers in OpenWhisk's own JSON shapes, and platforms configured against a stub controller. */
final class OpenWhiskStubs {

    static final String UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";
    static final String KEY = "123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    /** {@code Basic base64(uuid:key)}. */
    static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder()
            .encodeToString((UUID + ":" + KEY).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    static final String NOT_FOUND = "{\"error\":\"The requested resource does not exist.\",\"code\":\"tx404\"}";

    private OpenWhiskStubs() {
    }

    /** A platform against {@code baseUrl} with fast polling. */
    static OpenWhiskPlatform platform(String baseUrl, Duration readTimeout) {
        return platform(baseUrl, readTimeout, properties -> { });
    }

    /** A platform against {@code baseUrl} with fast polling, further configured by {@code customizer}. */
    static OpenWhiskPlatform platform(String baseUrl, Duration readTimeout,
                                      java.util.function.Consumer<OpenWhiskPlatformProperties> customizer) {
        OpenWhiskPlatformProperties properties = new OpenWhiskPlatformProperties();
        properties.setUrl(java.net.URI.create(baseUrl));
        properties.setUsername(UUID);
        properties.setPassword(KEY);
        properties.setReadTimeout(readTimeout);
        properties.setPollInitialDelay(Duration.ofMillis(20));
        properties.setPollMaxDelay(Duration.ofMillis(100));
        properties.setPollMargin(Duration.ofSeconds(1));
        customizer.accept(properties);
        return (OpenWhiskPlatform) new OpenWhiskPlatformFactory().create(PlatformId.of("openwhisk"), properties);
    }

    /** An action record as the controller answers it. */
    static String action(String namespace, String name, String exec, Map<String, Object> annotations,
                         Map<String, String> initParameters, int memory, int timeoutMs) {
        String annotationJson = annotations.entrySet().stream()
                .map(e -> "{\"key\":\"" + e.getKey() + "\",\"value\":" + json(e.getValue()) + "}")
                .collect(Collectors.joining(","));
        String parameterJson = initParameters.entrySet().stream()
                .map(e -> "{\"key\":\"" + e.getKey() + "\",\"value\":" + json(e.getValue()) + ",\"init\":true}")
                .collect(Collectors.joining(","));
        return "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\",\"version\":\"0.0.1\","
                + "\"publish\":false,\"exec\":" + exec + ",\"annotations\":[" + annotationJson + "],"
                + "\"parameters\":[" + parameterJson + "],\"limits\":{\"timeout\":" + timeoutMs + ",\"memory\":"
                + memory + ",\"logs\":10,\"concurrency\":1},\"updated\":1700000000000}";
    }

    /** A blackbox action with the image, {@code exec} annotation and nothing else. */
    static String imageAction(String name, String image, Map<String, Object> annotations) {
        return action("guest", name, "{\"kind\":\"blackbox\",\"image\":\"" + image + "\",\"binary\":false}",
                annotations, Map.of(), 256, 60000);
    }

    /** A plain action (not a web action) with the given timeout. */
    static String plainAction(String name, int timeoutMs) {
        return action("guest", name, "{\"kind\":\"nodejs:20\",\"binary\":false}", Map.of("exec", "nodejs"), Map.of(),
                256, timeoutMs);
    }

    /** A web action ({@code web-export: true}). */
    static String webAction(String name) {
        return action("guest", name, "{\"kind\":\"nodejs:20\",\"binary\":false}",
                Map.of("exec", "nodejs", "web-export", true, "raw-http", false, "final", true), Map.of(), 256, 60000);
    }

    /** A JSON array of brief entities. */
    static String briefs(List<String> names, String namespace) {
        return names.stream().map(name -> "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\","
                + "\"version\":\"0.0.1\",\"publish\":false,\"annotations\":[{\"key\":\"exec\",\"value\":\"blackbox\"}],"
                + "\"limits\":{\"timeout\":60000,\"memory\":256,\"logs\":10,\"concurrency\":1},"
                + "\"exec\":{\"binary\":false},\"updated\":1700000000000}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String json(Object value) {
        if (value instanceof String string) {
            return "\"" + string.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(value);
    }
}
