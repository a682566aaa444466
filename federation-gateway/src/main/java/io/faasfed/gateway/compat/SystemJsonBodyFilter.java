package io.faasfed.gateway.compat;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The OpenFaaS gateway reads every {@code /system/*} body as JSON whatever its {@code Content-Type} says (curl's
 * {@code -d} sends {@code application/x-www-form-urlencoded}, some clients send none): so do we, by treating such a
 * body as JSON instead of answering 415.
 */
public final class SystemJsonBodyFilter implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!request.getPath().pathWithinApplication().value().startsWith("/system/")
                || HttpMethod.GET.equals(request.getMethod())) {
            return chain.filter(exchange);
        }
        MediaType type = request.getHeaders().getContentType();
        if (type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest json = request.mutate()
                .headers(headers -> headers.setContentType(MediaType.APPLICATION_JSON)).build();
        return chain.filter(exchange.mutate().request(json).build());
    }
}
