package io.faasfed.gateway.security;

import io.faasfed.gateway.calls.CallContext;
import io.faasfed.gateway.invoke.FunctionPath;
import io.faasfed.gateway.invoke.InvocationAccess;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.Placement;
import java.util.function.Predicate;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may call {@code /function/**}: a caller with the {@code invoke} role (its own tenant's functions, the
 * invocation path then resolves the name among those), and an anonymous caller only when the name resolves to a
 * function its owner made public ({@value Tenants#PUBLIC_LABEL}{@code =true}); every other anonymous call gets 401,
 * whether or not the name exists. It is also the invocation path's {@link InvocationAccess}.
 */
public final class InvocationAuthorization implements ReactiveAuthorizationManager<AuthorizationContext>,
        InvocationAccess {

    private final FederatedNamespace namespace;
    private final Tenants tenants;
    private final String prefix;
    private final String defaultNamespace;

    /**
     * The rule for the synchronous route under {@code prefix}.
     *
     * @param namespace        where names resolve
     * @param tenants          who owns what
     * @param prefix           the invocation prefix, e.g. {@code /function/}
     * @param defaultNamespace the OpenFaaS namespace that means the default scope
     */
    public InvocationAuthorization(FederatedNamespace namespace, Tenants tenants, String prefix,
                                   String defaultNamespace) {
        this.namespace = namespace;
        this.tenants = tenants;
        this.prefix = prefix;
        this.defaultNamespace = defaultNamespace;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        return authentication.map(Callers::of).defaultIfEmpty(Caller.anonymous()).flatMap(caller -> {
            if (!caller.isAnonymous()) {
                return Mono.just((AuthorizationResult) new AuthorizationDecision(caller.has(Role.INVOKE)));
            }
            return publicFunction(context.getExchange()).map(AuthorizationDecision::new);
        });
    }

    @Override
    public Mono<Predicate<Placement>> invocable(ServerWebExchange exchange, String scope) {
        return Callers.current().map(caller -> tenants.invocableBy(caller, scope));
    }

    @Override
    public Mono<String> tenant(ServerWebExchange exchange) {
        return Callers.current().map(caller -> caller.tenant() == null ? CallContext.NO_TENANT : caller.tenant());
    }

    private Mono<Boolean> publicFunction(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(prefix)) {
            return Mono.just(false);
        }
        FunctionPath function;
        try {
            function = FunctionPath.parse(exchange.getRequest().getURI().getRawPath(), prefix, defaultNamespace);
        } catch (RuntimeException unparsable) {
            return Mono.just(false);
        }
        return namespace.route(function.name(), function.scope(),
                        tenants.invocableBy(Caller.anonymous(), function.scope()))
                .map(route -> true)
                .onErrorResume(error -> Mono.just(false));
    }
}
