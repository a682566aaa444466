package io.faasfed.gateway.async;

import io.faasfed.gateway.async.callback.CallbackGuard;
import io.faasfed.gateway.async.callback.CallbackPolicy;
import io.faasfed.gateway.async.callback.CallbackSender;
import io.faasfed.gateway.async.callback.HostResolver;
import io.faasfed.gateway.calls.CallRecorder;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.gateway.invoke.InvocationAccess;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.tracing.CallTracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/** Wires asynchronous calls: the store, the callback guard and sender, the submit route and this replica's worker. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AsyncProperties.class)
public class AsyncConfiguration {

    /** The embedded default: in this process only, lost on restart (see docs/async.md). */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    AsyncStore inMemoryAsyncStore() {
        return new InMemoryAsyncStore(Clock.systemUTC());
    }

    /** The queue shared by every replica: a Redis stream with one consumer group. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    AsyncStore redisAsyncStore(RedisStoreConnection redis, JsonMapper json, FaasfedProperties properties) {
        return new RedisAsyncStore(redis.connection().reactive(), redis.openDedicatedConnection().reactive(), json,
                properties.getRedis().getKeyPrefix(), Clock.systemUTC());
    }

    /** The async metrics. */
    @Bean
    AsyncMetrics asyncMetrics(MeterRegistry meters) {
        return new AsyncMetrics(meters);
    }

    /**
     * Reads the shared queue's size every few seconds, on every replica (with or without a worker), for the metrics
     * and the submit route's {@code max-queued} check.
     */
    @Bean(destroyMethod = "dispose")
    reactor.core.Disposable asyncQueueWatch(AsyncStore store, AsyncMetrics metrics) {
        return Timers.every(java.time.Duration.ofSeconds(5), "reading the queue's size",
                () -> store.stats().doOnNext(metrics::stats).then());
    }

    /** The SSRF guard of callback URLs. */
    @Bean
    CallbackGuard callbackGuard(AsyncProperties properties) {
        AsyncProperties.Callback callback = properties.getCallback();
        return new CallbackGuard(new CallbackPolicy(List.copyOf(callback.getAllowedHosts()),
                List.copyOf(callback.getAllowedNetworks()), List.copyOf(callback.getRefusedNetworks()),
                java.util.Set.copyOf(callback.getSchemes()), callback.getTimeout()), HostResolver.system());
    }

    /** Delivers callbacks to the address the guard pinned. */
    @Bean(destroyMethod = "close")
    CallbackSender callbackSender(CallbackGuard guard, AsyncProperties properties) {
        return new CallbackSender(guard, properties.getCallback().getTimeout());
    }

    /** Submits: {@code /async-function/**}. */
    @Bean
    AsyncSubmitHandler asyncSubmitHandler(FederatedNamespace namespace, InvocationAccess access, AsyncStore store,
                                          CallbackGuard guard, AsyncProperties properties, AsyncMetrics metrics,
                                          FaasfedProperties gateway, CallTracing tracing,
                                          CallRecorder recorder) {
        return new AsyncSubmitHandler(namespace, access, store, guard, properties, metrics,
                gateway.getCompat().getDefaultNamespace(), gateway.getInvoke().getMaxBodySize().toBytes(),
                Clock.systemUTC(), tracing, recorder);
    }

    /** The route of submits. */
    @Bean
    RouterFunction<ServerResponse> asyncFunctionRoute(AsyncSubmitHandler handler) {
        return RouterFunctions.route(RequestPredicates.path("/async-function/**"), handler::submit);
    }

    /** This replica's worker, unless {@code faasfed.async.worker=false}. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = AsyncProperties.PREFIX, name = "worker", havingValue = "true",
            matchIfMissing = true)
    AsyncWorker asyncWorker(AsyncStore store, PlatformDirectory directory, CallbackSender callbacks,
                            AsyncProperties properties, AsyncMetrics metrics, CallTracing tracing) {
        CallExecutor executor = new CallExecutor(directory, properties.getRetryStatuses(),
                properties.getMaxResultSize().toBytes(), tracing);
        return new AsyncWorker(store, executor, callbacks, properties, metrics,
                new Backoffs(properties.getBackoff(), () -> ThreadLocalRandom.current().nextDouble()),
                new Backoffs(properties.getCallback().getBackoff(), () -> ThreadLocalRandom.current().nextDouble()),
                Clock.systemUTC(), consumerName(properties));
    }

    /** The configured consumer name, else host name, process id and a random part (unique per start). */
    static String consumerName(AsyncProperties properties) {
        String configured = properties.getConsumerName();
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "gateway";
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return (host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random))
                .toLowerCase(Locale.ROOT);
    }
}
