package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.faasfed.gateway.error.ProblemWebExceptionHandler;
import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.security.Role;
import io.faasfed.gateway.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter on a small router, with the gateway's problem handler and a stand-in for Spring Security that puts the
 * caller named by {@code X-Test-Caller} ({@code key@tenant}) in the security context; buckets in memory on a clock
 * that does not move, so nothing refills during a test.
 */
class RateLimitWebFilterTest {

    private static final String CALLER = "X-Test-Caller";

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private static final RouterFunction<ServerResponse> ROUTES = route(POST("/function/{name}"),
            request -> request.bodyToMono(String.class).defaultIfEmpty("")
                    .flatMap(body -> ServerResponse.ok().header("RateLimit-Limit", "999").bodyValue("echo:" + body)))
            .andRoute(GET("/system/info"), request -> ServerResponse.ok().bodyValue("info"))
            .andRoute(POST("/system/functions"), request -> ServerResponse.accepted().build())
            .andRoute(GET("/healthz"), request -> ServerResponse.ok().bodyValue("OK"));

    /** Spring Security's place: the caller in the reactive security context. */
    private static final class FixedCaller implements WebFilter, Ordered {
        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String named = exchange.getRequest().getHeaders().getFirst(CALLER);
            if (named == null) {
                return chain.filter(exchange);
            }
            String[] parts = named.split("@");
            Caller caller = new Caller(parts[0], parts[1], Set.of(Role.INVOKE, Role.DEPLOY, Role.VIEW));
            return chain.filter(exchange).contextWrite(ReactiveSecurityContextHolder.withAuthentication(
                    new TestingAuthenticationToken(caller, null, "ROLE_INVOKE")));
        }

        @Override
        public int getOrder() {
            return -100;
        }
    }

    private WebTestClient client(RateLimiter limiter, Bandwidth perKey, Bandwidth perTenant, Bandwidth perAddress) {
        RateLimits limits = new RateLimits(limiter, RateLimitsTest.policy(perKey, perTenant, perAddress),
                new SimpleMeterRegistry());
        return WebTestClient.bindToRouterFunction(ROUTES)
                .handlerStrategies(HandlerStrategies.builder()
                        .exceptionHandler(new ProblemWebExceptionHandler(JsonMapper.builder().build())).build())
                .webFilter(new FixedCaller(), new RateLimitWebFilter(limits, new RouteClassifier(),
                        new ClientAddresses(1)))
                .configureClient().responseTimeout(Duration.ofSeconds(20)).build();
    }

    private WebTestClient client(Bandwidth perKey, Bandwidth perTenant, Bandwidth perAddress) {
        return client(new InMemoryRateLimiter(1_000, clock), perKey, perTenant, perAddress);
    }

    private static WebTestClient.ResponseSpec invoke(WebTestClient client, String caller) {
        WebTestClient.RequestBodySpec request = client.post().uri("/function/echo");
        if (caller != null) {
            request.header(CALLER, caller);
        }
        return request.bodyValue("hi").exchange();
    }

    @Test
    void anAllowedRequestCarriesTheRateLimitHeadersAndItsBody() {
        WebTestClient client = client(Bandwidth.perSecond(10, 5), Bandwidth.perSecond(100, 50),
                Bandwidth.perSecond(2, 1));

        invoke(client, "k-alice@acme").expectStatus().isOk()
                .expectHeader().valueEquals(RateLimitWebFilter.LIMIT, "10")
                .expectHeader().valueEquals(RateLimitWebFilter.REMAINING, "9")
                .expectHeader().valueEquals(RateLimitWebFilter.RESET, "1")
                .expectHeader().valueEquals(RateLimitWebFilter.POLICY, "10;w=2")
                .expectBody(String.class).isEqualTo("echo:hi");
    }

    @Test
    void aRefusedRequestIs429WithRetryAfterHeadersAndAProblem() {
        WebTestClient client = client(Bandwidth.perSecond(2, 0.5), Bandwidth.perSecond(100, 50),
                Bandwidth.perSecond(2, 1));
        invoke(client, "k-alice@acme").expectStatus().isOk();
        invoke(client, "k-alice@acme").expectStatus().isOk();

        invoke(client, "k-alice@acme").expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2")
                .expectHeader().valueEquals(RateLimitWebFilter.LIMIT, "2")
                .expectHeader().valueEquals(RateLimitWebFilter.REMAINING, "0")
                .expectHeader().valueEquals(RateLimitWebFilter.RESET, "4")
                .expectBody()
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.title").isEqualTo("Too many requests")
                .jsonPath("$.detail").isEqualTo("the invoke rate limit of key 'k-alice' is reached (burst 2, "
                        + "0.500/s); retry after 2 s")
                .jsonPath("$.routeClass").isEqualTo("invoke")
                .jsonPath("$.instance").isEqualTo("/function/echo");

        // another key has its own bucket
        invoke(client, "k-bob@acme").expectStatus().isOk();
        // another route class has its own bucket
        client.get().uri("/system/info").header(CALLER, "k-alice@acme").exchange().expectStatus().isOk();
    }

    @Test
    void theKeysOfATenantShareTheTenantsBucket() {
        WebTestClient client = client(Bandwidth.perSecond(10, 1), Bandwidth.perSecond(3, 1),
                Bandwidth.perSecond(2, 1));
        invoke(client, "k-alice@acme").expectStatus().isOk();
        invoke(client, "k-alice@acme").expectStatus().isOk();
        invoke(client, "k-bob@acme").expectStatus().isOk()
                .expectHeader().valueEquals(RateLimitWebFilter.LIMIT, "3")
                .expectHeader().valueEquals(RateLimitWebFilter.REMAINING, "0");

        invoke(client, "k-bob@acme").expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .startsWith("the invoke rate limit of tenant 'acme' is reached"));
        invoke(client, "k-carol@other").expectStatus().isOk();
    }

    @Test
    void anonymousCallersShareOneBucketPerClientAddress() {
        WebTestClient client = client(Bandwidth.perSecond(10, 1), Bandwidth.perSecond(10, 1),
                Bandwidth.perSecond(2, 1));
        for (int i = 0; i < 2; i++) {
            client.post().uri("/function/echo").header("X-Forwarded-For", "192.0.2.1").bodyValue("x").exchange()
                    .expectStatus().isOk();
        }

        client.post().uri("/function/echo").header("X-Forwarded-For", "192.0.2.1").bodyValue("x").exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("anonymous callers from your address"));
        // the address the trusted proxy saw counts, not what the client claims before it
        client.post().uri("/function/echo").header("X-Forwarded-For", "203.0.113.9, 192.0.2.1").bodyValue("x")
                .exchange().expectStatus().isEqualTo(429);
        client.post().uri("/function/echo").header("X-Forwarded-For", "192.0.2.1, 192.0.2.2").bodyValue("x")
                .exchange().expectStatus().isOk();
    }

    @Test
    void probesAreNeverLimited() {
        WebTestClient client = client(Bandwidth.perSecond(1, 1), Bandwidth.perSecond(1, 1),
                Bandwidth.perSecond(1, 1));

        for (int i = 0; i < 5; i++) {
            client.get().uri("/healthz").exchange().expectStatus().isOk()
                    .expectHeader().doesNotExist(RateLimitWebFilter.LIMIT);
        }
    }

    @Test
    void aFailedStoreLetsInvokeThroughWithoutHeadersAndRefusesDeployWith503() {
        WebTestClient client = client(limits -> Mono.error(new io.lettuce.core.RedisConnectionException("down")),
                Bandwidth.perSecond(1, 1), Bandwidth.perSecond(1, 1), Bandwidth.perSecond(1, 1));

        invoke(client, "k-alice@acme").expectStatus().isOk()
                .expectHeader().valueEquals(RateLimitWebFilter.LIMIT, "999")
                .expectHeader().doesNotExist(RateLimitWebFilter.REMAINING);
        client.post().uri("/system/functions").header(CALLER, "k-alice@acme").bodyValue("{}").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectHeader().doesNotExist(RateLimitWebFilter.LIMIT)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Rate limit store unavailable")
                .jsonPath("$.routeClass").isEqualTo("deploy");
    }
}
