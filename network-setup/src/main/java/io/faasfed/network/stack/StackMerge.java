package io.faasfed.network.stack;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Brings the short forms of a Compose file to one shape, and merges files in order as {@code docker stack deploy -c a
 * -c b} does for what faasfed's stacks use:
 * <ul>
 *   <li>mappings merge key by key, recursively; a scalar of a later file replaces the earlier one;</li>
 *   <li>{@code environment}, {@code labels} and {@code deploy.labels} (list {@code K=V} or mapping) and a service's
 *       {@code networks} (list of keys or mapping) are mappings, so they merge by variable, label or network;</li>
 *   <li>a service's {@code secrets} merge by {@code source} and its {@code volumes} by {@code target} (short forms
 *       {@code name} and {@code source:target[:ro]} are expanded first);</li>
 *   <li>every other list (command, healthcheck test, aliases, placement constraints) is replaced whole, except by an
 *       empty list, which changes nothing (docker's merge skips empty values: {@code command: []} in an override keeps
 *       the earlier command, seen with {@code docker stack config}).</li>
 * </ul>
 */
final class StackMerge {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StackMerge() {
    }

    /** {@code document} with each service's short forms expanded (changed in place and returned). */
    static ObjectNode normalize(ObjectNode document) {
        JsonNode services = document.get("services");
        if (services instanceof ObjectNode all) {
            all.properties().forEach(e -> {
                if (e.getValue() instanceof ObjectNode service) {
                    normalizeService(service);
                }
            });
        }
        return document;
    }

    private static void normalizeService(ObjectNode service) {
        toMap(service, "environment");
        toMap(service, "labels");
        if (service.get("deploy") instanceof ObjectNode deploy) {
            toMap(deploy, "labels");
        }
        if (service.get("networks") instanceof ArrayNode list) {
            ObjectNode map = NODES.objectNode();
            list.forEach(n -> map.set(n.asText(), NODES.objectNode()));
            service.set("networks", map);
        } else if (service.get("networks") instanceof ObjectNode map) {
            map.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    e.setValue(NODES.objectNode());
                }
            });
        }
        if (service.get("secrets") instanceof ArrayNode secrets) {
            for (int i = 0; i < secrets.size(); i++) {
                if (secrets.get(i).isTextual()) {
                    secrets.set(i, NODES.objectNode().put("source", secrets.get(i).asText()));
                }
            }
        }
        if (service.get("volumes") instanceof ArrayNode volumes) {
            for (int i = 0; i < volumes.size(); i++) {
                if (volumes.get(i).isTextual()) {
                    volumes.set(i, shortVolume(volumes.get(i).asText()));
                }
            }
        }
    }

    private static ObjectNode shortVolume(String spec) {
        String[] parts = spec.split(":");
        ObjectNode out = NODES.objectNode();
        if (parts.length == 1) {
            return out.put("type", "volume").put("target", parts[0]);
        }
        String source = parts[0];
        boolean path = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
        out.put("type", path ? "bind" : "volume").put("source", source).put("target", parts[1]);
        if (parts.length > 2 && parts[2].contains("ro")) {
            out.put("read_only", true);
        }
        return out;
    }

    private static void toMap(ObjectNode parent, String field) {
        if (parent.get(field) instanceof ArrayNode list) {
            ObjectNode map = NODES.objectNode();
            list.forEach(item -> {
                String text = item.asText();
                int eq = text.indexOf('=');
                if (eq < 0) {
                    map.putNull(text);
                } else {
                    map.put(text.substring(0, eq), text.substring(eq + 1));
                }
            });
            parent.set(field, map);
        }
    }

    /** {@code over} merged onto {@code base} (a new tree; neither is changed). */
    static ObjectNode merge(ObjectNode base, ObjectNode over) {
        return mergeObjects(base.deepCopy(), over, "");
    }

    private static ObjectNode mergeObjects(ObjectNode target, ObjectNode over, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode existing = target.get(e.getKey());
            JsonNode incoming = e.getValue();
            if (existing instanceof ObjectNode a && incoming instanceof ObjectNode b) {
                mergeObjects(a, b, childPath);
            } else if (existing != null && incoming instanceof ArrayNode b && b.isEmpty()) {
                continue;
            } else if (existing instanceof ArrayNode a && incoming instanceof ArrayNode b && keyOf(childPath) != null) {
                target.set(e.getKey(), mergeByKey(a, b, keyOf(childPath)));
            } else {
                target.set(e.getKey(), incoming.deepCopy());
            }
        }
        return target;
    }

    /** The field a list at {@code path} is merged by; null when it is replaced whole. */
    private static String keyOf(String path) {
        String[] parts = path.split("\\.");
        if (parts.length == 3 && parts[0].equals("services")) {
            return switch (parts[2]) {
                case "secrets" -> "source";
                case "volumes" -> "target";
                default -> null;
            };
        }
        return null;
    }

    private static ArrayNode mergeByKey(ArrayNode base, ArrayNode over, String key) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        base.forEach(n -> byKey.put(n.path(key).asText(), n.deepCopy()));
        over.forEach(n -> {
            JsonNode earlier = byKey.get(n.path(key).asText());
            byKey.put(n.path(key).asText(), earlier instanceof ObjectNode a && n instanceof ObjectNode b
                    ? mergeObjects(a, b, "") : n.deepCopy());
        });
        ArrayNode out = NODES.arrayNode();
        byKey.values().forEach(out::add);
        return out;
    }
}
