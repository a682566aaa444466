package io.faasfed.gateway.invoke;

import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses {@code CONNECT} and {@code TRACE} on the invocation paths ({@code /function} and
 * {@code /async-function}) with 405 and an {@code Allow} header, before any route or platform sees them: a
 * {@code CONNECT} forwarded to a platform turns a pooled connection into a tunnel, and {@code TRACE} would echo the
 * gateway's own request headers (credentials included) back to the caller. Every other method passes through.
 */
public final class InvocationMethodFilter implements WebFilter, Ordered {

    /** The methods passed through to functions. */
    public static final Set<HttpMethod> ALLOWED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private static final Set<String> REFUSED = Set.of("CONNECT", "TRACE");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (REFUSED.contains(exchange.getRequest().getMethod().name()) && isInvocation(
                exchange.getRequest().getPath().pathWithinApplication().value())) {
            return Mono.error(new MethodNotAllowedException(exchange.getRequest().getMethod(), ALLOWED));
        }
        return chain.filter(exchange);
    }

    private static boolean isInvocation(String path) {
        return under(path, "/function") || under(path, "/async-function");
    }

    private static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
