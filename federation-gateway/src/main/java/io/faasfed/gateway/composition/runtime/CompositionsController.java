package io.faasfed.gateway.composition.runtime;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.gateway.audit.AuditAction;
import io.faasfed.gateway.audit.Auditor;
import io.faasfed.gateway.composition.CompositionDefinition;
import io.faasfed.gateway.composition.CompositionLimits;
import io.faasfed.gateway.composition.CompositionParser;
import io.faasfed.gateway.composition.InvalidComposition;
import io.faasfed.gateway.composition.Violation;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.Placement;
import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.security.Callers;
import io.faasfed.gateway.security.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /federation/v1/compositions}: save (validated), read, list and delete compositions. A caller acts on its own
 * tenant's compositions; an admin on any tenant's, naming it with {@code ?tenant=} (its own by default). A saved
 * composition is at once a function of the namespace, served by the compositions platform.
 */
@RestController
@ConditionalOnProperty(prefix = CompositionProperties.PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@RequestMapping(path = "/federation/v1/compositions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Compositions", description = "Workflows whose steps are functions on any platform")
public class CompositionsController {

    private final CompositionPlatform platform;
    private final FederatedNamespace namespace;
    private final Tenants tenants;
    private final Auditor auditor;
    private final Clock clock;

    /** The controller. */
    public CompositionsController(CompositionPlatform platform, FederatedNamespace namespace, Tenants tenants,
                                  Auditor auditor) {
        this.platform = platform;
        this.namespace = namespace;
        this.tenants = tenants;
        this.auditor = auditor;
        this.clock = Clock.systemUTC();
    }

    /**
     * A composition as the API shows it.
     *
     * @param name        its function name
     * @param tenant      its owner
     * @param platform    the platform that serves it in the namespace
     * @param revision    1 when created, one more at each save
     * @param createdAt   when it was created
     * @param updatedAt   when it was last saved
     * @param updatedBy   the key that last saved it
     * @param description the definition's description
     * @param functions   the functions its tasks call
     * @param mediaType   how its source is written
     * @param source      the definition as saved (list: omitted)
     * @param definition  the definition as the gateway read it, in JSON (list: omitted)
     * @param warnings    what may fail at run time (on save: functions not in the namespace now)
     */
    public record CompositionView(String name, String tenant, String platform, long revision, Instant createdAt,
                                  Instant updatedAt, String updatedBy, String description, Set<String> functions,
                                  String mediaType, String source, JsonNode definition, List<String> warnings) {
    }

    /** The caller's compositions (an admin's: every tenant's, or {@code tenant}'s). */
    @GetMapping
    @Operation(summary = "List compositions")
    public Mono<List<CompositionView>> list(@RequestParam(required = false) String tenant) {
        return Callers.current().flatMapMany(caller -> {
            String only = tenant != null ? tenantFor(caller, tenant) : caller.isAdmin() ? null : ownTenant(caller);
            return platform.store().list(only);
        }).map(stored -> view(stored, false, List.of())).collectList();
    }

    /** One composition, with its source and definition. */
    @GetMapping("/{name}")
    @Operation(summary = "Get a composition with its definition")
    public Mono<CompositionView> get(@PathVariable String name, @RequestParam(required = false) String tenant) {
        return Callers.current().flatMap(caller -> {
            String owner = tenantFor(caller, tenant);
            return platform.store().find(owner, name)
                    .switchIfEmpty(Mono.error(() -> notFound(name)))
                    .map(stored -> view(stored, true, List.of()));
        });
    }

    /**
     * Saves a composition: the body is its definition in JSON ({@code application/json}) or YAML
     * ({@code application/yaml}), validated first (400 naming each offending path). 201 when created, 200 when
     * replaced.
     */
    @PutMapping(path = "/{name}", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Create or replace a composition (JSON or YAML definition)")
    public Mono<ResponseEntity<CompositionView>> save(@PathVariable String name,
                                                      @RequestParam(required = false) String tenant,
                                                      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false)
                                                      String contentType,
                                                      @RequestBody(required = false) byte[] body) {
        return Callers.current().flatMap(caller -> {
            String owner = tenantFor(caller, tenant);
            String mediaType;
            CompositionDefinition definition;
            String source = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            try {
                CompositionParser.Format format = contentType == null || contentType.isBlank()
                        ? CompositionParser.Format.JSON : CompositionParser.Format.fromContentType(contentType);
                mediaType = format == CompositionParser.Format.JSON ? "application/json" : "application/yaml";
                if (body != null && body.length > CompositionLimits.DEFAULTS.maxBytes()) {
                    throw new InvalidComposition(List.of(new Violation("", "the definition is " + body.length
                            + " bytes (expected: at most " + CompositionLimits.DEFAULTS.maxBytes() + ")")));
                }
                definition = CompositionParser.parse(source, format);
            } catch (IllegalArgumentException e) {
                return Mono.error(new BadRequest(e.getMessage()));
            }
            if (!definition.name().equals(name)) {
                return Mono.error(new InvalidComposition(List.of(new Violation("name", "'" + definition.name()
                        + "' differs from the name in the path, '" + name + "' (expected: the same)"))));
            }
            Predicate<Placement> visible = tenants.visibleTo(ownerCaller(owner));
            String platformId = platform.id().value();
            return namespace.placements(name, visible.and(placement -> !placement.platform().value()
                            .equals(platformId)))
                    .flatMap(clash -> clash.isEmpty() ? Mono.empty() : Mono.error(new FaasException.AlreadyExists(
                            clash.get(0).platform(), name, "a function of tenant '" + owner + "' already has this "
                            + "name on platform '" + clash.get(0).platform().value() + "'; pick another name for the "
                            + "composition")))
                    .then(warnings(definition, visible))
                    .flatMap(warnings -> platform.store().find(owner, name).map(found -> true).defaultIfEmpty(false)
                            .flatMap(existed -> auditor.write(AuditAction.COMPOSITION_SAVE, name)
                                    .platform(platformId).scope(owner).tenant(owner).status(existed ? 200 : 201)
                                    .around(platform.store().save(owner, name, source, mediaType, caller.keyId(),
                                                    clock.instant(), false)
                                            .flatMap(stored -> namespace.discovery().recordDeployed(
                                                    platform.info(stored)).thenReturn(stored)))
                                    .map(stored -> ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED)
                                            .body(view(stored, true, warnings)))));
        });
    }

    /** Deletes a composition; 204, or 404 when there is none. */
    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a composition")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String name,
                                             @RequestParam(required = false) String tenant) {
        return Callers.current().flatMap(caller -> {
            String owner = tenantFor(caller, tenant);
            String platformId = platform.id().value();
            return platform.store().find(owner, name).switchIfEmpty(Mono.error(() -> notFound(name)))
                    .flatMap(found -> auditor.write(AuditAction.COMPOSITION_DELETE, name).status(204)
                            .platform(platformId).scope(owner).tenant(owner)
                            .around(namespace.delete(name, platform.scopeOf(owner), platformId, placement -> true)))
                    .thenReturn(ResponseEntity.status(HttpStatus.NO_CONTENT).<Void>build());
        });
    }

    private Mono<List<String>> warnings(CompositionDefinition definition, Predicate<Placement> visible) {
        return Flux.fromIterable(new TreeSet<>(definition.functions()))
                .concatMap(function -> {
                    int dot = function.indexOf('.');
                    String name = dot < 0 ? function : function.substring(0, dot);
                    return namespace.placements(name, visible).onErrorReturn(List.of())
                            .flatMap(found -> found.isEmpty() ? Mono.just("function '" + function + "' is not in the "
                                    + "namespace of its tenant now: runs that reach it will fail until it is "
                                    + "deployed") : Mono.empty());
                })
                .collectList();
    }

    /** The tenant a request acts in: the caller's own, or (admins only) the one named. */
    private String tenantFor(Caller caller, String requested) {
        if (requested == null || requested.isBlank()) {
            return ownTenant(caller);
        }
        if (!caller.owns(requested)) {
            throw new BadRequest("tenant: '" + requested + "' is not yours (expected: your own tenant '"
                    + caller.tenant() + "', or leave it out; only admins act for other tenants)");
        }
        tenants.require(requested);
        return requested;
    }

    private String ownTenant(Caller caller) {
        if (caller.tenant() == null) {
            throw new BadRequest("compositions belong to a tenant: call with a key");
        }
        return caller.tenant();
    }

    /** The rights a composition's steps run with: its tenant's, never an admin's. */
    static Caller ownerCaller(String tenant) {
        return new Caller("composition", tenant, Set.of(io.faasfed.gateway.security.Role.INVOKE));
    }

    private static FaasException.FunctionNotFound notFound(String name) {
        return new FaasException.FunctionNotFound(null, name, "no composition '" + name + "'");
    }

    private CompositionView view(StoredComposition stored, boolean full, List<String> warnings) {
        String description = null;
        Set<String> functions = Set.of();
        JsonNode definition = null;
        try {
            CompositionDefinition parsed = platform.definition(stored);
            description = parsed.description();
            functions = new TreeSet<>(parsed.functions());
            definition = full ? parsed.toJsonNode() : null;
        } catch (RuntimeException e) {
            warnings = new ArrayList<>(warnings);
            warnings.add("the saved definition cannot be read: " + e.getMessage());
        }
        return new CompositionView(stored.name(), stored.tenant(), platform.id().value(), stored.revision(),
                stored.createdAt(), stored.updatedAt(), stored.updatedBy(), description, functions,
                stored.mediaType(), full ? stored.source() : null, definition, List.copyOf(warnings));
    }
}
