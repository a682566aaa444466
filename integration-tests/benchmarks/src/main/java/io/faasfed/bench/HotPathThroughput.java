package io.faasfed.bench;

import io.faasfed.gateway.FederationGatewayApplication;
import io.faasfed.gateway.registry.Discovery;
import io.netty.channel.ChannelOption;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Requests per second and latency of {@code POST /function/echo} through the gateway (an OpenFaaS placement, so the
 * Spring Cloud Gateway forward), against the same requests sent straight to the stand-in OpenFaaS in the same run.
 * Everything runs on loopback in one JVM: the stand-in platform, the gateway and a closed-loop client with a fixed
 * number of connections, each phase bounded in time.
 *
 * <pre>java -cp integration-tests/benchmarks/target/benchmarks.jar io.faasfed.bench.HotPathThroughput [connections] [seconds] [--gateway.args ...]</pre>
 * Arguments after the first two go to the gateway, to compare settings in one run of the command.
 */
public final class HotPathThroughput {

    private HotPathThroughput() {
    }

    /** Runs the comparison and prints the numbers. */
    /** The gateway's operator key for this run; every request sends it, so the measured path authenticates. */
    private static String ADMIN_KEY;

    /**
     * The stock route's own door: it authenticates nothing (a stock gateway has no door), so the baseline stays the
     * stock route alone; faasfed's own chain, which decides every other path, runs on {@code /function}.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class StockRouteSecurity {

        @org.springframework.context.annotation.Bean
        @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
        org.springframework.security.web.server.SecurityWebFilterChain stockRoute(
                org.springframework.security.config.web.server.ServerHttpSecurity http) {
            return http.securityMatcher(org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers
                            .pathMatchers("/stock/**"))
                    .csrf(org.springframework.security.config.web.server.ServerHttpSecurity.CsrfSpec::disable)
                    .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll()).build();
        }
    }

    public static void main(String[] args) {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        DisposableServer platform = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/healthz", (request, response) -> response.sendString(Mono.just("OK")))
                        .get("/system/functions", (request, response) -> response
                                .header("Content-Type", "application/json")
                                .sendString(Mono.just("[{\"name\":\"echo\",\"image\":\"x:1\",\"replicas\":1,"
                                        + "\"availableReplicas\":1}]")))
                        .post("/function/echo", (request, response) -> response.header("Content-Type", "text/plain")
                                .send(request.receive().retain())))
                .bindNow();
        ADMIN_KEY = io.faasfed.gateway.security.ApiKeyToken.generate().value();
        java.util.List<String> gatewayArgs = new java.util.ArrayList<>(java.util.List.of("--server.port=0",
                "--faasfed.security.admin-key=" + ADMIN_KEY,
                "--server.address=127.0.0.1", "--logging.level.root=WARN", "--faasfed.discovery.interval=1h",
                "--faasfed.platforms.openfaas.type=openfaas",
                "--faasfed.platforms.openfaas.url=http://127.0.0.1:" + platform.port(),
                // Rate limits stay on, so their check is part of the measured hot path, but high enough never to refuse.
                "--faasfed.rate-limit.per-address.capacity=1000000000",
                "--faasfed.rate-limit.per-address.refill-per-second=1000000000",
                "--faasfed.rate-limit.per-key.invoke.capacity=1000000000",
                "--faasfed.rate-limit.per-key.invoke.refill-per-second=1000000000",
                "--faasfed.rate-limit.per-tenant.invoke.capacity=1000000000",
                "--faasfed.rate-limit.per-tenant.invoke.refill-per-second=1000000000",
                // A stock Spring Cloud Gateway route to the same function: the second baseline.
                "--spring.cloud.gateway.server.webflux.routes[0].id=stock",
                "--spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:" + platform.port(),
                "--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/stock/**",
                "--spring.cloud.gateway.server.webflux.routes[0].filters[0]=StripPrefix=1"));
        gatewayArgs.addAll(java.util.Arrays.asList(args).subList(Math.min(2, args.length), args.length));
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(FederationGatewayApplication.class,
                StockRouteSecurity.class)
                .web(WebApplicationType.REACTIVE)
                .run(gatewayArgs.toArray(String[]::new));
        try {
            gateway.getBean(Discovery.class).syncAll().block(Duration.ofSeconds(30));
            int gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            String direct = "http://127.0.0.1:" + platform.port() + "/function/echo";
            String viaGateway = "http://127.0.0.1:" + gatewayPort + "/function/echo";
            String viaStockRoute = "http://127.0.0.1:" + gatewayPort + "/stock/function/echo";
            out.printf(Locale.ROOT, "POST /function/echo, 13-byte body, %d connections, %d s per phase (after a %d s "
                    + "warm-up), loopback, one JVM on %d cores%n", connections, seconds, seconds / 2,
                    Runtime.getRuntime().availableProcessors());
            run(direct, connections, Math.max(1, seconds / 2));
            Result base = run(direct, connections, seconds);
            run(viaStockRoute, connections, Math.max(1, seconds / 2));
            Result stock = run(viaStockRoute, connections, seconds);
            run(viaGateway, connections, Math.max(1, seconds / 2));
            Result federated = run(viaGateway, connections, seconds);
            out.println(base.line("direct to the platform (baseline)"));
            out.println(stock.line("stock Spring Cloud Gateway route"));
            out.println(federated.line("faasfed /function (resolve+forward)"));
            out.printf(Locale.ROOT, "faasfed / direct: %.2f of the requests per second; faasfed / stock route: %.2f%n",
                    federated.rps() / base.rps(), federated.rps() / stock.rps());
        } finally {
            gateway.close();
            platform.disposeNow();
        }
    }

    private static Result run(String url, int connections, int seconds) {
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(connections)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(pool).option(ChannelOption.TCP_NODELAY, true);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[] latencies = new long[4_000_000];
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        Flux.range(0, connections)
                .flatMap(worker -> Flux.<Integer>generate(sink -> {
                    if (System.nanoTime() < deadline) {
                        sink.next(worker);
                    } else {
                        sink.complete();
                    }
                }).concatMap(tick -> {
                    long sent = System.nanoTime();
                    return client.headers(headers -> headers.set("Authorization", "Bearer " + ADMIN_KEY))
                            .post().uri(url).send(reactor.netty.ByteBufFlux.fromString(Mono.just(
                                    "hello, world!")))
                            .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                                    .map(text -> response.status().code()))
                            .doOnNext(status -> {
                                if (status != 200) {
                                    errors.incrementAndGet();
                                }
                                int index = (int) count.getAndIncrement();
                                if (index < latencies.length) {
                                    latencies[index] = System.nanoTime() - sent;
                                }
                            })
                            .onErrorResume(error -> {
                                errors.incrementAndGet();
                                return Mono.empty();
                            });
                }, 0), connections)
                .blockLast(Duration.ofSeconds(seconds + 30L));
        long elapsed = System.nanoTime() - start;
        pool.disposeLater().block(Duration.ofSeconds(10));
        int n = (int) Math.min(count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(count.get(), errors.get(), elapsed, sorted);
    }

    private record Result(long requests, long errors, long elapsedNanos, long[] sortedLatencies) {

        double rps() {
            return requests / (elapsedNanos / 1e9);
        }

        double p50Micros() {
            return percentile(0.50);
        }

        double percentile(double p) {
            if (sortedLatencies.length == 0) {
                return Double.NaN;
            }
            return sortedLatencies[(int) Math.min(sortedLatencies.length - 1, p * sortedLatencies.length)] / 1e3;
        }

        String line(String label) {
            return String.format(Locale.ROOT, "%-34s %9.0f req/s  p50 %7.0f us  p99 %7.0f us  (%d requests, %d "
                    + "errors)", label, rps(), p50Micros(), percentile(0.99), requests, errors);
        }
    }
}
