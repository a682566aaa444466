package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

    private static AuditRecord withDetail(String detail) {
        return new AuditRecord(Instant.EPOCH, "c1", "key1", "team-a", AuditAction.KEY_ROTATE, "key1", null, null,
                AuditOutcome.SUCCESS, 200, detail);
    }

    @Test
    void aFaasfedKeyInTheDetailKeepsOnlyItsId() {
        assertThat(withDetail("rotated ffk_key1abc_S3cret-Value_0123456789 for ci").detail())
                .isEqualTo("rotated ffk_key1abc_*** for ci")
                .doesNotContain("S3cret");
        assertThat(withDetail("token=ffk_whatever").detail()).isEqualTo("token=ffk_***");
    }

    @Test
    void basicAndBearerCredentialsInTheDetailAreRemoved() {
        String detail = withDetail("sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig and "
                + "basic dXNlcjpwYXNzd29yZA== then").detail();

        assertThat(detail).isEqualTo("sent Authorization: Bearer *** and basic *** then");
    }

    @Test
    void urlUserInfoInTheDetailIsRemoved() {
        assertThat(withDetail("cannot reach https://admin:hunter2@whisk.example:443/api").detail())
                .isEqualTo("cannot reach https://***@whisk.example:443/api");
    }

    @Test
    void aLongDetailIsCut() {
        assertThat(withDetail("x".repeat(2_000)).detail()).hasSize(AuditRecord.MAX_DETAIL).endsWith("…");
    }

    @Test
    void aMissingActorIsAnonymous() {
        AuditRecord record = new AuditRecord(Instant.EPOCH, "c1", null, null, AuditAction.FUNCTION_DELETE, "echo",
                null, null, AuditOutcome.DENIED, 401, null);

        assertThat(record.actor()).isEqualTo("anonymous");
    }

    @Test
    void aStatusOutsideHttpIsRefused() {
        assertThatThrownBy(() -> new AuditRecord(Instant.EPOCH, "c1", "k", "t", AuditAction.FUNCTION_DELETE, "echo",
                null, null, AuditOutcome.SUCCESS, 0, null)).hasMessage("status: 0 (expected: 100..599)");
    }

    @Test
    void actionsAreReadInAnyCaseAndWithDashes() {
        assertThat(AuditAction.of("function-deploy")).isEqualTo(AuditAction.FUNCTION_DEPLOY);
        assertThat(AuditAction.of("KEY_REVOKE")).isEqualTo(AuditAction.KEY_REVOKE);
        assertThatThrownBy(() -> AuditAction.of("deploy")).hasMessageStartingWith("'deploy' (expected one of: "
                + "FUNCTION_DEPLOY, ");
    }
}
