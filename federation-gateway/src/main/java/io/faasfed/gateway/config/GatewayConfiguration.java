package io.faasfed.gateway.config;

import io.faasfed.adapter.http.Secrets;
import io.faasfed.gateway.error.ProblemWebExceptionHandler;
import io.faasfed.gateway.invoke.ForwardClients;
import io.faasfed.gateway.invoke.FunctionRoutingFilter;
import io.faasfed.gateway.calls.CallLogProperties;
import io.faasfed.gateway.calls.CallRecorder;
import io.faasfed.gateway.invoke.InvocationAccess;
import io.faasfed.gateway.invoke.InvocationMethodFilter;
import io.faasfed.gateway.invoke.InvocationMetrics;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.FunctionRegistry;
import io.faasfed.gateway.registry.InMemoryFunctionRegistry;
import io.faasfed.gateway.registry.LocalCopyFunctionRegistry;
import io.faasfed.gateway.registry.RedisAvailability;
import io.faasfed.gateway.registry.RedisFunctionRegistry;
import io.faasfed.gateway.registry.RegistryHealthIndicator;
import io.faasfed.gateway.tracing.CallTracing;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Wires the federated namespace: store, discovery, routing of /function, problems, metrics and health. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** The embedded default store. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    FunctionRegistry inMemoryFunctionRegistry() {
        return new InMemoryFunctionRegistry();
    }

    /**
     * The Redis connection with {@code store=redis}: bounded connect and command timeouts, commands refused at once
     * while it is down, and a shutdown that never waits for ever (see {@link RedisStoreConnection}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    RedisStoreConnection faasfedRedisConnection(FaasfedProperties properties) {
        return RedisStoreConnection.open(properties.getRedis());
    }

    /**
     * The registry in Redis, shared by every replica, behind this gateway's local copy: calls resolve from the copy
     * while Redis is away (up to faasfed.redis.local-copy.max-staleness), writes answer 503.
     */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    LocalCopyFunctionRegistry redisFunctionRegistry(RedisStoreConnection redisStore, JsonMapper json,
                                                    FaasfedProperties properties) {
        FaasfedProperties.Redis redis = properties.getRedis();
        StatefulRedisConnection<String, String> connection = redisStore.connection();
        RedisAvailability availability = new RedisAvailability(connection.reactive(), redisStore.description());
        return new LocalCopyFunctionRegistry(new RedisFunctionRegistry(connection.reactive(), json,
                redis.getKeyPrefix()), availability, redis.getLocalCopy().getRefreshInterval(),
                redis.getLocalCopy().getMaxStaleness(), Clock.systemUTC());
    }

    /** The {@code redis} entry of /actuator/health (in no probe group), with {@code store=redis}. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    RegistryHealthIndicator redisHealthIndicator(LocalCopyFunctionRegistry registry, FaasfedProperties properties) {
        return new RegistryHealthIndicator(registry, properties.getRedis().getCommandTimeout().plusSeconds(1));
    }

    /** Discovery over every platform. */
    @Bean
    Discovery discovery(PlatformDirectory directory, FunctionRegistry registry, FaasfedProperties properties,
                        MeterRegistry meters) {
        return new Discovery(directory, registry, properties.getDiscovery(), meters);
    }

    /** The one namespace. */
    @Bean
    FederatedNamespace federatedNamespace(PlatformDirectory directory, FunctionRegistry registry, Discovery discovery,
                                          FaasfedProperties properties, MeterRegistry meters) {
        URI publicUrl = properties.getPublicUrl();
        if (publicUrl != null && publicUrl.getRawUserInfo() != null) {
            throw new IllegalStateException("faasfed.public-url: " + Secrets.withoutUserInfo(publicUrl)
                    + " (expected: a URL without user:password@; every function gets it as "
                    + FederatedNamespace.GATEWAY_URL_ENV + ")");
        }
        FederatedNamespace namespace = new FederatedNamespace(directory, registry, discovery, publicUrl);
        AtomicLong size = new AtomicLong();
        Gauge.builder("faasfed.registry.size", size, value -> {
            registry.size().subscribe(size::set, error -> { });
            return value.get();
        }).description("Function names in the federated namespace").register(meters);
        return namespace;
    }

    /** Invocation metrics. */
    @Bean
    InvocationMetrics invocationMetrics(MeterRegistry meters) {
        return new InvocationMetrics(meters);
    }

    /**
     * Each platform's pooled client for forwarded calls: the adapter's own pool (so one pool per platform on both
     * invocation paths), closed with the context.
     */
    @Bean
    ForwardClients forwardClients(PlatformDirectory directory, FaasfedProperties properties) {
        return new ForwardClients(directory, properties.getInvoke().getTimeout());
    }

    /** The filter behind /function. */
    @Bean
    FunctionRoutingFilter functionRoutingFilter(FederatedNamespace namespace, InvocationMetrics metrics,
                                                ForwardClients clients, FaasfedProperties properties,
                                                InvocationAccess access, CallTracing tracing,
                                                CallRecorder recorder, CallLogProperties calls) {
        return new FunctionRoutingFilter(namespace, metrics, clients, "/function/",
                properties.getCompat().getDefaultNamespace(), properties.getInvoke().getMaxBodySize().toBytes(),
                properties.getInvoke().getTimeout(), access, tracing,
                calls.isRecordSync() ? recorder : CallRecorder.NONE);
    }

    /** CONNECT and TRACE never reach a platform: 405 on /function and /async-function. */
    @Bean
    InvocationMethodFilter invocationMethodFilter() {
        return new InvocationMethodFilter();
    }

    /** The route of the unified endpoint: one route, whatever the number of functions. */
    @Bean
    RouteLocator federationRoutes(RouteLocatorBuilder builder, FunctionRoutingFilter filter,
                                  FaasfedProperties properties) {
        return builder.routes()
                .route("faasfed-function", route -> route.path("/function/**")
                        .filters(filters -> filters.filter(filter))
                        .uri("http://faasfed.invalid"))
                .build();
    }

    /**
     * The server's limits on incoming requests ({@code faasfed.server.*}): idle connections and unfinished headers
     * are closed after the idle timeout, a body that pauses longer than the read timeout or takes longer than the
     * request timeout in all is cut, a request line or header section over its size is answered 414 or 431 and its
     * connection closed. These win over Spring Boot's {@code server.max-http-request-header-size} and
     * {@code server.netty.max-initial-line-length}.
     */
    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> faasfedServerLimits(FaasfedProperties properties) {
        FaasfedProperties.Server limits = properties.getServer();
        requirePositive("faasfed.server.idle-timeout", limits.getIdleTimeout());
        requirePositive("faasfed.server.read-timeout", limits.getReadTimeout());
        requirePositive("faasfed.server.request-timeout", limits.getRequestTimeout());
        int maxHeaderSize = bytes("faasfed.server.max-header-size", limits.getMaxHeaderSize());
        int maxInitialLineLength = bytes("faasfed.server.max-initial-line-length", limits.getMaxInitialLineLength());
        return factory -> factory.addServerCustomizers(server -> server.idleTimeout(limits.getIdleTimeout())
                .readTimeout(limits.getReadTimeout())
                .requestTimeout(limits.getRequestTimeout())
                .httpRequestDecoder(decoder -> decoder.maxHeaderSize(maxHeaderSize)
                        .maxInitialLineLength(maxInitialLineLength)));
    }

    private static int bytes(String property, DataSize value) {
        if (value == null || value.toBytes() < 1024 || value.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalStateException(property + ": " + value + " (expected: a size from 1KB to 2GB, e.g. "
                    + "16KB)");
        }
        return (int) value.toBytes();
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalStateException(property + ": " + value + " (expected: a duration > 0, e.g. 30s)");
        }
    }

    /** Problems for every failure. */
    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(JsonMapper json) {
        return new ProblemWebExceptionHandler(json);
    }

    /** One health entry per platform, from a live probe. */
    @Bean
    CompositeReactiveHealthContributor platformsHealthContributor(PlatformDirectory directory) {
        Map<String, ReactiveHealthIndicator> indicators = new LinkedHashMap<>();
        for (ConfiguredPlatform platform : directory.all()) {
            indicators.put(platform.id().value(), () -> platform.platform().probe()
                    .timeout(Duration.ofSeconds(10))
                    .map(health -> {
                        Health.Builder builder = health.isServing() ? Health.up() : Health.down();
                        if (health.status() == io.faasfed.adapter.api.PlatformHealth.Status.DEGRADED) {
                            builder.status("DEGRADED");
                        }
                        return builder.withDetail("type", platform.type().configName())
                                .withDetail("detail", health.detail())
                                .withDetail("latencyMs", health.latency().toMillis())
                                .withDetails(health.info()).build();
                    })
                    .onErrorResume(error -> Mono.just(Health.down().withDetail("detail", error.getMessage())
                            .build())));
        }
        return CompositeReactiveHealthContributor.fromMap(indicators);
    }
}
