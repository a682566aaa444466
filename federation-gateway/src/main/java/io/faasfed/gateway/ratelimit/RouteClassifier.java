package io.faasfed.gateway.ratelimit;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Sorts a request into a {@link RouteClass} by method and path, with the path patterns the routing uses (matched on
 * the decoded path without matrix parameters, so {@code /%66unction/x} and {@code /function;a=b/x} are invoke calls
 * as they are for the router):
 * <ul>
 *   <li>invoke: {@code /function/**}, {@code /async-function/**}, any method;</li>
 *   <li>admin: {@code /federation/v1/keys/**}, {@code /federation/v1/audit/**}, any method;</li>
 *   <li>deploy: every other write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, ...): those to
 *       {@code /system/functions}, {@code /system/scale-function/**} and {@code /federation/v1/functions/**}, and
 *       any write added later, which is never cheaper than a deploy;</li>
 *   <li>view: every other {@code GET}, {@code HEAD} and {@code OPTIONS};</li>
 *   <li>none (not limited): the probes {@code /healthz} and {@code /actuator/health/**}, which an orchestrator calls
 *       on its own schedule and must never see 429.</li>
 * </ul>
 */
public final class RouteClassifier {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final List<PathPattern> exempt = parse("/healthz", "/actuator/health", "/actuator/health/**");
    private final List<PathPattern> invoke = parse("/function/**", "/async-function/**");
    private final List<PathPattern> admin = parse("/federation/v1/keys", "/federation/v1/keys/**",
            "/federation/v1/audit", "/federation/v1/audit/**");

    /** The class of {@code request}; empty for routes that are not limited. */
    public Optional<RouteClass> classify(ServerHttpRequest request) {
        return classify(request.getMethod(), request.getPath().pathWithinApplication());
    }

    /** The class of a {@code method} request to {@code path} (as sent, e.g. {@code /function/echo}). */
    public Optional<RouteClass> classify(HttpMethod method, String path) {
        return classify(method, PathContainer.parsePath(path));
    }

    /** The class of a {@code method} request to {@code path}; empty for routes that are not limited. */
    public Optional<RouteClass> classify(HttpMethod method, PathContainer path) {
        if (matches(invoke, path)) {
            return Optional.of(RouteClass.INVOKE);
        }
        if (matches(admin, path)) {
            return Optional.of(RouteClass.ADMIN);
        }
        boolean read = READS.contains(method);
        if (read && matches(exempt, path)) {
            return Optional.empty();
        }
        return Optional.of(read ? RouteClass.VIEW : RouteClass.DEPLOY);
    }

    private static boolean matches(List<PathPattern> patterns, PathContainer path) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<PathPattern> parse(String... patterns) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        return java.util.Arrays.stream(patterns).map(parser::parse).toList();
    }
}
