package io.faasfed.gateway.ratelimit;

import io.faasfed.gateway.security.Callers;
import java.util.Objects;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Applies {@link RateLimits} to every request, once the caller is known: it runs right after Spring Security's filter
 * chain ({@value #ORDER}, the chain being at -100), so requests that security refuses cost no token, and it reads the
 * caller with {@link Callers#current()}. An allowed request goes on with {@code RateLimit-Limit},
 * {@code RateLimit-Remaining}, {@code RateLimit-Reset} and {@code RateLimit-Policy} on its response (whatever the
 * function answers, the gateway's values win); a refused one ends in a {@link RateLimitExceededException}, which the
 * problem handler writes as 429 with {@code Retry-After} and the same headers. It never reads the body and never
 * blocks.
 */
public final class RateLimitWebFilter implements WebFilter, Ordered {

    /** Right after Spring Security's {@code WebFilterChainProxy} (-100). */
    public static final int ORDER = -90;

    /** The bucket's capacity. */
    public static final String LIMIT = "RateLimit-Limit";
    /** Whole requests left in the bucket. */
    public static final String REMAINING = "RateLimit-Remaining";
    /** Seconds until the bucket is full again. */
    public static final String RESET = "RateLimit-Reset";
    /** The bucket's quota and the seconds its refill takes, as {@code <capacity>;w=<seconds>}. */
    public static final String POLICY = "RateLimit-Policy";

    private final RateLimits limits;
    private final RouteClassifier classifier;
    private final ClientAddresses addresses;

    /**
     * @param limits     the limits to apply
     * @param classifier how requests map to route classes
     * @param addresses  how anonymous callers are told apart
     */
    public RateLimitWebFilter(RateLimits limits, RouteClassifier classifier, ClientAddresses addresses) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<RouteClass> routeClass = classifier.classify(exchange.getRequest());
        if (routeClass.isEmpty()) {
            return chain.filter(exchange);
        }
        return Callers.current().flatMap(caller -> limits.check(routeClass.get(), caller,
                        caller.isAnonymous() ? addresses.of(exchange.getRequest()) : "")
                .flatMap(decision -> {
                    if (decision.metered()) {
                        exchange.getResponse().beforeCommit(() -> {
                            headers(exchange.getResponse().getHeaders(), decision);
                            return Mono.empty();
                        });
                    }
                    return decision.allowed() ? chain.filter(exchange)
                            : Mono.error(limits.refusal(routeClass.get(), caller, decision));
                }));
    }

    /** Sets the {@code RateLimit-*} headers of {@code decision}. */
    static void headers(HttpHeaders headers, Decision decision) {
        headers.set(LIMIT, Long.toString(decision.limit()));
        headers.set(REMAINING, Long.toString(decision.remaining()));
        headers.set(RESET, Long.toString(decision.reset()));
        Bandwidth bandwidth = decision.reported().bandwidth();
        long window = Math.max(1, (long) Math.ceil(bandwidth.capacity() / bandwidth.tokensPerSecond()));
        headers.set(POLICY, bandwidth.capacity() + ";w=" + window);
    }
}
