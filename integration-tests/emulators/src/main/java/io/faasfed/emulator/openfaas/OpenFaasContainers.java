package io.faasfed.emulator.openfaas;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.container.ContainerMode;
import io.faasfed.emulator.container.FunctionContainer;
import io.faasfed.emulator.container.FunctionContainerSpec;
import io.faasfed.emulator.container.FunctionContainers;
import io.faasfed.emulator.container.FunctionResponse;
import io.faasfed.network.Engine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The OpenFaaS emulator's container mode, done as faas-swarm does it on a Docker engine (the one OpenFaaS provider that
 * puts functions on a Docker network): each deployed function is one container from the deployment's {@code image},
 * with its {@code envProcess} and {@code envVars} as env and its labels plus {@code com.openfaas.function=<name>}, on
 * exactly one network, reachable there by its name as alias, because faas-swarm names the function's service after
 * the function and the gateway calls it by that name ({@code direct_functions=true}). The network is the deployment's
 * {@code network}, else the one network labelled {@code openfaas=true}, else the emulator's own default.
 *
 * <p>Deviations from faas-swarm, all on purpose: the function is a plain container, not a Swarm service (no tasks, no
 * restart policy; a container that stops answering is made again on the next call); {@code replicas} is bookkeeping,
 * there is always one container, and {@code availableReplicas} is 0 while it is not running; the image must exist on the
 * engine (nothing is pulled), so a missing one is refused at deploy time instead of leaving a service that never
 * starts; and the deploy answers once the container's watchdog answers, instead of at once. The emulator's
 * {@link OpenFaasProvider} still picks the status codes and texts (faas-netes' 202s match faas-swarm's; with faasd's
 * 200s a refused deployment is faasd's {@code http.Error} text), but placement is faas-swarm's whatever the provider:
 * faas-netes and faasd ignore {@code network}.
 */
final class OpenFaasContainers implements AutoCloseable {

    /** The labels faas-swarm puts on every function service and its containers. */
    static final String FUNCTION_LABEL = "com.openfaas.function";

    private static final Logger log = LoggerFactory.getLogger(OpenFaasContainers.class);

    private final Engine engine;
    private final FunctionContainers containers;
    private final String fallbackNetwork;

    private OpenFaasContainers(Engine engine, FunctionContainers containers, String fallbackNetwork) {
        this.engine = engine;
        this.containers = containers;
        this.fallbackNetwork = fallbackNetwork;
    }

    /**
     * Container mode on {@code mode}'s engine; removes the containers an earlier emulator with the same owner left
     * (this blocks, at start only).
     */
    static OpenFaasContainers start(ContainerMode mode, int maxResponseBytes) {
        FunctionContainers containers = FunctionContainers.open(mode, "openfaas", maxResponseBytes);
        return new OpenFaasContainers(containers.engine(), containers, mode.network());
    }

    /**
     * Where a deployment's function goes, as faas-swarm decides it: the deployment's {@code network} if it exists;
     * otherwise the network labelled {@code openfaas=true} (several are refused as ambiguous, as a real engine refused
     * faas-swarm's service with an empty network target: CONTRACTS.md section 4, "Seen with the real frameworks");
     * otherwise the emulator's default network. Also checks that the image is on the engine. Fails with
     * {@link DeployRefused} saying why.
     */
    Mono<String> place(String requestedNetwork, String image) {
        Mono<String> network = requestedNetwork != null && !requestedNetwork.isBlank()
                ? engine.inspect(requestedNetwork).map(found -> found.name())
                        .switchIfEmpty(Mono.error(new DeployRefused("network " + requestedNetwork + " not found")))
                : containers.networksLabelledOpenFaas().collectList().flatMap(labelled -> {
                    if (labelled.size() > 1) {
                        return Mono.error(new DeployRefused("network  is ambiguous (" + labelled.size()
                                + " networks are labelled openfaas=true: " + String.join(", ", labelled)
                                + "; name one in the deployment's \"network\")"));
                    }
                    if (labelled.size() == 1) {
                        return Mono.just(labelled.get(0));
                    }
                    if (fallbackNetwork != null) {
                        return Mono.just(fallbackNetwork);
                    }
                    return Mono.error(new DeployRefused("no network for the function: the deployment names none, "
                            + "no network is labelled openfaas=true and the emulator has no default network"));
                });
        return network.flatMap(name -> imageExists(image).flatMap(exists -> exists ? Mono.just(name)
                : Mono.error(new DeployRefused("No such image: " + image + " (the engine has no such image and "
                        + "the emulator pulls none)"))));
    }

    private Mono<Boolean> imageExists(String image) {
        return engine.json("inspect image " + image, "GET", "/images/" + encodePath(image) + "/json", null)
                .map(found -> true)
                .onErrorResume(failure -> String.valueOf(failure.getMessage()).contains("404")
                        || String.valueOf(failure.getMessage()).contains("No such image")
                        ? Mono.just(false) : Mono.error(failure));
    }

    /** The container spec of a function. */
    FunctionContainerSpec spec(String key, String name, String namespace, String image, Map<String, String> env,
            Map<String, String> labels, String network) {
        Map<String, String> allLabels = new HashMap<>(labels);
        allLabels.put(FUNCTION_LABEL, name);
        allLabels.put("function", "true");
        return new FunctionContainerSpec(key, containerName(namespace, name), image, env, network, List.of(name),
                allLabels);
    }

    /** {@code <owner>-<namespace>-<name>}, with what a container name cannot hold turned into dashes. */
    String containerName(String namespace, String name) {
        String raw = containers.settings().owner() + '-' + namespace + '-' + name;
        String safe = raw.replaceAll("[^a-zA-Z0-9_.-]", "-");
        return safe.length() > 120 ? safe.substring(0, 120) : safe;
    }

    /** The running container of {@code spec}, made (or made again) when needed. */
    Mono<FunctionContainer> ensure(FunctionContainerSpec spec) {
        return containers.ensure(spec);
    }

    /**
     * One call through to the function's container, as the gateway's forwarding proxy sends it: the method, the path
     * after {@code /function/<name>}, the query, the headers (hop-by-hop ones left out) plus {@code X-Forwarded-Host},
     * and the body. The answer is the container's status, headers and body.
     */
    Mono<FunctionResponse> call(FunctionContainerSpec spec, String method, String pathAndQuery,
            List<Map.Entry<String, String>> headers, byte[] body, Duration timeout) {
        return containers.callMaking(spec, method, pathAndQuery, headers, body, timeout);
    }

    /** The keys of the functions whose container is running now; empty when the engine cannot say. */
    Mono<Set<String>> runningKeys() {
        String filters = "{\"label\":[\"" + FunctionContainers.OWNER_LABEL + "=" + containers.settings().owner()
                + "\"],\"status\":[\"running\"]}";
        return engine.json("list running function containers", "GET",
                        "/containers/json?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8), null)
                .map(list -> {
                    Set<String> keys = new HashSet<>();
                    list.forEach(c -> keys.add(c.path("Labels").path(FunctionContainers.KEY_LABEL).asText()));
                    return keys;
                })
                .onErrorResume(failure -> {
                    log.warn("Could not list the function containers: {}", failure.getMessage());
                    return Mono.just(Set.of());
                });
    }

    /** Removes the container of {@code key}. */
    Mono<Void> remove(String key) {
        return containers.remove(key);
    }

    @Override
    public void close() {
        containers.close();
    }

    /** The answer faas-swarm gives a deployment the engine refused: 400 {@code Deployment error: ...}, unwrapped. */
    static EmulatorResponse deploymentError(OpenFaasProvider provider, String message) {
        if (provider == OpenFaasProvider.FAASD) {
            // faasd writes its deploy errors with http.Error
            return OpenFaasEmulator.goError(400, message);
        }
        return EmulatorResponse.text(400, "Deployment error: " + message);
    }

    private static String encodePath(String image) {
        // image references keep their slashes and colon in the path, as the docker CLI sends them
        StringBuilder out = new StringBuilder();
        for (String part : image.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("%3A", ":").replace("+", "%20"));
        }
        return out.toString();
    }

    /** A deployment the provider refuses: the message is the engine's (or faas-swarm's) reason. */
    static final class DeployRefused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        DeployRefused(String message) {
            super(message);
        }
    }
}
