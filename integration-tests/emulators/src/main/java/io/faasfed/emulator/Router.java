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
 * URL-decoded into {@link EmulatorRequest#params()}. Whether a path with a trailing slash that matches nothing is tried
 * without it is the {@link TrailingSlash} policy the emulator picks. A path that no template matches goes to the
 * not-found handler, a path that matches only with another method to the method-not-allowed handler.
 */
public final class Router {

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {

        /** The response to a request. */
        Mono<EmulatorResponse> handle(EmulatorRequest request);
    }

    /** What a path ending in a slash that no route matches gets. */
    public enum TrailingSlash {

        /**
         * Nothing: paths match exactly, {@code /a/} is not {@code /a}. gorilla/mux, OpenFaaS's router, answers 404 to
         * {@code /system/functions/}; an emulator whose platform accepts a slash somewhere adds that route itself.
         */
        EXACT,

        /**
         * The path is tried again without the slash, everywhere. No platform does this: OpenWhisk's controller
         * accepts one trailing slash on collection lists only ({@code pathEndOrSingleSlash}) and Fn's gin redirects;
         * kept for the emulators that have not yet chosen {@link #EXACT}.
         */
        RETRY_WITHOUT
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(\\*?)}");

    private final List<Route> routes = new ArrayList<>();
    private final Handler notFound;
    private final Handler methodNotAllowed;
    private final TrailingSlash trailingSlash;

    /**
     * A router answering unmatched paths and methods with the platform's own responses, retrying a path without its
     * trailing slash ({@link TrailingSlash#RETRY_WITHOUT}).
     */
    public Router(Handler notFound, Handler methodNotAllowed) {
        this(TrailingSlash.RETRY_WITHOUT, notFound, methodNotAllowed);
    }

    /** A router with a trailing-slash policy, answering unmatched paths and methods with the platform's responses. */
    public Router(TrailingSlash trailingSlash, Handler notFound, Handler methodNotAllowed) {
        this.trailingSlash = requireNonNull(trailingSlash, "trailingSlash");
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

    /** Answers a request with the first matching route. */
    public Mono<EmulatorResponse> dispatch(EmulatorRequest request) {
        boolean pathMatched = false;
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(request.path());
            if (!matcher.matches()) {
                continue;
            }
            if (!route.methods().isEmpty() && !route.methods().contains(request.method())) {
                pathMatched = true;
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                params.put(route.names().get(i), decode(matcher.group(i + 1)));
            }
            return Mono.defer(() -> route.handler().handle(request.withParams(params)));
        }
        if (trailingSlash == TrailingSlash.RETRY_WITHOUT && !pathMatched && request.path().length() > 1
                && request.path().endsWith("/")) {
            String trimmed = request.path().substring(0, request.path().length() - 1);
            return dispatch(new EmulatorRequest(request.method(), trimmed, request.rawQuery(), request.query(),
                    request.headers(), request.body(), request.params()));
        }
        return pathMatched ? Mono.defer(() -> methodNotAllowed.handle(request))
                : Mono.defer(() -> notFound.handle(request));
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private record Route(Set<String> methods, Pattern pattern, List<String> names, Handler handler) {
    }
}
