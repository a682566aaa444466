package io.faasfed.gateway.security;

import io.faasfed.gateway.error.Problem;
import io.faasfed.gateway.error.ProblemWebExceptionHandler;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses credentials a browser attached on another site's behalf. A browser that once answered the gateway's Basic
 * challenge (an admin logging in to the Swagger UI) sends those credentials with every later request to the gateway,
 * including a form another site posts, so that site could deploy or delete with the admin's rights. No session cookie is
 * involved, so CSRF tokens do not apply; instead a request that carries an {@code Authorization} header is refused (403)
 * when the browser says it comes from another site ({@code Sec-Fetch-Site: cross-site} or {@code same-site}), or, for a
 * browser that does not send fetch metadata, when it is a write whose {@code Origin} is not the gateway's own. Clients
 * that are not browsers (faas-cli, the Terraform provider, curl) send neither header and are not affected.
 */
public final class CrossSiteRequestFilter implements WebFilter, Ordered {

    /** Before Spring Security's chain, so that no credential is even checked. */
    public static final int ORDER = -200;

    private final ProblemWebExceptionHandler problems;

    /** Refuses through {@code problems}. */
    public CrossSiteRequestFilter(ProblemWebExceptionHandler problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION) || !crossSite(request)) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return problems.write(exchange, new Problem(403, "Forbidden", "a browser sent credentials on another site's "
                + "behalf; the gateway refuses them from other sites (call it from its own origin, or from a client "
                + "that is not a browser)", Map.of(), null));
    }

    private static boolean crossSite(ServerHttpRequest request) {
        String site = request.getHeaders().getFirst("Sec-Fetch-Site");
        if (site != null) {
            String value = site.trim().toLowerCase(Locale.ROOT);
            return value.equals("cross-site") || value.equals("same-site");
        }
        String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
        if (origin == null || isSafe(request)) {
            return false;
        }
        return !sameOrigin(origin, request.getHeaders().getFirst(HttpHeaders.HOST));
    }

    private static boolean isSafe(ServerHttpRequest request) {
        String method = request.getMethod().name();
        return method.equals("GET") || method.equals("HEAD");
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin.trim());
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
