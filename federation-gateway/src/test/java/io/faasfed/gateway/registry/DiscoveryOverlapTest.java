package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Discovery passes that overlap and end out of order (the pass at start, the loop's, an operator's): the status shows
 * the newest pass's outcome, so an old failure that ends last cannot mark down a platform a newer pass found serving.
 */
class DiscoveryOverlapTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PlatformId ALPHA = PlatformId.of("alpha");

    @Test
    void anOlderPassThatFailsLastDoesNotOverwriteANewerSuccess() {
        Sinks.One<List<FunctionInfo>> first = Sinks.one();
        ConcurrentLinkedQueue<Mono<List<FunctionInfo>>> lists = new ConcurrentLinkedQueue<>(List.of(first.asMono(),
                Mono.just(List.of(FunctionInfo.builder("hello", ALPHA).build()))));
        FaasPlatform platform = mock(FaasPlatform.class);
        when(platform.id()).thenReturn(ALPHA);
        when(platform.list()).thenAnswer(call -> Flux.defer(() -> lists.poll().flatMapMany(Flux::fromIterable)));
        when(platform.probe()).thenAnswer(call -> Mono.just(PlatformHealth.up(ALPHA, Duration.ZERO, Map.of())));
        ConfiguredPlatform configured = new ConfiguredPlatform(platform, 10, null);
        InMemoryFunctionRegistry registry = new InMemoryFunctionRegistry();
        Discovery discovery = new Discovery(new PlatformDirectory(List.of(configured), null), registry,
                new FaasfedProperties.Discovery(), new SimpleMeterRegistry());

        Disposable older = discovery.sync(configured).subscribe();
        discovery.sync(configured).block(WAIT);
        assertThat(discovery.status(ALPHA).stale()).isFalse();
        first.tryEmitError(new FaasException.PlatformUnavailable(ALPHA, "answered 404 while starting", null));

        assertThat(older.isDisposed()).as("the older pass ended").isTrue();
        assertThat(discovery.status(ALPHA).stale()).as("stale after an older pass failed last").isFalse();
        assertThat(discovery.status(ALPHA).lastError()).isNull();
        assertThat(discovery.status(ALPHA).functionCount()).isEqualTo(1);
        assertThat(registry.lookupNow("hello")).singleElement()
                .satisfies(placement -> assertThat(placement.stale()).isFalse());

        // a newer pass's failure still counts
        lists.add(Mono.error(new FaasException.PlatformUnavailable(ALPHA, "down now", null)));
        discovery.sync(configured).block(WAIT);
        assertThat(discovery.status(ALPHA).stale()).isTrue();
        assertThat(discovery.status(ALPHA).lastError()).contains("down now");
    }
}
