package io.faasfed.emulator.fn;

import static io.faasfed.emulator.fn.FnStore.message;
import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.BackgroundTasks;
import io.faasfed.emulator.Emulator;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.EmulatorServer;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.ProcessFunctionRunner;
import io.faasfed.emulator.Router;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A stateful emulator of the Fn server API: apps, fns and triggers addressed by opaque ids, cursor paging
 * ({@code per_page}, {@code next_cursor}), patch-semantics updates, 204 deletes that cascade, {@code POST /invoke/{id}}
 * with {@code Fn-Call-Id} and detached calls, and HTTP triggers under {@code /t/{app}{source}} that translate
 * {@code Fn-Http-Status} and {@code Fn-Http-H-*}. Open-source Fn has no auth, so neither has this. Errors are
 * {@code {"message"}}. Functions run as local processes under the watchdog contract, or in container mode
 * ({@link EmulatorOptions#containers()}) as hot containers made on their first call ({@link FnContainers}). With
 * {@link EmulatorOptions#fnApiOnly()} it is an API-only node ({@code FN_NODE_TYPE=api}): no call routes at all. Paths
 * match exactly; one that would match without its trailing slash is redirected there, as gin does.
 */
public final class FnEmulator implements Emulator {

    /** The server version {@code GET /version} reports. */
    public static final String VERSION = "0.3.753";

    private final ProcessFunctionRunner runner;
    private final FnContainers containers;
    private final BackgroundTasks background = new BackgroundTasks();
    private final Router router;
    private final EmulatorServer server;

    private FnEmulator(EmulatorOptions options) {
        this.runner = new ProcessFunctionRunner(options.maxOutputBytes());
        this.containers = options.containerMode() && !options.fnApiOnly()
                ? FnContainers.start(options.containers(), options.maxOutputBytes()) : null;
        FnStore store = new FnStore();
        FnApps apps = new FnApps(store);
        FnFunctions fns = new FnFunctions(store, this::baseUrl, options.functionTimeoutOverride());
        FnTriggers triggers = new FnTriggers(store, this::baseUrl);
        // gin's NoRoute and NoMethod answers: "<error>: <method> <path>" (fnproject/fn server.go bindHandlers), after
        // gin's trailing-slash redirect
        this.router = new Router(request -> redirectOr(request, 404, "Path not found: "),
                request -> redirectOr(request, 405, "Method not allowed: "))
                .route("GET", "/", request -> FnStore.ok(Json.object().put("hello", "world!")
                        .put("goto", "https://github.com/fnproject/fn")))
                .route("GET", "/version", request -> FnStore.ok(Json.object().put("version", VERSION)))
                .route("GET", "/v2/apps", apps::list)
                .route("POST", "/v2/apps", apps::create)
                .route("GET", "/v2/apps/{id}", apps::get)
                .route("PUT", "/v2/apps/{id}", apps::update)
                .route("DELETE", "/v2/apps/{id}", request -> removingContainers(request, store, apps::delete))
                .route("GET", "/v2/fns", fns::list)
                .route("POST", "/v2/fns", fns::create)
                .route("GET", "/v2/fns/{id}", fns::get)
                .route("PUT", "/v2/fns/{id}", fns::update)
                .route("DELETE", "/v2/fns/{id}", request -> removingContainers(request, store, fns::delete))
                // the calls API is gone: a bare 410 (server.go goneResponse)
                .route("GET", "/v2/fns/{id}/calls{rest*}", request -> Mono.just(EmulatorResponse.empty(410)))
                .route("GET", "/v2/triggers", triggers::list)
                .route("POST", "/v2/triggers", triggers::create)
                .route("GET", "/v2/triggers/{id}", triggers::get)
                .route("PUT", "/v2/triggers/{id}", triggers::update)
                .route("DELETE", "/v2/triggers/{id}", triggers::delete);
        if (!options.fnApiOnly()) {
            FnCalls calls = new FnCalls(store, options, runner, background, this::baseUrl, containers);
            router.route("POST", "/invoke/{id}", calls::invoke)
                    .route("*", "/t/{app}{source*}", calls::trigger);
        }
        try {
            this.server = EmulatorServer.start("Fn", options.host(), options.port(), options.maxRequestBytes(), router,
                    FnEmulator::failure);
        } catch (RuntimeException e) {
            if (containers != null) {
                containers.close();
            }
            throw e;
        }
    }

    /**
     * A delete of an fn ({@code /v2/fns/{id}}) or an app ({@code /v2/apps/{id}}, which takes its fns) that, in container
     * mode, also removes the containers of the fns it deleted before it answers.
     */
    private Mono<EmulatorResponse> removingContainers(EmulatorRequest request, FnStore store, Router.Handler delete) {
        if (containers == null) {
            return delete.handle(request);
        }
        String id = request.param("id");
        List<String> fnIds = store.fns.values().stream()
                .filter(fn -> id.equals(fn.path("id").asString()) || id.equals(fn.path("app_id").asString()))
                .map(fn -> fn.path("id").asString()).toList();
        return delete.handle(request).flatMap(answer -> answer.status() != 204 ? Mono.just(answer)
                : Flux.fromIterable(fnIds).concatMap(containers::remove).then(Mono.just(answer)));
    }

    /** Starts an emulator on 127.0.0.1. */
    public static FnEmulator start(EmulatorOptions options) {
        return new FnEmulator(requireNonNull(options, "options"));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        background.close();
        server.close();
        runner.close();
        if (containers != null) {
            containers.close();
        }
    }

    /**
     * gin's {@code RedirectTrailingSlash}, on in the {@code gin.New()} engine Fn's server runs: a path no route of its
     * method takes, but one would without its trailing slash, is redirected there before NoRoute or NoMethod answer;
     * 301 for GET, 307 for any other method, {@code Location} the path without the slash plus the query (gin.go
     * {@code redirectTrailingSlash} and {@code redirectRequest}; Go's {@code http.Redirect} adds its small HTML body
     * for GET). Otherwise {@code status} with {@code "<error>: <method> <path>"}.
     */
    private Mono<EmulatorResponse> redirectOr(EmulatorRequest request, int status, String error) {
        String path = request.path();
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : null;
        if (trimmed == null || !router.matches(request.method(), trimmed)) {
            return Mono.just(message(status, error + request.method() + ' ' + path));
        }
        String query = request.rawQuery();
        String location = query == null || query.isEmpty() ? trimmed : trimmed + '?' + query;
        if (!"GET".equals(request.method())) {
            return Mono.just(EmulatorResponse.empty(307).withHeader("Location", location));
        }
        String body = "<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n";
        return Mono.just(EmulatorResponse.bytes(301, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8))
                .withHeader("Location", location));
    }

    /** Go's {@code html.EscapeString}, which {@code http.Redirect} applies to the link it writes. */
    private static String htmlEscape(String text) {
        return text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;");
    }

    private static EmulatorResponse failure(Throwable failure) {
        if (failure instanceof Json.BadJson bad) {
            return message(400, "Invalid JSON: " + bad.getMessage());
        }
        if (failure instanceof EmulatorServer.RequestTooLarge tooLarge) {
            return message(413, tooLarge.getMessage());
        }
        return message(500, "internal server error: " + failure);
    }
}
