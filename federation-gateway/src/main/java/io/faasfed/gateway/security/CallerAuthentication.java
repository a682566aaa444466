package io.faasfed.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link Caller}: its roles as authorities ({@code ROLE_INVOKE}, ...), never its secret. */
public final class CallerAuthentication extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    private final transient Caller caller;

    /** {@code caller}, authenticated; {@code extra} authorities (e.g. the scrape credential's) beside its roles. */
    public CallerAuthentication(Caller caller, String... extra) {
        super(authorities(caller, extra));
        this.caller = caller;
        setAuthenticated(true);
    }

    private static Collection<GrantedAuthority> authorities(Caller caller, String... extra) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role role : Role.values()) {
            if (caller.has(role)) {
                authorities.add(new SimpleGrantedAuthority(role.authority()));
            }
        }
        for (String authority : extra) {
            authorities.add(new SimpleGrantedAuthority(authority));
        }
        return authorities;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.toString();
    }
}
