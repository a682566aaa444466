package io.faasfed.gateway.security;

import io.faasfed.gateway.error.BadRequest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Issues, rotates, revokes and checks API keys. The operator's key (and the optional scrape credential) come from
 * configuration and are checked in memory; every other key lives in the {@link ApiKeyStore}. A secret is shown once,
 * when it is made, and never again.
 */
public final class ApiKeyService {

    /** The authority of the scrape credential: {@code /actuator/prometheus} only. */
    public static final String SCRAPE_AUTHORITY = "SCRAPE";

    private final ApiKeyStore store;
    private final Tenants tenants;
    private final ConfiguredKey admin;
    private final ConfiguredKey scrape;
    private final Clock clock;

    /**
     * The service over {@code store}.
     *
     * @param store    where issued keys live
     * @param tenants  the configured tenants
     * @param admin    the operator's key
     * @param scrape   the scrape credential, or null
     * @param clock    the clock of creation and rotation times
     */
    public ApiKeyService(ApiKeyStore store, Tenants tenants, ApiKeyToken admin, ApiKeyToken scrape, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.admin = ConfiguredKey.of(admin);
        this.scrape = scrape == null ? null : ConfiguredKey.of(scrape);
        this.clock = clock;
        if (scrape != null && scrape.id().equals(admin.id())) {
            throw new IllegalStateException("faasfed.security.metrics-key: has the admin key's id '" + admin.id()
                    + "' (expected: a key of its own)");
        }
    }

    /** The operator's key id. */
    public String adminKeyId() {
        return admin.token().id();
    }

    /** The caller {@code token} authenticates; empty when it authenticates nobody. */
    public Mono<Caller> authenticate(ApiKeyToken token) {
        if (token == null) {
            return Mono.empty();
        }
        if (token.id().equals(admin.token().id())) {
            return admin.matches(token) ? Mono.just(new Caller(token.id(), tenants.operatorTenant(),
                    Set.of(Role.ADMIN))) : Mono.empty();
        }
        if (scrape != null && token.id().equals(scrape.token().id())) {
            return scrape.matches(token) ? Mono.just(new Caller(token.id(), tenants.operatorTenant(), Set.of()))
                    : Mono.empty();
        }
        return store.find(token.id())
                .onErrorMap(unavailable -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the key "
                        + "store cannot be read now, so this key cannot be checked; retry shortly (the operator's "
                        + "configured key still works)"))
                .filter(key -> key.matches(token.secret())).map(ApiKey::caller);
    }

    /** Whether {@code keyId} is the scrape credential. */
    public boolean isScrapeKey(String keyId) {
        return scrape != null && scrape.token().id().equals(keyId);
    }

    /**
     * Issues a key for {@code tenant} with {@code roles}; the answer holds its secret, shown this once.
     * {@link BadRequest} naming the problem for an unknown tenant or no roles.
     */
    public Mono<Issued> issue(String tenant, String name, Set<Role> roles) {
        return newToken().flatMap(token -> issue(token, tenant, name, roles));
    }

    /** A fresh key text for {@link #issue(ApiKeyToken, String, String, Set)}, made off the event loop. */
    public Mono<ApiKeyToken> newToken() {
        return Mono.fromCallable(() -> {
            ApiKeyToken token;
            do {
                token = ApiKeyToken.generate();
            } while (reserved(token.id()));
            return token;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Issues {@code token} (from {@link #newToken()}) for {@code tenant} with {@code roles}. */
    public Mono<Issued> issue(ApiKeyToken token, String tenant, String name, Set<Role> roles) {
        return Mono.fromCallable(() -> {
            tenants.require(tenant);
            if (roles == null || roles.isEmpty()) {
                throw new BadRequest("roles: empty (expected: one or more of invoke, deploy, view, "
                        + "admin)");
            }
            if (roles.contains(Role.ADMIN) && !tenants.operatorTenant().equals(tenant)) {
                throw new BadRequest("roles: admin is the operator's role and acts in every tenant, so only the "
                        + "operator's tenant '" + tenants.operatorTenant() + "' may hold it (expected: invoke, deploy,"
                        + " view for tenant '" + tenant + "')");
            }
            if (reserved(token.id())) {
                throw new BadRequest("id: '" + token.id() + "' is a configured key's");
            }
            return new Issued(ApiKey.issue(token, tenant, name, roles, clock.instant()), token);
        }).subscribeOn(Schedulers.boundedElastic()).flatMap(issued -> store.save(issued.key()).thenReturn(issued));
    }

    /** Gives key {@code id} a new secret (the old one stops working at once); empty when there is no such key. */
    public Mono<Issued> rotate(String id) {
        return requireIssued(id).then(store.find(id)).flatMap(key -> Mono.fromCallable(() -> {
            String secret = ApiKeyToken.newSecret();
            return new Issued(key.rotated(secret, clock.instant()), new ApiKeyToken(id, secret));
        }).subscribeOn(Schedulers.boundedElastic())).flatMap(issued -> store.save(issued.key()).thenReturn(issued));
    }

    /** Revokes key {@code id}; false when there was no such key. */
    public Mono<Boolean> revoke(String id) {
        return requireIssued(id).then(store.delete(id));
    }

    /** The key {@code id}, without its secret. */
    public Mono<ApiKey> find(String id) {
        return store.find(id);
    }

    /** Every issued key, without secrets. */
    public Flux<ApiKey> all() {
        return store.all();
    }

    /** The keys configured rather than issued: the operator's key and the scrape credential. */
    public List<String> configuredKeyIds() {
        return scrape == null ? List.of(admin.token().id()) : List.of(admin.token().id(), scrape.token().id());
    }

    private Mono<Void> requireIssued(String id) {
        return reserved(id) ? Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "key '" + id
                + "' comes from the gateway's configuration (faasfed.security.admin-key or metrics-key): change it "
                + "there and restart")) : Mono.empty();
    }

    private boolean reserved(String id) {
        return configuredKeyIds().contains(id);
    }

    /**
     * A key just issued or rotated: the stored record and, this once, the whole key.
     *
     * @param key   the stored record
     * @param token the key with its secret
     */
    public record Issued(ApiKey key, ApiKeyToken token) {
    }

    private record ConfiguredKey(ApiKeyToken token, ApiKey hashed) {

        static ConfiguredKey of(ApiKeyToken token) {
            return new ConfiguredKey(token, ApiKey.issue(token, "-", "configured", Set.of(), java.time.Instant.EPOCH));
        }

        boolean matches(ApiKeyToken given) {
            return hashed.matches(given.secret());
        }
    }
}
