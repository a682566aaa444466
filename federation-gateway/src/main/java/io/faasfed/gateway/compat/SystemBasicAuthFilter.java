package io.faasfed.gateway.compat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * HTTP Basic auth on {@code /system/*}, as the OpenFaaS gateway does it (invocations and {@code /healthz} stay open):
 * a missing or wrong {@code Authorization} gets 401 with {@code WWW-Authenticate: Basic realm="Restricted"} and the
 * plain-text body {@code invalid credentials}. Credentials are compared in constant time.
 */
public final class SystemBasicAuthFilter implements WebFilter, Ordered {

    private final byte[] expected;

    /** Requires {@code username}:{@code password}. */
    public SystemBasicAuthFilter(String username, String password) {
        this.expected = ("Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/system/") && !path.equals("/system")) {
            return chain.filter(exchange);
        }
        String given = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Restricted\"");
        response.getHeaders().setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
        DataBuffer body = response.bufferFactory().wrap("invalid credentials".getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}
