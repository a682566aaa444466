package io.faasfed.gateway.audit;

import io.faasfed.gateway.error.BadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** The audit log in the native API, for admins: {@code GET /federation/v1/audit}. */
@RestController
@RequestMapping(path = "/federation/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Federation API", description = "faasfed's native API")
public class AuditController {

    /** The longest tenant name accepted as a filter. */
    static final int MAX_TENANT = 256;

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);

    private final AuditLog audit;

    /** The controller. */
    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** The newest audit records that match the filters; 400 naming the parameter when one is not valid. */
    @GetMapping("/audit")
    @Operation(summary = "Recent writes (deploy, update, move, delete, scale, key changes), newest first; admins "
            + "only")
    public Mono<List<AuditRecord>> audit(
            @Parameter(description = "only this tenant's records") @RequestParam(required = false) String tenant,
            @Parameter(description = "only this action, e.g. FUNCTION_DELETE")
            @RequestParam(required = false) String action,
            @Parameter(description = "only records at or after this ISO-8601 instant, e.g. 2025-01-31T12:00:00Z")
            @RequestParam(required = false) String since,
            @Parameter(description = "the most records returned, 1..1000 (default 100)")
            @RequestParam(required = false) String limit) {
        return Mono.fromCallable(() -> query(tenant, action, since, limit))
                .flatMap(query -> audit.recent(query).collectList()
                        .onErrorMap(error -> {
                            log.warn("The audit log could not be read: {}", error.toString());
                            return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                                    "the audit log's store did not answer; try again shortly (the records are also "
                                            + "in the faasfed.audit log)");
                        }));
    }

    /** The query the parameters ask for; a {@link BadRequest} naming the first parameter that is not valid. */
    static AuditQuery query(String tenant, String action, String since, String limit) {
        if (tenant != null && (tenant.isBlank() || tenant.length() > MAX_TENANT)) {
            throw new BadRequest("tenant: '" + shorten(tenant) + "' (expected: a tenant name, 1.." + MAX_TENANT
                    + " characters; leave it out for every tenant)");
        }
        AuditAction wanted = null;
        if (action != null) {
            try {
                wanted = AuditAction.of(action);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("action: '" + shorten(action) + "' (expected one of: " + AuditAction.names()
                        + ")");
            }
        }
        Instant from = null;
        if (since != null) {
            try {
                from = Instant.parse(since.trim());
            } catch (DateTimeParseException e) {
                throw new BadRequest("since: '" + shorten(since) + "' (expected: an ISO-8601 instant, e.g. "
                        + "2025-01-31T12:00:00Z)");
            }
        }
        int count = AuditQuery.DEFAULT_LIMIT;
        if (limit != null) {
            String expected = " (expected: 1.." + AuditQuery.MAX_LIMIT + ")";
            try {
                count = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw new BadRequest("limit: '" + shorten(limit) + "'" + expected);
            }
            if (count < 1 || count > AuditQuery.MAX_LIMIT) {
                throw new BadRequest("limit: " + count + expected);
            }
        }
        return new AuditQuery(tenant, wanted, from, count);
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 63) + "…";
    }
}
