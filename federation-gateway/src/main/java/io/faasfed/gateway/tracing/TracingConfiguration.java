package io.faasfed.gateway.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link CallTracing} of the invocation paths, on Boot's observation registry and Micrometer Tracing's
 * propagator (no span and no header when either is missing).
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    /** The spans and trace context headers of function calls. */
    @Bean
    CallTracing callTracing(ObjectProvider<ObservationRegistry> registry, ObjectProvider<Propagator> propagator) {
        ObservationRegistry observations = registry.getIfAvailable();
        Propagator headers = propagator.getIfAvailable();
        return observations == null || headers == null ? CallTracing.noop() : new CallTracing(observations, headers);
    }
}
