package io.faasfed.emulator.fn;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.container.ContainerMode;
import io.faasfed.emulator.container.FunctionContainerSpec;
import io.faasfed.emulator.container.FunctionContainers;
import io.faasfed.emulator.container.FunctionResponse;
import io.faasfed.network.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The Fn emulator's container mode, done as fnserver's docker driver does it: a function's hot container is made on its
 * first call (key: the fn's id) from the fn's image, with the app's and the fn's config as env plus the agent's
 * {@code FN_APP_ID}, {@code FN_FN_ID}, {@code FN_FORMAT=http-stream}, {@code FN_MEMORY} and {@code FN_TYPE}, on the
 * network {@code FN_DOCKER_NETWORKS} names; per-call facts are request headers, never env. A changed image or config
 * makes the next call replace the container; deleting the fn or its app removes it.
 *
 * <p>Deviations from fnserver, on purpose: the agent talks to the FDK over a unix socket ({@code FN_LISTENER}) that
 * it shares with the container; here the emulator calls the container's port {@value FunctionContainers#FUNCTION_PORT}
 * over the network ({@code POST /call}, the same headers), so a function image answers HTTP there (the watchdog of
 * {@link io.faasfed.emulator.container.FunctionImages} does) and {@code FN_LISTENER} is not set. Of several
 * whitespace-separated networks in {@code FN_DOCKER_NETWORKS} the first is used (fnserver spreads containers over
 * them); without one, the engine's default {@code bridge}, as fnserver's. Calls to one container are not serialised,
 * idle containers are not paused or reaped after {@code idle_timeout} and the memory limit is only the
 * {@code FN_MEMORY} env: the container lives until its fn changes or goes, or the emulator closes.
 */
final class FnContainers implements AutoCloseable {

    /** The network fnserver puts function containers on when {@code FN_DOCKER_NETWORKS} is empty. */
    static final String DEFAULT_NETWORK = "bridge";

    private static final Logger log = LoggerFactory.getLogger(FnContainers.class);

    private final Engine engine;
    private final FunctionContainers containers;
    private final String network;

    private FnContainers(Engine engine, FunctionContainers containers, String network) {
        this.engine = engine;
        this.containers = containers;
        this.network = network;
    }

    /** Container mode on {@code mode}'s engine; removes what an earlier emulator left (blocks, at start only). */
    static FnContainers start(ContainerMode mode, int maxResponseBytes) {
        FunctionContainers containers = FunctionContainers.open(mode, "fn", maxResponseBytes);
        String networks = mode.network();
        String network = networks == null || networks.isBlank() ? DEFAULT_NETWORK : networks.strip().split("\\s+")[0];
        return new FnContainers(containers.engine(), containers, network);
    }

    /** The container spec of fn {@code fnId} with its environment {@code env}. */
    FunctionContainerSpec spec(String fnId, String image, Map<String, String> env) {
        String name = (containers.settings().owner() + '-' + fnId.toLowerCase(Locale.ROOT))
                .replaceAll("[^a-zA-Z0-9_.-]", "-");
        return new FunctionContainerSpec(fnId, name, image, env, network, List.of(), Map.of());
    }

    /**
     * One call on the fn's hot container ({@code POST /call} with the agent's headers), made first when it has none or
     * an outdated one. A container that cannot be reached is forgotten, so the next call makes a new one.
     */
    Mono<FunctionResponse> call(FunctionContainerSpec spec, List<Map.Entry<String, String>> headers, byte[] body,
            Duration timeout) {
        return containers.callMaking(spec, "POST", "/call", headers, body, timeout);
    }

    /** Removes the container of fn {@code fnId}, if it has one. */
    Mono<Void> remove(String fnId) {
        return containers.removeQuietly(fnId);
    }

    @Override
    public void close() {
        containers.close();
    }
}
