package io.faasfed.gateway.composition.runtime;

import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.calls.CallLogProperties;
import io.faasfed.gateway.calls.CallRecorder;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.security.SecurityProperties;
import io.faasfed.gateway.security.Tenants;
import io.faasfed.gateway.tracing.CallTracing;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires compositions, unless {@code faasfed.compositions.enabled=false}: their store, and the platform that makes
 * them functions of the namespace (it joins the platform directory as a {@code FaasPlatform} bean).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CompositionProperties.class)
@ConditionalOnProperty(prefix = CompositionProperties.PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
public class CompositionConfiguration {

    /** The embedded default: in this process only. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    CompositionStore inMemoryCompositionStore(CompositionProperties properties) {
        return new InMemoryCompositionStore(Clock.systemUTC(), properties.getMaxRunsInMemory());
    }

    /** Shared by every replica. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    CompositionStore redisCompositionStore(RedisStoreConnection redis, JsonMapper json, FaasfedProperties gateway) {
        return new RedisCompositionStore(redis.connection().reactive(), json, gateway.getRedis().getKeyPrefix());
    }

    /**
     * The compositions platform. Its runs call functions through the namespace as their composition's tenant; the
     * namespace and tenants are looked up at run time, since both are built from the platform directory this
     * platform joins.
     */
    @Bean
    CompositionPlatform compositionPlatform(CompositionStore store, CompositionProperties properties,
                                            SecurityProperties security, FaasfedProperties gateway, JsonMapper json,
                                            ObjectProvider<FederatedNamespace> namespace,
                                            ObjectProvider<Tenants> tenants, ObjectProvider<CallTracing> tracing,
                                            ObjectProvider<CallRecorder> recorder,
                                            ObjectProvider<CallLogProperties> calls) {
        CallTracing traces = tracing.getIfAvailable(CallTracing::noop);
        CallLogProperties callLog = calls.getIfAvailable();
        CallRecorder steps = callLog == null || !callLog.isRecordSync() ? CallRecorder.NONE
                : recorder.getIfAvailable(() -> CallRecorder.NONE);
        return new CompositionPlatform(PlatformId.of(properties.getPlatformId()), store, security.getOperatorTenant(),
                tenant -> (runId, depth, caller, span) -> new NamespaceStepInvoker(namespace.getObject(),
                        tenants.getObject().visibleTo(CompositionsController.ownerCaller(tenant)), runId, depth,
                        caller, traces, span, gateway.getInvoke().getTimeout(),
                        properties.getMaxStepOutputSize().toBytes(), json)
                        .recordingWith(steps, tenant),
                properties, json, Clock.systemUTC(), traces);
    }
}
