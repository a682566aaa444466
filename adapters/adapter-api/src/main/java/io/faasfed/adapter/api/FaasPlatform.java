package io.faasfed.adapter.api;

import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One configured FaaS platform instance, seen through the operations every platform has. Adapters implement this
 * interface once per platform type; the gateway talks to platforms only through it.
 *
 * <p>Every method is non-blocking. Errors are signalled through the returned publisher as one of the
 * {@link FaasException} family, never thrown directly.
 */
public interface FaasPlatform {

    /** The configured instance's id, e.g. {@code openfaas-lon}. */
    PlatformId id();

    /** The kind of platform. */
    PlatformType type();

    /**
     * Every function the platform hosts in the scope(s) it is configured to cover; a function in the default scope
     * has a null {@link FunctionInfo#scope()}.
     */
    Flux<FunctionInfo> list();

    /**
     * The platform's own name for its default scope (OpenFaaS: the configured namespace; OpenWhisk: the namespace,
     * e.g. {@code guest}; Fn: the default app); null when it has none. A reference whose scope is this name means
     * the default scope, as a null scope does.
     */
    default String defaultScope() {
        return null;
    }

    /**
     * One function, in the reference's scope (by its backend id where the platform has one);
     * {@link FaasException.FunctionNotFound} when it does not exist.
     */
    Mono<FunctionInfo> get(FunctionRef ref);

    /** Creates the function or updates it to match {@code spec} (idempotent); emits what the platform reports. */
    Mono<FunctionInfo> deploy(FunctionSpec spec);

    /**
     * Removes exactly the function the reference names (never a same-named one in another scope);
     * {@link FaasException.FunctionNotFound} when it does not exist.
     */
    Mono<Void> delete(FunctionRef ref);

    /**
     * Calls the function {@link Invocation#ref()} names (its scope and backend id included) synchronously and emits its answer once the status and headers are known; the body
     * streams. A 1xx-4xx status of the function's own is a normal result. A failure of the function itself (a 5xx it
     * answered, or a failure the platform reports in its own envelope, such as an OpenWhisk application error) is
     * {@link FaasException.FunctionFailed} carrying the status, headers and a bounded copy of the body; the platform's
     * own failures are {@link FaasException.PlatformUnavailable}, {@link FaasException.Timeout} or
     * {@link FaasException.RateLimited}; an unknown function is {@link FaasException.FunctionNotFound}.
     */
    Mono<Invocation.Result> invoke(Invocation request);

    /**
     * Queues the call on the platform's own asynchronous mechanism; {@link FaasException.UnsupportedCapability}
     * where there is none ({@link Capability#ASYNC_INVOKE} tells).
     */
    Mono<AsyncAccepted> invokeAsync(Invocation request);

    /**
     * The result of an asynchronous call accepted earlier, by its call id: empty while it is still running (or not
     * known yet); {@link FaasException.UnsupportedCapability} where results cannot be fetched
     * ({@link Capability#ASYNC_RESULT_LOOKUP} tells).
     */
    default Mono<Invocation.Result> asyncResult(String callId) {
        return Mono.error(new FaasException.UnsupportedCapability(id(), Capability.ASYNC_RESULT_LOOKUP,
                "this platform does not keep asynchronous results"));
    }

    /**
     * Sets the replica count of the function the reference names; {@link FaasException.UnsupportedCapability} where
     * the platform cannot scale.
     */
    Mono<Void> scale(FunctionRef ref, int replicas);

    /** Checks that the platform answers and accepts our credentials; never errors, reports DOWN instead. */
    Mono<PlatformHealth> probe();

    /** What this platform can do beyond the common operations. */
    Set<Capability> capabilities();

    /**
     * How to reach the function the reference names with a plain HTTP forward, when the platform's invocation of it
     * is one; empty when the call needs translation and must go through {@link #invoke(Invocation)}.
     */
    default Mono<ForwardTarget> forwardTarget(FunctionRef ref) {
        return Mono.empty();
    }
}
