package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * One Docker engine, reached through docker-java with every request pinned to {@link DockerEndpoint#API_VERSION}.
 * docker-java blocks, so every call runs on {@link Schedulers#boundedElastic()} and comes back as a {@link Mono};
 * the engine's errors come back as {@link SetupException}s that say what to do.
 */
public final class Engine implements AutoCloseable {

    private static final Pattern ENGINE_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final DockerEndpoint endpoint;
    private final DockerClient client;
    private final DockerHttpClient http;
    private final ObjectMapper json;
    private final Scheduler scheduler;

    private Engine(DockerEndpoint endpoint, DockerClient client, DockerHttpClient http, ObjectMapper json, Scheduler scheduler) {
        this.endpoint = endpoint;
        this.client = client;
        this.http = http;
        this.json = json;
        this.scheduler = scheduler;
    }

    /** An engine at {@code endpoint}; nothing is sent until a call is subscribed to. */
    public static Engine connect(DockerEndpoint endpoint) {
        requireNonNull(endpoint, "endpoint");
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host())
                .withApiVersion(endpoint.apiVersion())
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(endpoint.host()))
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(endpoint.connectTimeout())
                .responseTimeout(endpoint.responseTimeout())
                .build();
        return new Engine(endpoint, DockerClientImpl.getInstance(config, http), http, config.getObjectMapper(),
                Schedulers.boundedElastic());
    }

    /** Where this engine is. */
    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Runs one blocking docker-java call on the bounded elastic scheduler, turning the engine's errors into
     * {@link SetupException}s. A null answer completes empty.
     *
     * @param what what the call does, as a phrase for error messages ("create network faasnet")
     * @param call the call
     */
    public <T> Mono<T> call(String what, Function<DockerClient, T> call) {
        return Mono.fromCallable(() -> call.apply(client))
                .subscribeOn(scheduler)
                .onErrorMap(error -> !(error instanceof SetupException), error -> translate(what, error));
    }

    /** As {@link #call}, for a call that returns nothing. */
    public Mono<Void> run(String what, java.util.function.Consumer<DockerClient> call) {
        return call(what, c -> {
            call.accept(c);
            return null;
        }).then();
    }

    /** The engine's version and its part in a swarm. */
    public Mono<EngineState> state() {
        return call("read the engine's version", c -> {
            c.pingCmd().exec();
            Version version = c.versionCmd().exec();
            Info info = c.infoCmd().exec();
            return state(version, info);
        });
    }

    private EngineState state(Version version, Info info) {
        SwarmInfo swarm = info.getSwarm();
        LocalNodeState local = swarm == null ? null : swarm.getLocalNodeState();
        String word = local == null ? "inactive" : local.name().toLowerCase(Locale.ROOT);
        SwarmRole role;
        if (local == null || local == LocalNodeState.INACTIVE) {
            role = SwarmRole.NONE;
        } else if (local == LocalNodeState.ACTIVE) {
            role = Boolean.TRUE.equals(swarm.getControlAvailable()) ? SwarmRole.MANAGER : SwarmRole.WORKER;
        } else {
            role = SwarmRole.UNAVAILABLE;
        }
        String nodeId = swarm == null ? "" : swarm.getNodeID();
        return new EngineState(endpoint.host(), String.valueOf(version.getVersion()), String.valueOf(version.getApiVersion()),
                role, word, nodeId);
    }

    /** Every network on this engine, with its address blocks and labels (not its containers: see {@link #inspect}). */
    public Flux<ExistingNetwork> networks() {
        return allocated(call("list networks", c -> c.listNetworksCmd().exec()))
                .flatMapIterable(list -> list.stream().map(Engine::toExisting).toList());
    }

    /** The networks called exactly {@code name} (the engine's name filter also matches parts of names). */
    public Flux<ExistingNetwork> networksNamed(String name) {
        return allocated(call("look up network " + name, c -> c.listNetworksCmd().withNameFilter(name).exec()))
                .flatMapIterable(list -> list.stream().filter(n -> name.equals(n.getName())).map(Engine::toExisting).toList());
    }

    /**
     * The networks {@code list} gives once the swarm has allocated each of its own: until then the engine lists a
     * new overlay network with no driver, options or address blocks (they come from the allocator's state), which
     * would look like another kind of network. Listed again for up to about 4 seconds; after that, as they are.
     */
    private static Mono<List<Network>> allocated(Mono<List<Network>> list) {
        return list
                .flatMap(networks -> networks.stream().anyMatch(Engine::unallocated)
                        ? Mono.<List<Network>>error(new Unallocated(networks)) : Mono.just(networks))
                .retryWhen(Retry.backoff(10, Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(500))
                        .filter(e -> e instanceof Unallocated)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorResume(Unallocated.class, e -> Mono.just(e.networks));
    }

    /** A swarm-scoped network the swarm's allocator has not got to yet. */
    private static boolean unallocated(Network network) {
        return "swarm".equals(network.getScope()) && (network.getDriver() == null || network.getDriver().isEmpty());
    }

    /** The list while a swarm network in it is still being allocated. */
    private static final class Unallocated extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<Network> networks;

        Unallocated(List<Network> networks) {
            super("a swarm network is still being allocated", null, false, false);
            this.networks = networks;
        }
    }

    /** One network with the containers attached to it on this node; empty when there is none. */
    public Mono<ExistingNetwork> inspect(String idOrName) {
        return call("inspect network " + idOrName, c -> {
            try {
                return toExisting(c.inspectNetworkCmd().withNetworkId(idOrName).exec());
            } catch (NotFoundException e) {
                return null;
            }
        });
    }

    static ExistingNetwork toExisting(Network network) {
        List<ExistingNetwork.Block> blocks = new ArrayList<>();
        if (network.getIpam() != null && network.getIpam().getConfig() != null) {
            for (Network.Ipam.Config config : network.getIpam().getConfig()) {
                if (config.getSubnet() != null) {
                    blocks.add(new ExistingNetwork.Block(config.getSubnet(), config.getGateway()));
                }
            }
        }
        List<ExistingNetwork.Attachment> attached = new ArrayList<>();
        Map<String, Network.ContainerNetworkConfig> containers = network.getContainers();
        if (containers != null) {
            containers.forEach((id, c) -> {
                // The engine lists the network's load balancer endpoint (lb-<name>) as a pseudo-container.
                if (!id.startsWith("lb-")) {
                    attached.add(new ExistingNetwork.Attachment(id, c.getName(), c.getIpv4Address()));
                }
            });
        }
        return new ExistingNetwork(network.getId(), network.getName(), network.getDriver(), network.getScope(),
                Boolean.TRUE.equals(network.isAttachable()), network.getLabels(), network.getOptions(), blocks, attached);
    }

    /**
     * Every Swarm service with the network {@code networkId} in its task template (or in the deprecated service-level
     * network list); empty on an engine in no swarm.
     */
    public Flux<ServiceRef> servicesOn(String networkId, String networkName) {
        return call("list services", c -> c.listServicesCmd().exec())
                .flatMapIterable(services -> services.stream()
                        .filter(s -> networksOf(s.getSpec()).stream()
                                .anyMatch(n -> networkId.equals(n.getTarget()) || networkName.equals(n.getTarget())))
                        .map(s -> new ServiceRef(s.getId(), s.getSpec().getName()))
                        .toList());
    }

    /**
     * Updates a service's spec: reads it, applies {@code change} to it and sends it back with the version it was
     * read at, so a concurrent change is refused rather than overwritten (then read and tried again, up to 3 times).
     *
     * <p>The spec is read and sent as the engine's own JSON, with only what {@code change} changed in docker-java's
     * model of it applied ({@link RawEdit}): going through the model alone would strip every field it lacks (sysctls,
     * capabilities, ulimits, a pids limit, placement preferences, network driver options...) from the service.
     */
    public Mono<Void> updateService(String serviceId, UnaryOperator<ServiceSpec> change) {
        requireNonNull(serviceId, "serviceId");
        requireNonNull(change, "change");
        String path = "/services/" + URLEncoder.encode(serviceId, StandardCharsets.UTF_8);
        return call("update service " + serviceId, c -> {
            for (int attempt = 1; ; attempt++) {
                JsonNode service = raw("GET", path, null);
                long version = service.path("Version").path("Index").asLong();
                JsonNode spec = RawEdit.apply(service.path("Spec"), ServiceSpec.class, change);
                try {
                    raw("POST", path + "/update?version=" + version, spec);
                    return null;
                } catch (DockerException e) {
                    if (attempt >= 3 || !engineMessage(e).contains("update out of sequence")) {
                        throw e;
                    }
                }
            }
        }).then();
    }

    /**
     * Sends one request with a JSON body as it is (none when {@code body} is null) and returns the engine's JSON answer
     * (a null node when empty), on the bounded elastic scheduler with errors translated as {@link #call} does. For
     * bodies docker-java's models would send wrongly (its {@code ContainerSpec} spells {@code HealthCheck} as
     * {@code Healthcheck}, its {@code ServiceModeConfig} adds a {@code mode} the engine does not know).
     *
     * @param what what the request does, as a phrase for error messages
     * @param method the HTTP method
     * @param pathAndQuery the path after the version prefix, with its query already encoded
     * @param body the body; null for none
     */
    public Mono<JsonNode> json(String what, String method, String pathAndQuery, JsonNode body) {
        requireNonNull(method, "method");
        requireNonNull(pathAndQuery, "pathAndQuery");
        return call(what, c -> raw(method, pathAndQuery, body));
    }

    /**
     * One request through docker-java's transport with a JSON body as it is, for what docker-java's models would
     * change on the way; an answer that is not 2xx throws a {@link DockerException} as docker-java's own calls do.
     */
    private JsonNode raw(String method, String pathAndQuery, JsonNode body) {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(method)
                .path("/v" + endpoint.apiVersion() + pathAndQuery);
        try {
            if (body != null) {
                request.putHeader("Content-Type", "application/json").bodyBytes(json.writeValueAsBytes(body));
            }
            try (DockerHttpClient.Response response = http.execute(request.build())) {
                byte[] answer = response.getBody() == null ? new byte[0] : response.getBody().readAllBytes();
                int status = response.getStatusCode();
                if (status == 404) {
                    throw new NotFoundException("Status 404: " + new String(answer, StandardCharsets.UTF_8));
                }
                if (status < 200 || status > 299) {
                    throw new DockerException("Status " + status + ": " + new String(answer, StandardCharsets.UTF_8), status);
                }
                return answer.length == 0 ? json.nullNode() : json.readTree(answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one {@code POST} whose body is a stream ({@code /images/create?fromSrc=-}, {@code /build}) through
     * docker-java's transport, on the bounded elastic scheduler, and hands each JSON message of the engine's streamed
     * answer to {@code message} as it arrives. {@code body} is opened on that scheduler, sent chunked as it is read (a
     * 150 MB root filesystem is never held in memory) and closed when the request ends;
     * {@code message} may throw (a {@link SetupException} passes through as it is) to fail the call. An answer that is
     * not 2xx fails with the engine's message.
     *
     * @param what what the request does, as a phrase for error messages ("import image local/faasfed-jre:17")
     * @param pathAndQuery the path after the version prefix, with its query already encoded
     * @param contentType the body's media type
     * @param body opens the body
     * @param message called with each JSON message of the answer, in order
     */
    public Mono<Void> postStream(String what, String pathAndQuery, String contentType, Callable<InputStream> body,
            Consumer<JsonNode> message) {
        requireNonNull(pathAndQuery, "pathAndQuery");
        requireNonNull(contentType, "contentType");
        requireNonNull(body, "body");
        requireNonNull(message, "message");
        return call(what, c -> {
            try (InputStream in = body.call()) {
                DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                        .method(DockerHttpClient.Request.Method.POST)
                        .path("/v" + endpoint.apiVersion() + pathAndQuery)
                        .putHeader("Content-Type", contentType)
                        .body(in)
                        .build();
                try (DockerHttpClient.Response response = http.execute(request)) {
                    InputStream answer = response.getBody() == null ? InputStream.nullInputStream() : response.getBody();
                    int status = response.getStatusCode();
                    if (status < 200 || status > 299) {
                        String text = new String(answer.readAllBytes(), StandardCharsets.UTF_8);
                        if (status == 404) {
                            throw new NotFoundException("Status 404: " + text);
                        }
                        throw new DockerException("Status " + status + ": " + text, status);
                    }
                    try (MappingIterator<JsonNode> messages = json.readerFor(JsonNode.class).readValues(answer)) {
                        while (messages.hasNextValue()) {
                            message.accept(messages.nextValue());
                        }
                    }
                    return null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }).then();
    }

    /** The networks a service spec attaches its tasks to, wherever in the spec they are given. */
    public static List<NetworkAttachmentConfig> networksOf(ServiceSpec spec) {
        List<NetworkAttachmentConfig> out = new ArrayList<>();
        if (spec != null && spec.getTaskTemplate() != null && spec.getTaskTemplate().getNetworks() != null) {
            out.addAll(spec.getTaskTemplate().getNetworks());
        }
        if (spec != null && spec.getNetworks() != null) {
            out.addAll(spec.getNetworks());
        }
        return out;
    }

    /**
     * A Swarm service by id and name.
     *
     * @param id the service's id
     * @param name its name
     */
    public record ServiceRef(String id, String name) {
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SetupException translate(String what, Throwable error) {
        if (error instanceof DockerException docker) {
            String message = engineMessage(docker);
            if (docker.getHttpStatus() == 503 && message.contains("not a swarm manager")) {
                return notASwarmManager(message, docker);
            }
            return new SetupException(SetupProblem.ENGINE_ERROR,
                    "Docker refused to " + what + " (HTTP " + docker.getHttpStatus() + "): " + message,
                    "Check the engine's log; the request is logged there too.", docker);
        }
        if (unreachable(error)) {
            return unreachable(error, endpoint);
        }
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new SetupException(SetupProblem.ENGINE_ERROR, "Could not " + what + ": " + detail, "", error);
    }

    /** The failure for an engine that does not answer at {@code endpoint}, with the hint that fits its address. */
    static SetupException unreachable(Throwable error, DockerEndpoint endpoint) {
        String cause = rootMessage(error);
        String hint;
        if (cause.contains("Permission denied")) {
            hint = "The socket is there but this user may not use it: run faasfed as a member of the 'docker' group "
                    + "(or as root), or point DOCKER_HOST (or --host) at a socket you may use.";
        } else if (endpoint.isDefaultSocket()) {
            hint = "Start the Docker engine (dockerd), or, if it listens elsewhere, point DOCKER_HOST (or --host) at it, "
                    + "e.g. DOCKER_HOST=unix:///run/user/1000/docker.sock for rootless Docker or DOCKER_HOST=tcp://HOST:2375.";
        } else if (endpoint.host().startsWith("unix://")) {
            hint = "Start the Docker engine that listens on that socket, or point DOCKER_HOST (or --host) at the right one "
                    + "(unset DOCKER_HOST to use Docker's default, unix:///var/run/docker.sock).";
        } else {
            hint = "Start the Docker engine, or point DOCKER_HOST (or --host) at one that listens, e.g. DOCKER_HOST=tcp://127.0.0.1:2375.";
        }
        return new SetupException(SetupProblem.DOCKER_UNREACHABLE,
                "No Docker engine answers at " + endpoint.host() + " (" + cause + ").", hint, error);
    }

    /** The failure for a Swarm request made to an engine that is not a manager. */
    static SetupException notASwarmManager(String engineSaid, Throwable cause) {
        return new SetupException(SetupProblem.NOT_A_SWARM_MANAGER,
                "This Docker engine is not a Swarm manager" + (engineSaid.isEmpty() ? "." : " (" + engineSaid + ")."),
                "Run 'docker swarm init --advertise-addr <this host's IP>' (or pass --init-swarm), run faasfed against a "
                        + "manager, or use --mode single-host for a bridge network on this engine alone.", cause);
    }

    private static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.trim();
    }

    /** The engine's own sentence out of docker-java's "Status 409: {"message":"..."}". */
    static String engineMessage(DockerException error) {
        String text = error.getMessage() == null ? "" : error.getMessage();
        Matcher m = ENGINE_MESSAGE.matcher(text);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").replace("\\n", " ").trim();
        }
        return text.replaceFirst("^Status \\d+:\\s*", "").trim();
    }
}
