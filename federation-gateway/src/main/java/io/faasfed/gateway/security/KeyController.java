package io.faasfed.gateway.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.faasfed.gateway.audit.AuditAction;
import io.faasfed.gateway.audit.Auditor;
import io.faasfed.gateway.error.BadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * API keys, for admins: issue (the whole key is in the answer, this once), list and read (never a secret or a hash),
 * rotate (a new secret, the old one stops working at once) and revoke.
 */
@RestController
@RequestMapping(path = "/federation/v1/keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Keys", description = "API keys with roles, per tenant (admin only)")
public class KeyController {

    private final ApiKeyService keys;
    private final Tenants tenants;
    private final Auditor auditor;

    /** The controller. */
    public KeyController(ApiKeyService keys, Tenants tenants, Auditor auditor) {
        this.auditor = auditor;
        this.keys = keys;
        this.tenants = tenants;
    }

    /** Issues a key; 201 with the key, shown this once. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Issue an API key for a tenant with roles (the key is shown once)")
    public Mono<ResponseEntity<IssuedKey>> issue(@RequestBody KeyRequest request) {
        return Mono.fromCallable(() -> {
            if (request == null) {
                throw new BadRequest("body: missing (expected: {\"tenant\":\"" + tenants.operatorTenant()
                        + "\",\"name\":\"ci\",\"roles\":[\"deploy\",\"view\"]})");
            }
            return request.checkedRoles();
        }).flatMap(roles -> keys.newToken().flatMap(token -> auditor.write(AuditAction.KEY_CREATE, token.id())
                        .tenant(request.tenant()).status(201).detail("roles " + roles)
                        .around(keys.issue(token, request.tenant(), request.name(), roles))))
                .map(issued -> ResponseEntity.status(HttpStatus.CREATED).body(IssuedKey.of(issued)));
    }

    /** Every key (configured ones included, marked so), optionally one tenant's. */
    @GetMapping
    @Operation(summary = "List API keys (never their secrets)")
    public Mono<List<KeyView>> list(@RequestParam(required = false) String tenant) {
        if (tenant != null) {
            tenants.require(tenant);
        }
        List<KeyView> configured = new ArrayList<>();
        for (String id : keys.configuredKeyIds()) {
            configured.add(new KeyView(id, tenants.operatorTenant(), id.equals(keys.adminKeyId()) ? "admin key"
                    : "scrape credential", id.equals(keys.adminKeyId()) ? new TreeSet<>(List.of("admin"))
                    : new TreeSet<>(), null, null, "configuration"));
        }
        return keys.all().map(KeyView::of).collectList().map(issued -> {
            List<KeyView> all = new ArrayList<>(configured);
            all.addAll(issued);
            return all.stream().filter(view -> tenant == null || tenant.equals(view.tenant())).toList();
        });
    }

    /** One key. */
    @GetMapping("/{id}")
    @Operation(summary = "Get one API key (never its secret)")
    public Mono<KeyView> get(@PathVariable String id) {
        return keys.find(id).map(KeyView::of).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** A new secret for key {@code id}; the answer holds the whole new key, this once. */
    @PostMapping("/{id}/rotate")
    @Operation(summary = "Rotate an API key's secret (the old secret stops working at once)")
    public Mono<IssuedKey> rotate(@PathVariable String id) {
        return auditor.write(AuditAction.KEY_ROTATE, id)
                .around(keys.rotate(id).switchIfEmpty(Mono.error(() -> notFound(id))))
                .map(IssuedKey::of);
    }

    /** Revokes key {@code id}; it stops working at once. */
    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key")
    public Mono<ResponseEntity<Void>> revoke(@PathVariable String id) {
        return auditor.write(AuditAction.KEY_REVOKE, id).status(204)
                .around(keys.revoke(id).flatMap(removed -> removed ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(notFound(id))));
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no API key '" + id + "' (GET /federation/v1/keys "
                + "lists them)");
    }

    /**
     * A request for a key.
     *
     * @param tenant the tenant it acts in
     * @param name   what it is for (free text, shown in lists)
     * @param roles  invoke, deploy, view, admin
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record KeyRequest(String tenant, String name, List<String> roles) {

        Set<Role> checkedRoles() {
            if (name != null && name.length() > 200) {
                throw new BadRequest("name: " + name.length() + " characters (expected: at most 200)");
            }
            if (roles == null || roles.isEmpty()) {
                throw new BadRequest("roles: " + (roles == null ? "missing" : "empty")
                        + " (expected: one or more of invoke, deploy, view, admin)");
            }
            Set<Role> checked = EnumSet.noneOf(Role.class);
            for (String role : roles) {
                try {
                    checked.add(Role.of(role));
                } catch (IllegalArgumentException unknown) {
                    throw new BadRequest("roles: " + unknown.getMessage());
                }
            }
            return checked;
        }
    }

    /**
     * A key as lists show it.
     *
     * @param id        its id (HTTP Basic's user)
     * @param tenant    its tenant
     * @param name      what it is for
     * @param roles     its roles
     * @param createdAt when it was issued
     * @param rotatedAt when its secret last changed
     * @param source    {@code api} (issued here) or {@code configuration}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(String id, String tenant, String name, Set<String> roles, Instant createdAt,
                          Instant rotatedAt, String source) {

        static KeyView of(ApiKey key) {
            Set<String> roles = new TreeSet<>();
            key.roles().forEach(role -> roles.add(role.configName()));
            return new KeyView(key.id(), key.tenant(), key.name(), roles, key.createdAt(), key.rotatedAt(), "api");
        }
    }

    /**
     * A key just issued or rotated.
     *
     * @param key  the whole key ({@code ffk_<id>_<secret>}): keep it, it is not shown again
     * @param id   its id
     * @param tenant its tenant
     * @param roles  its roles
     * @param createdAt when it was issued
     * @param rotatedAt when its secret last changed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IssuedKey(String key, String id, String tenant, Set<String> roles, Instant createdAt,
                            Instant rotatedAt) {

        static IssuedKey of(ApiKeyService.Issued issued) {
            KeyView view = KeyView.of(issued.key());
            return new IssuedKey(issued.token().value(), view.id(), view.tenant(), view.roles(), view.createdAt(),
                    view.rotatedAt());
        }
    }
}
