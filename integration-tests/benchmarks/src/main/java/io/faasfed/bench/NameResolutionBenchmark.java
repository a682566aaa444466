package io.faasfed.bench;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.InMemoryFunctionRegistry;
import io.faasfed.gateway.registry.Placement;
import io.faasfed.testkit.InMemoryPlatform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the gateway takes to turn a function name into the placement that serves it, with 10 and with 10,000
 * functions in the namespace (spread over three platforms, every tenth name on two of them so the placement policy
 * has a collision to order). The baseline, {@code baselineMapGet}, is a bare {@link ConcurrentHashMap#get} over the
 * same names in the same run: resolution should stay a constant factor above it, whatever the size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NameResolutionBenchmark {

    private static final Duration SETUP_WAIT = Duration.ofSeconds(5);

    /** How many names the namespace holds. */
    @Param({"10", "10000"})
    public int functions;

    private FederatedNamespace namespace;
    private ConcurrentHashMap<String, Object> baseline;
    private String[] names;
    private int next;

    /** Fills the namespace. */
    @Setup(Level.Trial)
    public void fill() {
        // Empty platforms: the registry below holds the placements, the benchmark only routes to the platforms.
        List<ConfiguredPlatform> platforms = List.of(
                new ConfiguredPlatform(new InMemoryPlatform("openfaas"), 10, null),
                new ConfiguredPlatform(new InMemoryPlatform("fn"), 20, null),
                new ConfiguredPlatform(new InMemoryPlatform("openwhisk"), 30, null));
        PlatformDirectory directory = new PlatformDirectory(platforms, null);
        InMemoryFunctionRegistry registry = new InMemoryFunctionRegistry();
        baseline = new ConcurrentHashMap<>();
        names = new String[functions];
        for (int i = 0; i < functions; i++) {
            String name = "function-" + i;
            names[i] = name;
            PlatformId platform = platforms.get(i % 3).id();
            Placement placement = Placement.of(FunctionInfo.builder(name, platform).image("img:" + i).build());
            registry.put(placement).block(SETUP_WAIT);
            if (i % 10 == 0) {
                PlatformId second = platforms.get((i + 1) % 3).id();
                registry.put(Placement.of(FunctionInfo.builder(name, second).image("img:" + i).build())).block(SETUP_WAIT);
            }
            baseline.put(name, placement);
        }
        FaasfedProperties.Discovery settings = new FaasfedProperties.Discovery();
        settings.setRefreshOnMiss(false);
        Discovery discovery = new Discovery(directory, registry, settings, new SimpleMeterRegistry());
        namespace = new FederatedNamespace(directory, registry, discovery, null);
    }

    private String nextName() {
        int index = next++;
        if (next == names.length) {
            next = 0;
        }
        return names[index];
    }

    /** The baseline: one concurrent map get. */
    @Benchmark
    public Object baselineMapGet() {
        return baseline.get(nextName());
    }

    /** The gateway's resolution of a name to its serving placement and platform. */
    @Benchmark
    public FederatedNamespace.Route resolve() {
        // A known name resolves synchronously (Mono.just), so this measures resolution, not scheduling.
        return namespace.route(nextName(), null).block(SETUP_WAIT);
    }
}
