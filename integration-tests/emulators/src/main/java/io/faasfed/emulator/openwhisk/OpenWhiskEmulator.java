package io.faasfed.emulator.openwhisk;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.BackgroundTasks;
import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.Emulator;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.EmulatorServer;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.Router;
import io.faasfed.emulator.SandboxPlatforms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful emulator of the Apache OpenWhisk controller API under {@code /api/v1}: actions (create with
 * {@code ?overwrite=true}, 409 without; update merges, {@code delAnnotations} removes), packages, paging with
 * {@code limit}/{@code skip}, blocking and non-blocking invocations with activation records, and web actions. Basic
 * auth with {@code uuid:key} guards everything but {@code /ping}, the info documents and web actions without
 * {@code require-whisk-auth}; besides the default namespace, {@link EmulatorOptions#openWhiskNamespaces()} adds
 * namespaces each owned by its own key, and a key reaches only its own (403 elsewhere). Errors are
 * {@code {"error","code"}}. This class wires the routes to the API classes of
 * this package ({@link ActionsApi}, {@link PackagesApi}, {@link InvocationsApi}, {@link ActivationsApi},
 * {@link WebActions}, {@link WhiskAuth}) and owns what they share. With {@link EmulatorOptions#containers()} set,
 * blackbox actions run as containers ({@link ContainerActivations}); at start the containers an earlier run left are
 * removed, at {@link #close()} its own.
 */
public final class OpenWhiskEmulator implements Emulator {

    /** The namespace of OpenWhisk's standalone guest key, used when the options name none. */
    public static final String DEFAULT_NAMESPACE = "guest";

    private static final Logger log = LoggerFactory.getLogger(OpenWhiskEmulator.class);

    private final WhiskState state;
    private final WhiskNamespaces namespaces;
    private final ActionContainers containers = new ActionContainers();
    private final ActionRuntimes runtimes;
    private final BackgroundTasks background = new BackgroundTasks();
    private final EmulatorServer server;
    /** Container mode (blackbox actions as containers through the Engine API); null in process mode. */
    private volatile ContainerActivations containerMode;
    /** Made once the server is up, since actions get its URL as their API host; no request comes before. */
    private volatile ActionExecutor executor;

    private OpenWhiskEmulator(EmulatorOptions options) {
        Credentials credentials = options.credentialsOr(SandboxPlatforms.OPENWHISK_CREDENTIALS);
        String namespace = options.namespace() != null ? options.namespace() : DEFAULT_NAMESPACE;
        this.runtimes = ActionRuntimes.detect();
        this.state = new WhiskState(options, credentials, namespace);
        this.namespaces = new WhiskNamespaces(state, options.openWhiskNamespaces().entrySet().stream()
                .map(entry -> new WhiskState(options, entry.getValue(), entry.getKey())).toList());
        WhiskAuth auth = new WhiskAuth(namespaces);
        ActionsApi actions = new ActionsApi(action -> {
            ActionExecutor running = executor;
            return running == null ? Mono.empty() : running.forget(action);
        });
        PackagesApi packages = new PackagesApi();
        ActivationsApi activations = new ActivationsApi();
        InvocationsApi invocations = new InvocationsApi(() -> executor, background);
        WebActions web = new WebActions(namespaces, invocations);
        String api = "/api/v1/namespaces/{ns}";
        // Paths match exactly, but the controller takes one trailing slash where its routes say pathEndOrSingleSlash:
        // the info document, the collection lists (collectionOps in AuthorizedRouteDispatcher.scala, Namespaces.scala)
        // and an activation (WhiskActivationsApi.fetch); GET actions/{pkg}/ lists the package's actions (get &
        // pathSingleSlash in WhiskActionsApi.innerRoutes). An entity path with a slash (PUT actions/x/, GET
        // actions/p/x/, packages/p/) is no route: akka-http's 404 "could not be found".
        Router router = new Router(request -> Mono.just(WhiskResponses.noRoute()),
                request -> Mono.just(WhiskResponses.error(405,
                        "HTTP method not allowed, supported methods: GET, PUT, POST, DELETE")))
                .route("GET", "/ping", request -> Mono.just(EmulatorResponse.text(200, "pong")))
                .route("GET", "/", request -> Mono.just(EmulatorResponse.json(200, info())))
                .route("GET", "/api/v1", request -> Mono.just(EmulatorResponse.json(200, info())))
                .route("GET", "/api/v1/", request -> Mono.just(EmulatorResponse.json(200, info())))
                .route("GET", "/api/v1/namespaces", auth.authed(auth::namespaces))
                .route("GET", "/api/v1/namespaces/", auth.authed(auth::namespaces))
                .route("GET", api + "/actions", auth.authed(actions::list))
                .route("GET", api + "/actions/", auth.authed(actions::list))
                // any other method here passed entityOps, which cancels the method rejections: no route, not 405
                .route("*", api + "/actions/{pkg}/", auth.authed((space, request) -> "GET".equals(request.method())
                        ? actions.listInPackage(space, request) : Mono.just(WhiskResponses.noRoute())))
                .route("GET", api + "/actions/{name}", auth.authed(actions::get))
                .route("GET", api + "/actions/{pkg}/{name}", auth.authed(actions::get))
                .route("PUT", api + "/actions/{name}", auth.authed(actions::put))
                .route("PUT", api + "/actions/{pkg}/{name}", auth.authed(actions::put))
                .route("DELETE", api + "/actions/{name}", auth.authed(actions::delete))
                .route("DELETE", api + "/actions/{pkg}/{name}", auth.authed(actions::delete))
                .route("POST", api + "/actions/{name}", auth.authed(invocations::invoke))
                .route("POST", api + "/actions/{pkg}/{name}", auth.authed(invocations::invoke))
                .route("GET", api + "/packages", auth.authed(packages::list))
                .route("GET", api + "/packages/", auth.authed(packages::list))
                .route("GET", api + "/packages/{pkg}", auth.authed(packages::get))
                .route("PUT", api + "/packages/{pkg}", auth.authed(packages::put))
                .route("DELETE", api + "/packages/{pkg}", auth.authed(packages::delete))
                .route("GET", api + "/activations", auth.authed(activations::list))
                .route("GET", api + "/activations/", auth.authed(activations::list))
                .route("GET", api + "/activations/{id}", auth.authed((space, request) ->
                        activations.get(space, request, "")))
                .route("GET", api + "/activations/{id}/", auth.authed((space, request) ->
                        activations.get(space, request, "")))
                .route("GET", api + "/activations/{id}/result",
                        auth.authed((space, request) -> activations.get(space, request, "result")))
                .route("GET", api + "/activations/{id}/logs",
                        auth.authed((space, request) -> activations.get(space, request, "logs")))
                .route("*", "/api/v1/web/{ns}/{pkg}/{action}{rest*}", web::handle);
        this.server = EmulatorServer.start("OpenWhisk", options.host(), options.port(), options.maxRequestBytes(), router,
                WhiskResponses::failure);
        try {
            this.containerMode = options.containerMode() ? ContainerActivations.start(options, apiHost(options, server)) : null;
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("The OpenWhisk emulator cannot use the Docker engine of its container mode ("
                    + options.containers().docker().host() + "): " + e.getMessage(), e);
        }
        this.executor = new ActionExecutor(options, runtimes, containers, apiHost(options, server), containerMode);
        log.debug("OpenWhisk emulator runtimes: {}", runtimes.found());
    }

    /** Starts an emulator on 127.0.0.1. */
    public static OpenWhiskEmulator start(EmulatorOptions options) {
        return new OpenWhiskEmulator(requireNonNull(options, "options"));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String baseUrl() {
        return server.baseUrl();
    }

    /** What actions get as {@code __OW_API_HOST}: the configured URL, else this emulator's own. */
    private static String apiHost(EmulatorOptions options, EmulatorServer server) {
        return options.apiHost() != null ? options.apiHost() : server.baseUrl();
    }

    /** The {@code uuid:key} the API demands. */
    public Credentials credentials() {
        return state.credentials();
    }

    /** The namespace the key owns ({@code _} in paths stands for it). */
    public String namespace() {
        return state.namespace();
    }

    /** The further namespaces ({@link EmulatorOptions#openWhiskNamespaces()}) and the default one, by name. */
    public Map<String, Credentials> namespaceKeys() {
        Map<String, Credentials> keys = new LinkedHashMap<>();
        keys.put(state.namespace(), state.credentials());
        keys.putAll(state.options().openWhiskNamespaces());
        return keys;
    }

    /**
     * The kinds this emulator accepts, as the controller's runtimes manifest lists them (the {@code :default} aliases
     * aside); only {@code nodejs:*} (with {@code node}), {@code python:*} (with {@code python3}), {@code blackbox} and
     * {@code sequence} actions also run here.
     */
    public Set<String> kinds() {
        return Set.copyOf(ActionRuntimes.known());
    }

    @Override
    public void close() {
        background.close();
        server.close();
        containers.close();
        if (containerMode != null) {
            containerMode.close();
        }
        runtimes.close();
    }

    /** The info document of {@code GET /} and {@code GET /api/v1}. */
    private ObjectNode info() {
        ObjectNode info = Json.object();
        info.put("description", "OpenWhisk API (faasfed emulator)");
        info.put("api_version", "1.0.0");
        info.put("api_version_path", "v1");
        info.putArray("api_paths").add("/api/v1");
        info.putObject("support").put("github", "https://github.com/apache/openwhisk/issues")
                .put("slack", "http://slack.openwhisk.org");
        info.putObject("limits").put("actions_per_minute", 120).put("triggers_per_minute", 60)
                .put("concurrent_actions", 100).put("sequence_length", 50).put("min_action_duration", 100)
                .put("max_action_duration", 300_000).put("min_action_memory", 134_217_728L)
                .put("max_action_memory", 536_870_912L).put("min_action_logs", 0).put("max_action_logs", 10_485_760L);
        info.set("runtimes", runtimes.manifest());
        return info;
    }
}
