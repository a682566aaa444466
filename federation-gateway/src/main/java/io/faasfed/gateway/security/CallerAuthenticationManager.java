package io.faasfed.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns a request's {@link Credentials} into a {@link CallerAuthentication}: an API key checked by the
 * {@link ApiKeyService}, or a JWT checked by the decoder (signature against the JWK set, expiry, issuer, audience) whose
 * claims name a configured tenant and roles. Anything else fails with one message that says nothing about why, so that
 * a caller cannot tell an unknown key from a wrong secret.
 */
public final class CallerAuthenticationManager implements ReactiveAuthenticationManager,
        ServerAuthenticationConverter {

    private static final String REFUSED = "the credentials are not valid";

    private final ApiKeyService keys;
    private final Tenants tenants;
    private final ReactiveJwtDecoder jwt;
    private final SecurityProperties.Jwt jwtSettings;

    /** The manager; {@code jwt} is null when JWT bearer tokens are not accepted. */
    public CallerAuthenticationManager(ApiKeyService keys, Tenants tenants, ReactiveJwtDecoder jwt,
                                       SecurityProperties.Jwt jwtSettings) {
        this.keys = keys;
        this.tenants = tenants;
        this.jwt = jwt;
        this.jwtSettings = jwtSettings;
    }

    /** The request's credentials, still to be checked; empty (anonymous) when it carries none. */
    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        Credentials credentials = Credentials.of(exchange.getRequest());
        return credentials.kind() == Credentials.Kind.NONE ? Mono.empty()
                : Mono.just(new Unchecked(credentials));
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof Unchecked unchecked)) {
            return Mono.error(new BadCredentialsException(REFUSED));
        }
        Credentials credentials = unchecked.credentials;
        Mono<Authentication> checked = switch (credentials.kind()) {
            case API_KEY -> keys.authenticate(credentials.key()).map(caller -> keys.isScrapeKey(caller.keyId())
                    ? new CallerAuthentication(caller, ApiKeyService.SCRAPE_AUTHORITY)
                    : new CallerAuthentication(caller));
            case JWT -> jwt == null ? Mono.empty() : jwt.decode(credentials.token())
                    .onErrorMap(JwtException.class, invalid -> new BadCredentialsException(REFUSED))
                    .flatMap(token -> Mono.justOrEmpty(callerOf(token)))
                    .map(CallerAuthentication::new);
            default -> Mono.empty();
        };
        return checked.switchIfEmpty(Mono.error(() -> new BadCredentialsException(REFUSED)));
    }

    private Caller callerOf(Jwt token) {
        String tenant = token.getClaimAsString(jwtSettings.getTenantClaim());
        String subject = token.getSubject();
        if (subject == null || !tenants.exists(tenant)) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : roleNames(token.getClaims().get(jwtSettings.getRolesClaim()))) {
            try {
                roles.add(Role.of(name));
            } catch (IllegalArgumentException notOurs) {
                // an identity provider's other roles (e.g. openid) mean nothing here
            }
        }
        if (!tenants.operatorTenant().equals(tenant)) {
            // admin acts in every tenant: an identity provider grants it only within the operator's tenant
            roles.remove(Role.ADMIN);
        }
        return new Caller("jwt:" + subject, tenant, roles);
    }

    private static List<String> roleNames(Object claim) {
        List<String> names = new ArrayList<>();
        if (claim instanceof String text) {
            for (String part : text.trim().split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    names.add(part);
                }
            }
        } else if (claim instanceof Collection<?> list) {
            list.forEach(item -> names.add(String.valueOf(item)));
        }
        return names;
    }

    /** Credentials read from a request, not yet checked. */
    private static final class Unchecked extends AbstractAuthenticationToken {
        private static final long serialVersionUID = 1L;

        private final transient Credentials credentials;

        Unchecked(Credentials credentials) {
            super(AuthorityUtils.NO_AUTHORITIES);
            this.credentials = credentials;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return credentials.key() == null ? "token" : credentials.key().id();
        }
    }
}
