package io.faasfed.gateway.security;

import io.faasfed.gateway.error.Problem;
import io.faasfed.gateway.error.ProblemWebExceptionHandler;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The answers of the door: 401 (no or bad credentials) with both challenges a client may answer, so that a browser
 * prompts for a key's id and secret and faas-cli's Basic login works; 403 (known caller, role missing); 400 for a
 * request the firewall refuses before any rule (a path with {@code ;}, an encoded slash or dot, {@code //} or
 * {@code /./}). All are problem documents that say what to send, and nothing about the route behind.
 */
public final class ProblemResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

    private final ProblemWebExceptionHandler problems;

    /** Answers through {@code problems}. */
    public ProblemResponses(ProblemWebExceptionHandler problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean given = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        closeAfter(exchange);
        exchange.getResponse().getHeaders().put(HttpHeaders.WWW_AUTHENTICATE,
                List.of("Bearer realm=\"faasfed\"", "Basic realm=\"faasfed\", charset=\"UTF-8\""));
        return problems.write(exchange, new Problem(401, "Unauthorized", given
                ? "the credentials are not valid (expected: Authorization: Bearer <API key or token>, or HTTP Basic"
                + " with the key's id and secret)"
                : "credentials are required (expected: Authorization: Bearer <API key or token>, or HTTP Basic with"
                + " the key's id and secret)", Map.of(), null));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange,
                             org.springframework.security.access.AccessDeniedException denied) {
        closeAfter(exchange);
        return problems.write(exchange, new Problem(403, "Forbidden", "this credential's roles do not allow this "
                + "request (docs/security.md lists the role each route needs)", Map.of(), null));
    }

    /**
     * A refused request's body is never read: the connection closes after the answer, so that a caller without a
     * valid credential cannot hold it open by trickling a body the gateway would otherwise wait for.
     */
    private static void closeAfter(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
    }

    /** A request Spring Security's firewall refused: 400 with a problem document instead of an empty body. */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        closeAfter(exchange);
        return problems.write(exchange, new Problem(400, "Bad Request", "the request is refused before any route "
                + "sees it: " + rejected.getMessage() + " (expected: a plain path, without ';', encoded '/', '.' "
                + "or '%', '//' or '/./')", Map.of(), null));
    }
}
