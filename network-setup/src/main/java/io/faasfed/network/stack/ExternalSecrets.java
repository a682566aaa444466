package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Secret;

import io.faasfed.network.Engine;
import io.faasfed.network.Labels;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

import reactor.core.publisher.Mono;

/**
 * The <em>external</em> secrets a stack's files name, which must exist before the stack is deployed: which of them
 * the swarm has, and creating a missing one with a value given here. An existing secret is never changed (Docker
 * secrets cannot be, and cannot be read back either). Created secrets are labelled
 * {@code io.faasfed.managed-by=faasfed} and with the stack's namespace, so {@code faasfed stack rm} removes them with
 * the stack they were made for (a secret that existed before is never labelled, so never removed).
 */
public final class ExternalSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;

    /** External secrets on {@code engine}, a Swarm manager. */
    public ExternalSecrets(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /**
     * One external secret of the files.
     *
     * @param key its key in the files
     * @param name its name on the engine
     * @param kind what it holds
     * @param exists whether the swarm has a secret of that name
     */
    public record Found(String key, String name, SecretKind kind, boolean exists) {
        public Found {
            requireNonNull(key, "key");
            requireNonNull(name, "name");
            requireNonNull(kind, "kind");
        }
    }

    /** Each external secret {@code definition} declares, in the files' order, and whether the swarm has it. */
    public Mono<List<Found>> survey(StackDefinition definition) {
        requireNonNull(definition, "definition");
        List<StackSecret> external = definition.secrets().values().stream().filter(StackSecret::external).toList();
        if (external.isEmpty()) {
            return Mono.just(List.of());
        }
        return engine.call("list secrets", c -> {
            List<Found> found = new ArrayList<>();
            for (StackSecret secret : external) {
                boolean exists = c.listSecretsCmd().withNameFilter(List.of(secret.name())).exec().stream()
                        .map(Secret::getSpec).anyMatch(s -> s != null && secret.name().equals(s.getName()));
                found.add(new Found(secret.key(), secret.name(), SecretKind.of(definition, secret), exists));
            }
            return List.copyOf(found);
        });
    }

    /**
     * Creates the secret {@code name} holding {@code value} (UTF-8), labelled {@code io.faasfed.managed-by=faasfed} and
     * {@code com.docker.stack.namespace=<stack>} (so the stack's {@code rm} removes it); returns its id. The value goes only into the request body, never into a message.
     *
     * @throws SetupException (in the Mono) INVALID_INPUT when a secret of that name exists by now
     */
    public Mono<String> create(String name, String value, String stack) {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        requireNonNull(stack, "stack");
        ObjectNode body = JSON.createObjectNode().put("Name", name);
        body.set("Labels", JSON.valueToTree(Map.of(Labels.MANAGED_BY, Labels.FAASFED, Labels.ROLE, "secret",
                StackDeployer.NAMESPACE, stack)));
        body.put("Data", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        return engine.json("create secret " + name, "POST", "/secrets/create", body)
                .map(answer -> answer.path("ID").asText())
                .onErrorMap(e -> e instanceof SetupException s && s.getMessage().contains("already exists"),
                        e -> new SetupException(SetupProblem.INVALID_INPUT, "The secret '" + name + "' was created by "
                                + "someone else meanwhile; it is kept as it is.", "Run the command again.", e));
    }
}
