package io.faasfed.network.testing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.faasfed.network.Labels;

/**
 * Engine answers for {@link RecordingDockerStub}, shaped as the v1.41 document describes them (its tests check that
 * with {@link EngineApiSpec#validateDefinition}): versions, system info, networks, services, tasks and containers.
 * Every builder returns fresh mutable maps, so a test can change one field without touching the next test's copy.
 */
public final class DockerObjects {

    private static final String CREATED = "2025-01-02T03:04:05.123456789Z";

    private DockerObjects() {
    }

    /** {@code GET /version}. */
    public static Map<String, Object> version(String engineVersion, String apiVersion) {
        return map("Platform", map("Name", "Docker Engine - Community"),
                "Components", List.of(map("Name", "Engine", "Version", engineVersion,
                        "Details", map("ApiVersion", apiVersion, "MinAPIVersion", "1.12", "Os", "linux", "Arch", "amd64"))),
                "Version", engineVersion, "ApiVersion", apiVersion, "MinAPIVersion", "1.12", "GitCommit", "e91ed57",
                "GoVersion", "go1.19.8", "Os", "linux", "Arch", "amd64", "KernelVersion", "6.1.0-stub",
                "BuildTime", "2023-05-01T00:00:00.000000000+00:00");
    }

    /** {@code GET /info} with {@code swarm} as its {@code Swarm} part. */
    public static Map<String, Object> info(Map<String, Object> swarm) {
        return map("ID", "STUB:ENGI:NE00:0000:0000:0000:0000:0000:0000:0000:0000:0000", "Containers", 0,
                "ContainersRunning", 0, "Images", 1, "Driver", "vfs", "Name", "stub-engine", "ServerVersion",
                RecordingDockerStub.ENGINE_VERSION, "OperatingSystem", "Debian GNU/Linux 12 (bookworm)", "OSType", "linux",
                "Architecture", "x86_64", "NCPU", 2, "MemTotal", 4_000_000_000L, "DockerRootDir", "/var/lib/docker",
                "Swarm", swarm);
    }

    /**
     * The {@code Swarm} part of {@code /info}.
     *
     * @param localNodeState {@code inactive}, {@code pending}, {@code active}, {@code error} or {@code locked}
     * @param nodeId the node's id; empty in no swarm
     * @param controlAvailable whether this node is a manager
     */
    public static Map<String, Object> swarmInfo(String localNodeState, String nodeId, boolean controlAvailable) {
        Map<String, Object> swarm = map("NodeID", nodeId, "NodeAddr", nodeId.isEmpty() ? "" : "127.0.0.1",
                "LocalNodeState", localNodeState, "ControlAvailable", controlAvailable,
                "Error", "error".equals(localNodeState) ? "manager stopped: can't initialize raft node" : "");
        if ("active".equals(localNodeState)) {
            swarm.put("RemoteManagers", List.of(map("NodeID", controlAvailable ? nodeId : "m4n4g3r0th3rn0d3", "Addr",
                    controlAvailable ? "127.0.0.1:2377" : "10.0.0.1:2377")));
            swarm.put("Nodes", controlAvailable ? 1 : 0);
            swarm.put("Managers", controlAvailable ? 1 : 0);
        }
        return swarm;
    }

    /** A network answer to build: {@code network("n1", "faasnet").overlay().attachable().managed().toMap()}. */
    public static NetworkJson network(String id, String name) {
        return new NetworkJson(id, name);
    }

    /** Builds one network as {@code GET /networks} and {@code GET /networks/{id}} answer it. */
    public static final class NetworkJson {
        private final Map<String, Object> network;

        private NetworkJson(String id, String name) {
            network = map("Name", name, "Id", id, "Created", CREATED, "Scope", "local", "Driver", "bridge",
                    "EnableIPv6", false, "IPAM", map("Driver", "default", "Options", map(), "Config", new ArrayList<>()),
                    "Internal", false, "Attachable", false, "Ingress", false, "ConfigFrom", map("Network", ""),
                    "ConfigOnly", false, "Containers", map(), "Options", map(), "Labels", map());
        }

        /** A Swarm-scoped overlay network. */
        public NetworkJson overlay() {
            network.put("Driver", "overlay");
            network.put("Scope", "swarm");
            network.put("Options", map("com.docker.network.driver.overlay.vxlanid_list", "4097"));
            return this;
        }

        /**
         * As the engine lists a swarm network its allocator has not got to yet: no driver, options or address blocks
         * (they come from the allocator's state), for a few milliseconds after it is created.
         */
        @SuppressWarnings("unchecked")
        public NetworkJson unallocated() {
            network.put("Driver", "");
            network.put("Options", map());
            ((List<Object>) section("IPAM").get("Config")).clear();
            return this;
        }

        /** A local bridge network. */
        public NetworkJson bridge() {
            network.put("Driver", "bridge");
            network.put("Scope", "local");
            return this;
        }

        /** Plain containers may join it. */
        public NetworkJson attachable() {
            network.put("Attachable", true);
            return this;
        }

        /** Labelled as faasfed labels the shared network. */
        public NetworkJson managed() {
            return labels(Labels.network());
        }

        /** With these labels (added to any it has). */
        public NetworkJson labels(Map<String, String> labels) {
            section("Labels").putAll(labels);
            return this;
        }

        /** Its overlay traffic encrypted (driver option {@code encrypted}). */
        public NetworkJson encrypted() {
            section("Options").put("encrypted", "");
            return this;
        }

        /** With an address block and its gateway. */
        @SuppressWarnings("unchecked")
        public NetworkJson subnet(String subnet, String gateway) {
            ((List<Object>) section("IPAM").get("Config")).add(map("Subnet", subnet, "Gateway", gateway));
            return this;
        }

        /** With a container attached (as {@code GET /networks/{id}} lists it on this node). */
        public NetworkJson container(String id, String name, String ipv4) {
            section("Containers").put(id, map("Name", name, "EndpointID", "e" + id, "MacAddress", "02:42:0a:00:00:05",
                    "IPv4Address", ipv4, "IPv6Address", ""));
            return this;
        }

        /** The answer. */
        public Map<String, Object> toMap() {
            return network;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> section(String key) {
            return (Map<String, Object>) network.get(key);
        }
    }

    /**
     * A rich Swarm service spec in VIP mode: published ports, labels, environment, mounts, a health check, resources
     * and placement, update and rollback settings, and the v1.41 fields docker-java 3.7.1's model has no property for
     * ({@code Isolation}, {@code Sysctls}, {@code CapabilityAdd}/{@code CapabilityDrop}, {@code Ulimits}, a network's
     * {@code DriverOpts}, {@code Limits.Pids}, {@code Placement.Preferences}), attached to {@code networks} (each
     * {@code {Target, Aliases}}). The health check is spelt {@code HealthCheck}, as the document says; Docker 20.10
     * itself writes {@code Healthcheck} (see {@code DestroyForceOnARealSwarmTest}).
     */
    public static Map<String, Object> vipServiceSpec(String name, List<Map<String, Object>> networks) {
        return map("Name", name,
                "Labels", map("com.docker.stack.namespace", "func", "com.example.team", "platform"),
                "TaskTemplate", map(
                        "ContainerSpec", map(
                                "Image", "ghcr.io/openfaas/gateway:0.27.12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                "Labels", map("com.docker.stack.namespace", "func"),
                                "Args", List.of("--port", "8080"),
                                "Env", List.of("functions_provider_url=http://faas-swarm:8080/", "read_timeout=65s",
                                        "basic_auth=true"),
                                "User", "app",
                                "Hostname", "gateway",
                                "Mounts", List.of(map("Type", "volume", "Source", "func_gateway-data", "Target", "/data",
                                        "VolumeOptions", map("Labels", map("com.docker.stack.namespace", "func")))),
                                "StopGracePeriod", 10_000_000_000L,
                                "HealthCheck", map("Test", List.of("CMD-SHELL", "wget -q -O - http://localhost:8080/healthz"),
                                        "Interval", 5_000_000_000L, "Timeout", 3_000_000_000L, "Retries", 3),
                                "DNSConfig", map("Options", List.of("ndots:1")),
                                "Isolation", "default",
                                "Init", true,
                                "Sysctls", map("net.ipv4.tcp_keepalive_time", "600"),
                                "CapabilityAdd", List.of("CAP_NET_BIND_SERVICE"),
                                "CapabilityDrop", List.of("CAP_MKNOD"),
                                "Ulimits", List.of(map("Name", "nofile", "Soft", 65536, "Hard", 65536))),
                        "Resources", map("Limits", map("NanoCPUs", 500_000_000L, "MemoryBytes", 134_217_728L, "Pids", 512),
                                "Reservations", map("MemoryBytes", 33_554_432L)),
                        "RestartPolicy", map("Condition", "on-failure", "Delay", 5_000_000_000L, "MaxAttempts", 20,
                                "Window", 380_000_000_000L),
                        "Placement", map("Constraints", List.of("node.role == manager"),
                                "Preferences", List.of(map("Spread", map("SpreadDescriptor", "node.labels.zone"))),
                                "MaxReplicas", 2),
                        "Networks", networks,
                        "LogDriver", map("Name", "json-file", "Options", map("max-size", "10m")),
                        "ForceUpdate", 0,
                        "Runtime", "container"),
                "Mode", map("Replicated", map("Replicas", 1)),
                "UpdateConfig", map("Parallelism", 1, "Delay", 0, "FailureAction", "pause", "Monitor", 5_000_000_000L,
                        "MaxFailureRatio", 0, "Order", "start-first"),
                "RollbackConfig", map("Parallelism", 1, "FailureAction", "pause", "Monitor", 5_000_000_000L,
                        "MaxFailureRatio", 0, "Order", "stop-first"),
                "EndpointSpec", map("Mode", "vip",
                        "Ports", List.of(map("Protocol", "tcp", "TargetPort", 8080, "PublishedPort", 8080, "PublishMode", "ingress"))));
    }

    /** A network attachment of a service spec: {@code {Target, Aliases}}. */
    public static Map<String, Object> attachment(String target, String... aliases) {
        return map("Target", target, "Aliases", List.of(aliases));
    }

    /**
     * {@code GET /services/{id}}: the service {@code id} at version {@code version}, its spec {@code spec}, with a
     * virtual IP on each network of its spec (VIP mode).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> service(String id, long version, Map<String, Object> spec) {
        requireNonNull(spec, "spec");
        List<Object> vips = new ArrayList<>();
        Map<String, Object> task = (Map<String, Object>) spec.get("TaskTemplate");
        List<Map<String, Object>> networks = task == null ? null : (List<Map<String, Object>>) task.get("Networks");
        int n = 2;
        for (Map<String, Object> network : networks == null ? List.<Map<String, Object>>of() : networks) {
            vips.add(map("NetworkID", network.get("Target"), "Addr", "10.0." + n++ + ".2/24"));
        }
        Map<String, Object> endpointSpec = (Map<String, Object>) spec.get("EndpointSpec");
        Map<String, Object> endpoint = map("Spec", endpointSpec == null ? map() : endpointSpec);
        if (endpointSpec != null && endpointSpec.get("Ports") != null) {
            endpoint.put("Ports", endpointSpec.get("Ports"));
        }
        endpoint.put("VirtualIPs", vips);
        return map("ID", id, "Version", map("Index", version), "CreatedAt", CREATED, "UpdatedAt", CREATED,
                "Spec", spec, "Endpoint", endpoint);
    }

    /** A minimal service spec called {@code name} on {@code networks}, in DNS round-robin mode. */
    public static Map<String, Object> plainServiceSpec(String name, List<Map<String, Object>> networks) {
        return map("Name", name, "Labels", map(),
                "TaskTemplate", map("ContainerSpec", map("Image", "local/faasfed-busybox:1"), "Networks", networks,
                        "ForceUpdate", 0),
                "Mode", map("Replicated", map("Replicas", 1)),
                "EndpointSpec", map("Mode", "dnsrr"));
    }

    /** {@code GET /tasks} item: a task of service {@code serviceId} in {@code state} ({@code running}, ...). */
    public static Map<String, Object> task(String id, String serviceId, String state) {
        return map("ID", id, "Version", map("Index", 12), "CreatedAt", CREATED, "UpdatedAt", CREATED,
                "ServiceID", serviceId, "Slot", 1, "NodeID", RecordingDockerStub.NODE_ID,
                "Status", map("Timestamp", CREATED, "State", state, "Message", state),
                "DesiredState", "running");
    }

    /** {@code GET /containers/json} item: a container called {@code name} (no leading slash) in {@code state}. */
    public static Map<String, Object> containerSummary(String id, String name, String state, Map<String, String> labels) {
        return map("Id", id, "Names", List.of("/" + name), "Image", "local/faasfed-busybox:1", "ImageID", "sha256:" + id,
                "Command", "httpd -f", "Created", 1_735_787_045L, "Ports", List.of(), "Labels", new LinkedHashMap<>(labels),
                "State", state, "Status", "running".equals(state) ? "Up 2 minutes" : "Exited (0) 1 minute ago",
                "HostConfig", map("NetworkMode", "default"), "NetworkSettings", map("Networks", map()), "Mounts", List.of());
    }

    /**
     * {@code GET /containers/{id}/json}: {@code name} (no leading slash), running or not, with {@code env} lines and
     * attached to {@code networks} (name to network id).
     */
    public static Map<String, Object> containerInspect(String id, String name, boolean running, List<String> env,
                                                       Map<String, String> networks) {
        Map<String, Object> attached = map();
        int n = 5;
        for (Map.Entry<String, String> network : networks.entrySet()) {
            attached.put(network.getKey(), map("NetworkID", network.getValue(), "EndpointID", "e" + id + n,
                    "Gateway", "10.0.9.1", "IPAddress", "10.0.9." + n++, "IPPrefixLen", 24, "Aliases", List.of(name)));
        }
        return map("Id", id, "Created", CREATED, "Path", "httpd", "Args", List.of("-f"),
                "State", map("Status", running ? "running" : "exited", "Running", running, "Paused", false,
                        "Restarting", false, "OOMKilled", false, "Dead", false, "Pid", running ? 4242 : 0,
                        "ExitCode", 0, "Error", "", "StartedAt", CREATED, "FinishedAt", "0001-01-01T00:00:00Z"),
                "Image", "sha256:" + id, "Name", "/" + name, "RestartCount", 0, "Driver", "vfs",
                "Config", map("Hostname", id.substring(0, Math.min(12, id.length())), "Env", env,
                        "Image", "local/faasfed-busybox:1", "Labels", map()),
                "NetworkSettings", map("Networks", attached));
    }

    /** A mutable, ordered map of the key-value pairs {@code kv}. */
    public static Map<String, Object> map(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("map: odd number of arguments (expected: key, value pairs)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }
}
