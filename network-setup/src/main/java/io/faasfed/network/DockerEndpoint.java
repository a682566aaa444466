package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where the Docker engine is and how to talk to it: the host ({@code unix:///var/run/docker.sock},
 * {@code tcp://127.0.0.1:2375}), the Engine API version every request is pinned to, and the timeouts of one request.
 *
 * @param host the engine's address, as {@code DOCKER_HOST} would give it
 * @param apiVersion the Engine API version in every request path ({@code /v1.41/...})
 * @param connectTimeout how long to wait for the connection
 * @param responseTimeout how long to wait for one answer (pulls and long waits are not made through this client)
 */
public record DockerEndpoint(String host, String apiVersion, Duration connectTimeout, Duration responseTimeout) {

    /**
     * The Engine API version faasfed speaks: the one Debian's Docker 20.10 serves, which every newer engine still
     * accepts. Requests are checked against {@code shared/specs/docker/engine-api-v1.41.yaml}.
     */
    public static final String API_VERSION = "1.41";

    /** Docker's own default when {@code DOCKER_HOST} is not set. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    public DockerEndpoint {
        requireNonNull(host, "host");
        requireNonNull(apiVersion, "apiVersion");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(responseTimeout, "responseTimeout");
        if (host.isBlank()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The Docker host is empty.",
                    "Set DOCKER_HOST (e.g. unix:///var/run/docker.sock) or pass --host.");
        }
        if (!(host.startsWith("unix://") || host.startsWith("tcp://") || host.startsWith("npipe://"))) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The Docker host '" + host + "' is not an address Docker understands.",
                    "Use unix:///path/to/docker.sock or tcp://HOST:PORT, as DOCKER_HOST takes.");
        }
    }

    /** The engine {@code DOCKER_HOST} names, else Docker's default socket; API 1.41 and the default timeouts. */
    public static DockerEndpoint fromEnvironment() {
        String env = System.getenv("DOCKER_HOST");
        return of(env == null || env.isBlank() ? DEFAULT_HOST : env);
    }

    /** The engine at {@code host}; API 1.41, 5 s to connect, 60 s to answer. */
    public static DockerEndpoint of(String host) {
        return new DockerEndpoint(host, API_VERSION, Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /** Whether the host came from {@code DOCKER_HOST} or Docker's default, for hints. */
    public boolean isDefaultSocket() {
        return DEFAULT_HOST.equals(host);
    }
}
