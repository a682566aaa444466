package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Routes requests to handlers by method and path template, in the order the routes were added. A template's
 * {@code {name}} matches one path segment, {@code {name*}} the rest of the path (possibly empty); the matched values are
 * URL-decoded into {@link EmulatorRequest#params()}. Paths match exactly: {@code /a/} is not {@code /a}, as in
 * gorilla/mux (OpenFaaS); an emulator whose platform accepts a trailing slash somewhere registers that path itself
 * (OpenWhisk's collection lists), or answers it from its not-found handler (Fn's gin redirects). A path that no
 * template matches goes to the not-found handler, a path that matches only with another method to the
 * method-not-allowed handler.
 */
public final class Router {

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {

        /** The response to a request. */
        Mono<EmulatorResponse> handle(EmulatorRequest request);
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(\\*?)}");

    private final List<Route> routes = new ArrayList<>();
    private final Handler notFound;
    private final Handler methodNotAllowed;

    /** A router answering unmatched paths and methods with the platform's own responses. */
    public Router(Handler notFound, Handler methodNotAllowed) {
        this.notFound = requireNonNull(notFound, "notFound");
        this.methodNotAllowed = requireNonNull(methodNotAllowed, "methodNotAllowed");
    }

    /**
     * Adds a route; {@code methods} is a comma-separated list such as {@code "GET,HEAD"}, or {@code "*"} for any.
     */
    public Router route(String methods, String template, Handler handler) {
        requireNonNull(methods, "methods");
        requireNonNull(handler, "handler");
        Set<String> allowed = "*".equals(methods) ? Set.of()
                : Set.of(methods.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher variable = VARIABLE.matcher(requireNonNull(template, "template"));
        int last = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(template.substring(last, variable.start())));
            names.add(variable.group(1));
            regex.append(variable.group(2).isEmpty() ? "([^/]+)" : "(.*)");
            last = variable.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(allowed, Pattern.compile(regex.toString()), List.copyOf(names), handler));
        return this;
    }

    /** Whether a route for {@code method} matches {@code path} exactly. */
    public boolean matches(String method, String path) {
        return routes.stream().anyMatch(route -> route.accepts(method) && route.pattern().matcher(path).matches());
    }

    /** Answers a request with the first matching route. */
    public Mono<EmulatorResponse> dispatch(EmulatorRequest request) {
        boolean pathMatched = false;
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(request.path());
            if (!matcher.matches()) {
                continue;
            }
            if (!route.accepts(request.method())) {
                pathMatched = true;
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                params.put(route.names().get(i), decode(matcher.group(i + 1)));
            }
            return Mono.defer(() -> route.handler().handle(request.withParams(params)));
        }
        return pathMatched ? Mono.defer(() -> methodNotAllowed.handle(request))
                : Mono.defer(() -> notFound.handle(request));
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private record Route(Set<String> methods, Pattern pattern, List<String> names, Handler handler) {

        boolean accepts(String method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }
}
