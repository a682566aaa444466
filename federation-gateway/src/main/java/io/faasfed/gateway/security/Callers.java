package io.faasfed.gateway.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/** The {@link Caller} of the current request, from the reactive security context. */
public final class Callers {

    private Callers() {
    }

    /** The authenticated caller of this request; {@link Caller#anonymous()} when there is none. */
    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .map(Callers::of)
                .defaultIfEmpty(Caller.anonymous());
    }

    /** The caller an authentication stands for; anonymous for anything that is not one of ours. */
    public static Caller of(Authentication authentication) {
        if (authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        return Caller.anonymous();
    }
}
