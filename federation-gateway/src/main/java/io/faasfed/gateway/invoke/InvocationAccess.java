package io.faasfed.gateway.invoke;

import io.faasfed.gateway.registry.Placement;
import java.util.function.Predicate;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Which placements the caller of an invocation may reach: the security layer's answer (its tenant's functions, or
 * public ones for an anonymous caller), asked by the invocation path before it resolves a name, so that a function
 * the caller may not reach is the same 404 as a function that does not exist.
 */
@FunctionalInterface
public interface InvocationAccess {

    /** Everything: for a gateway without tenants (tests of the invocation path alone). */
    InvocationAccess ALL = (exchange, scope) -> Mono.just(placement -> true);

    /** The placements the caller of {@code exchange} may invoke as a name in {@code scope} (null: no scope given). */
    Mono<Predicate<Placement>> invocable(ServerWebExchange exchange, String scope);

    /**
     * The tenant the caller of {@code exchange} acts in, for the call log; {@code "-"} for an anonymous caller and for
     * a gateway without tenants.
     */
    default Mono<String> tenant(ServerWebExchange exchange) {
        return Mono.just(io.faasfed.gateway.calls.CallContext.NO_TENANT);
    }
}
