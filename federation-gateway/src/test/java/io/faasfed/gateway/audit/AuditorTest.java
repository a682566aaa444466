package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.invoke.FunctionRoutingFilter;
import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class AuditorTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Caller DEPLOYER = new Caller("key7", "team-a", Set.of(Role.DEPLOY));

    private final InMemoryAuditLog log = new InMemoryAuditLog(100);
    private final Auditor auditor = new Auditor(log, Clock.fixed(NOW, ZoneOffset.UTC));

    private List<AuditRecord> recorded() {
        return log.recent(AuditQuery.recent()).collectList().block(Duration.ofSeconds(10));
    }

    private AuditRecord only() {
        assertThat(recorded()).hasSize(1);
        return recorded().get(0);
    }

    private static Context as(Caller caller) {
        return ReactiveSecurityContextHolder.withAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(caller, null, List.of()));
    }

    private static Context with(MockServerWebExchange exchange) {
        return Context.of(ServerWebExchangeContextFilter.EXCHANGE_CONTEXT_ATTRIBUTE, exchange);
    }

    @Test
    void aSuccessfulWriteIsRecordedWithThePlatformItReports() {
        Mono<String> deploy = auditor.write(AuditAction.FUNCTION_DEPLOY, "echo").status(201)
                .around(Mono.just("openfaas"), platform -> new Auditor.Where(platform, "dev"))
                .contextWrite(as(DEPLOYER));

        StepVerifier.create(deploy).expectNext("openfaas").verifyComplete();

        AuditRecord record = only();
        assertThat(record).extracting(AuditRecord::time, AuditRecord::actor, AuditRecord::tenant,
                        AuditRecord::action, AuditRecord::target, AuditRecord::platform, AuditRecord::scope,
                        AuditRecord::outcome, AuditRecord::status)
                .containsExactly(NOW, "key7", "team-a", AuditAction.FUNCTION_DEPLOY, "echo", "openfaas", "dev",
                        AuditOutcome.SUCCESS, 201);
        assertThat(record.callId()).isNotBlank();
    }

    @Test
    void aWriteThatCompletesEmptyIsASuccessOnThePlatformNamedBefore() {
        Mono<Void> delete = auditor.write(AuditAction.FUNCTION_DELETE, "echo").platform("fn").status(204)
                .<Void>around(Mono.empty()).contextWrite(as(DEPLOYER));

        StepVerifier.create(delete).verifyComplete();

        assertThat(only()).extracting(AuditRecord::platform, AuditRecord::outcome, AuditRecord::status)
                .containsExactly("fn", AuditOutcome.SUCCESS, 204);
    }

    @Test
    void aFailedWriteIsRecordedWithItsProblemStatusAndTheErrorGoesOn() {
        FaasException.PlatformUnavailable down = new FaasException.PlatformUnavailable(PlatformId.of("openwhisk"),
                "connection refused", null);

        StepVerifier.create(auditor.around(AuditAction.FUNCTION_SCALE, "echo", Mono.error(down))
                        .contextWrite(as(DEPLOYER)))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(down))
                .verify(Duration.ofSeconds(10));

        AuditRecord record = only();
        assertThat(record).extracting(AuditRecord::platform, AuditRecord::outcome, AuditRecord::status)
                .containsExactly("openwhisk", AuditOutcome.FAILURE, 503);
        assertThat(record.detail()).startsWith("Platform unavailable: ");
    }

    @Test
    void aMissingFunctionIsAFailureWith404() {
        StepVerifier.create(auditor.around(AuditAction.FUNCTION_DELETE, "ghost",
                        Mono.error(new FaasException.FunctionNotFound(null, "ghost"))).contextWrite(as(DEPLOYER)))
                .expectError(FaasException.FunctionNotFound.class)
                .verify(Duration.ofSeconds(10));

        assertThat(only()).extracting(AuditRecord::outcome, AuditRecord::status)
                .containsExactly(AuditOutcome.FAILURE, 404);
    }

    @Test
    void aRefusedWriteIsDenied() {
        StepVerifier.create(auditor.around(AuditAction.KEY_REVOKE, "key1",
                        Mono.error(new AccessDeniedException("no"))).contextWrite(as(DEPLOYER)))
                .expectError(AccessDeniedException.class)
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(auditor.denied(AuditAction.FUNCTION_DELETE, "other", 403, "not the owner")
                .contextWrite(as(DEPLOYER))).verifyComplete();

        assertThat(recorded()).extracting(AuditRecord::action, AuditRecord::outcome, AuditRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AuditAction.FUNCTION_DELETE, AuditOutcome.DENIED,
                                403),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.KEY_REVOKE, AuditOutcome.DENIED, 403));
    }

    @Test
    void aCallerThatGoesAwayLeavesAFailureWithAnUnknownResult() {
        Disposable call = auditor.write(AuditAction.FUNCTION_UPDATE, "echo").platform("openfaas")
                .around(Mono.never()).contextWrite(as(DEPLOYER)).subscribe();
        call.dispose();

        assertThat(only()).extracting(AuditRecord::platform, AuditRecord::outcome, AuditRecord::status)
                .containsExactly("openfaas", AuditOutcome.FAILURE, Auditor.CANCELLED);
    }

    @Test
    void withoutSecurityContextTheActorIsAnonymous() {
        StepVerifier.create(auditor.around(AuditAction.FUNCTION_DEPLOY, "echo", Mono.just(1))).expectNext(1)
                .verifyComplete();

        assertThat(only()).extracting(AuditRecord::actor, AuditRecord::tenant).containsExactly("anonymous", null);
    }

    @Test
    void anAdminActingForATenantRecordsThatTenant() {
        Caller admin = new Caller("root", "operators", Set.of(Role.ADMIN));

        auditor.write(AuditAction.FUNCTION_DELETE, "echo").tenant("team-b").around(Mono.just(1))
                .contextWrite(as(admin)).block(Duration.ofSeconds(10));

        assertThat(only()).extracting(AuditRecord::actor, AuditRecord::tenant).containsExactly("root", "team-b");
    }

    @Test
    void theCallIdComesFromTheExchangeAttributeFirst() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.put("/x")
                .header(FunctionRoutingFilter.CALL_ID_HEADER, "from-header"));
        exchange.getAttributes().put(FunctionRoutingFilter.CALL_ID_ATTR, "from-attribute");

        auditor.around(AuditAction.FUNCTION_DEPLOY, "echo", Mono.just(1)).contextWrite(with(exchange))
                .block(Duration.ofSeconds(10));

        assertThat(only().callId()).isEqualTo("from-attribute");
    }

    @Test
    void theCallIdComesFromTheRequestHeaderAndIsSentBack() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.put("/x")
                .header(FunctionRoutingFilter.CALL_ID_HEADER, "deploy-42"));

        auditor.around(AuditAction.FUNCTION_DEPLOY, "echo", Mono.just(1)).contextWrite(with(exchange))
                .block(Duration.ofSeconds(10));
        exchange.getResponse().setComplete().block(Duration.ofSeconds(10));

        assertThat(only().callId()).isEqualTo("deploy-42");
        assertThat(exchange.getResponse().getHeaders().getFirst(FunctionRoutingFilter.CALL_ID_HEADER))
                .isEqualTo("deploy-42");
        assertThat((String) exchange.getAttribute(FunctionRoutingFilter.CALL_ID_ATTR)).isEqualTo("deploy-42");
    }

    @Test
    void anImplausibleCallIdHeaderIsReplacedByANewId() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.put("/x")
                .header(FunctionRoutingFilter.CALL_ID_HEADER, "x\"} {\"forged\":1"));

        auditor.around(AuditAction.FUNCTION_DEPLOY, "echo", Mono.just(1)).contextWrite(with(exchange))
                .block(Duration.ofSeconds(10));
        exchange.getResponse().setComplete().block(Duration.ofSeconds(10));

        String callId = only().callId();
        assertThat(callId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(exchange.getResponse().getHeaders().getFirst(FunctionRoutingFilter.CALL_ID_HEADER))
                .isEqualTo(callId);
    }
}
