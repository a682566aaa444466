package io.faasfed.gateway.tracing;

import static java.util.Objects.requireNonNull;

import io.faasfed.adapter.api.Headers;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The spans of function calls and the W3C trace context they carry to the platforms.
 *
 * <p>Every call the gateway makes to a platform gets a client span, {@code invoke <function>}, whose parent is the
 * span of the work that made it: the server span of the HTTP exchange (Spring's WebFlux server observation, which
 * itself continues a caller's {@code traceparent}), or a span continued from a stored trace context for work that
 * runs later or elsewhere (an asynchronous call's attempt, a composition's step; see {@link #continueTrace}). The
 * call's outgoing headers ({@code traceparent}, and {@code tracestate} when the trace has one) are written by
 * Micrometer Tracing's propagator into a {@link SenderContext}'s carrier, never built by hand, so the platform
 * (and Jaeger or Tempo behind it) sees the gateway's span as the function's parent.
 *
 * <p>Observations are named {@value #CALL_OBSERVATION} and {@value #JOB_OBSERVATION}; only the platform (and the
 * job's kind) is a low-cardinality key value, so the timers the metrics handler derives from them have one series per
 * platform, never one per function. The function and the call id are high-cardinality key values: span attributes
 * only.
 */
public final class CallTracing {

    /** The name of the observation of one call to a platform (its metrics are timers of this name). */
    public static final String CALL_OBSERVATION = "faasfed.call";
    /** The name of the observation of work continued from a stored trace context. */
    public static final String JOB_OBSERVATION = "faasfed.job";
    /** The platform that serves a call (low cardinality: span attribute and metric tag). */
    public static final String PLATFORM_KEY = "faasfed.platform";
    /** The function's name as the caller gave it (high cardinality: span attribute only). */
    public static final String FUNCTION_KEY = "faasfed.function";
    /** The call's id, {@code X-Call-Id} (high cardinality: span attribute only). */
    public static final String CALL_ID_KEY = "faasfed.call_id";
    /** What kind of continued work a job span is, e.g. {@code async} (low cardinality). */
    public static final String JOB_KIND_KEY = "faasfed.job.kind";
    /** The W3C trace context header. */
    public static final String TRACEPARENT = "traceparent";

    private static final CallTracing NOOP = new CallTracing(ObservationRegistry.NOOP, Propagator.NOOP);

    private final ObservationRegistry registry;
    private final Propagator propagator;
    private final Set<String> fields;

    /**
     * @param registry   where observations are made; its tracing handlers turn them into spans
     * @param propagator writes and reads the trace context headers (W3C by default)
     */
    public CallTracing(ObservationRegistry registry, Propagator propagator) {
        this.registry = requireNonNull(registry, "registry");
        this.propagator = requireNonNull(propagator, "propagator");
        this.fields = propagator.fields().stream().map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Tracing that makes no span and writes no header (tests and tools without an observation registry). */
    public static CallTracing noop() {
        return NOOP;
    }

    /**
     * The observation context of the HTTP exchange being served (Spring WebFlux's server observation, which holds
     * its span), the parent of the calls made for it; null when the exchange is not observed. The exchange's own
     * observation is the parent even when other observations (Spring Security's) wrap the handler.
     */
    public Observation.ContextView server(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes()).orElse(null);
    }

    /**
     * Starts the client span of one call to a platform. The caller must {@link Call#end() end} it exactly once.
     *
     * @param parent   the observation the call belongs to, e.g. {@link #server} or {@link Observation#getContext()}
     *                 of a {@link #continueTrace continued trace} (null: the current observation, if any, else a new
     *                 trace)
     * @param platform the platform's id
     * @param function the function's name
     * @param callId   the call's id
     */
    public Call startCall(Observation.ContextView parent, String platform, String function, String callId) {
        SenderContext<Map<String, String>> context = new SenderContext<>(Map::put, Kind.CLIENT);
        context.setCarrier(new HashMap<>(4));
        context.setRemoteServiceName(platform);
        Observation observation = Observation.createNotStarted(CALL_OBSERVATION, () -> context, registry)
                .contextualName("invoke " + function)
                .lowCardinalityKeyValue(PLATFORM_KEY, platform)
                .highCardinalityKeyValue(FUNCTION_KEY, function)
                .highCardinalityKeyValue(CALL_ID_KEY, callId == null ? "" : callId);
        if (parent != null) {
            context.setParentObservation(() -> parent);
        }
        observation.start();
        return new Call(observation, context.getCarrier(), fields);
    }

    /**
     * {@code call} inside a client span: the span starts when the returned Mono is subscribed to, and ends when it
     * completes, fails (the error is recorded) or is cancelled.
     *
     * @see #startCall
     */
    public <T> Mono<T> traceCall(Observation.ContextView parent, String platform, String function, String callId,
                                 Function<Call, Mono<T>> call) {
        return Mono.defer(() -> {
            Call span = startCall(parent, platform, function, callId);
            Mono<T> made;
            try {
                made = call.apply(span);
            } catch (RuntimeException e) {
                made = Mono.error(e);
            }
            return made.doOnError(span::error).doFinally(signal -> span.end());
        });
    }

    /**
     * Continues the trace of a stored context (as {@link #propagation} wrote it) with a started span
     * {@code contextualName} of kind consumer, the parent of the calls the continued work makes. A context without
     * a valid {@code traceparent} starts a new trace. The caller must stop the observation exactly once.
     *
     * @param kind           what the work is, e.g. {@code async} or {@code composition} (low cardinality)
     * @param contextualName the span's name, e.g. {@code async attempt resize}
     * @param stored         the stored trace context headers (names in any case)
     * @param keyValues      high-cardinality attributes of the span (e.g. the call id)
     */
    public Observation continueTrace(String kind, String contextualName, Map<String, String> stored,
                                     KeyValue... keyValues) {
        ReceiverContext<Map<String, String>> context = new ReceiverContext<>(CallTracing::lookup, Kind.CONSUMER);
        context.setCarrier(stored == null ? Map.of() : stored);
        Observation observation = Observation.createNotStarted(JOB_OBSERVATION, () -> context, registry)
                .contextualName(contextualName)
                .lowCardinalityKeyValue(JOB_KIND_KEY, kind);
        for (KeyValue keyValue : keyValues) {
            observation.highCardinalityKeyValue(keyValue);
        }
        return observation.start();
    }

    /**
     * The trace context headers that make {@code observation}'s span the parent of work done later (to be stored
     * with the work and handed to {@link #continueTrace}); empty when it has no span.
     */
    public Map<String, String> propagation(Observation.ContextView observation) {
        Span span = span(observation);
        if (span == null) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>(4);
        propagator.inject(span.context(), headers, Map::put);
        return Map.copyOf(headers);
    }

    /** The trace id of {@code observation}'s span (32 hex digits); null when it has none. */
    public String traceId(Observation.ContextView observation) {
        Span span = span(observation);
        return span == null ? null : span.context().traceId();
    }

    /** The trace id of the exchange's server span; null when it is not traced. */
    public String traceId(ServerWebExchange exchange) {
        return traceId(server(exchange));
    }

    /**
     * Whether {@code name} is a trace context header (any propagation format the gateway reads or writes): a
     * caller's value is never passed on in place of the gateway's own span.
     */
    public boolean isPropagationHeader(String name) {
        return fields.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The trace context headers among {@code headers} (names compared without case; the first value of each), for
     * {@link #continueTrace}.
     */
    public Map<String, String> propagationOf(Map<String, ? extends Collection<String>> headers) {
        Map<String, String> found = new HashMap<>(4);
        headers.forEach((name, values) -> {
            if (isPropagationHeader(name) && values != null && !values.isEmpty()) {
                found.put(name.toLowerCase(Locale.ROOT), values.iterator().next());
            }
        });
        return found;
    }

    private static Span span(Observation.ContextView observation) {
        if (observation == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = observation.get(
                TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }

    private static String lookup(Map<String, String> carrier, String key) {
        String value = carrier.get(key);
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> entry : carrier.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * The client span of one call and the headers that carry it to the platform.
     */
    public static final class Call {
        private final Observation observation;
        private final Map<String, String> headers;
        private final Set<String> fields;

        Call(Observation observation, Map<String, String> headers, Set<String> fields) {
            this.observation = observation;
            this.headers = headers;
            this.fields = fields;
        }

        /**
         * The trace context headers to send with the call ({@code traceparent}, {@code tracestate} when the trace
         * has state); empty when tracing is off.
         */
        public Map<String, String> headers() {
            return headers;
        }

        /**
         * Whether the call's own trace context replaces a header named {@code name} the caller sent: true for every
         * trace context header when the gateway has a span to send instead, false when tracing is off (the caller's
         * context then passes through).
         */
        public boolean replaces(String name) {
            return !headers.isEmpty() && fields.contains(name.toLowerCase(Locale.ROOT));
        }

        /** {@code headers} with the call's trace context in place of any the caller sent. */
        public Headers applyTo(Headers headers) {
            if (this.headers.isEmpty()) {
                return headers;
            }
            Headers.Builder builder = headers.filter(name -> !replaces(name)).toBuilder();
            this.headers.forEach(builder::set);
            return builder.build();
        }

        /** The span's trace id; null when tracing is off. */
        public String traceId() {
            Span span = span(observation.getContextView());
            return span == null ? null : span.context().traceId();
        }

        /** Records that the call failed. */
        public void error(Throwable error) {
            observation.error(error);
        }

        /** Ends the span. */
        public void end() {
            observation.stop();
        }
    }
}
