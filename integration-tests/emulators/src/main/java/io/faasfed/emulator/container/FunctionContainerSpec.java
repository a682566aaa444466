package io.faasfed.emulator.container;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One function container as its platform wants it.
 *
 * @param key what identifies the function within its emulator ({@code openfaas-fn/echo}, an Fn function id, an
 *     OpenWhisk action's fully qualified name); one container per key
 * @param name the container's name on the engine (unique on it)
 * @param image the function's image, which must exist on the engine (nothing is pulled)
 * @param env the container's environment
 * @param network the network it joins
 * @param aliases further DNS names on that network (faas-swarm makes a function reachable by its name)
 * @param labels further labels (the platform's own, such as {@code com.openfaas.function})
 */
public record FunctionContainerSpec(String key, String name, String image, Map<String, String> env, String network,
        List<String> aliases, Map<String, String> labels) {

    public FunctionContainerSpec {
        requireNonNull(key, "key");
        requireNonNull(name, "name");
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")) {
            throw new IllegalArgumentException("name: " + name + " (expected: a container name, [a-zA-Z0-9][a-zA-Z0-9_.-]*)");
        }
        requireNonNull(image, "image");
        env = Map.copyOf(requireNonNull(env, "env"));
        requireNonNull(network, "network");
        aliases = List.copyOf(requireNonNull(aliases, "aliases"));
        labels = Map.copyOf(requireNonNull(labels, "labels"));
    }

    /**
     * A digest of everything that makes the container what it is: a container whose revision label differs is
     * replaced.
     */
    public String revision() {
        StringBuilder text = new StringBuilder().append(image).append('\n').append(network).append('\n');
        new TreeMap<>(env).forEach((k, v) -> text.append("env ").append(k).append('=').append(v).append('\n'));
        aliases.stream().sorted().forEach(alias -> text.append("alias ").append(alias).append('\n'));
        new TreeMap<>(labels).forEach((k, v) -> text.append("label ").append(k).append('=').append(v).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
