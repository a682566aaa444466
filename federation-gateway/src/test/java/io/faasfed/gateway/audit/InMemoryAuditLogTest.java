package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryAuditLogTest extends AbstractAuditLogTest {

    @Override
    AuditLog store(int capacity) {
        return new InMemoryAuditLog(capacity);
    }

    @Test
    void theRingKeepsExactlyItsCapacity() {
        AuditLog store = store(3);
        recordAll(store, java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(n -> record(n, "a", AuditAction.FUNCTION_DEPLOY)).toList());

        assertThat(targets(store, AuditQuery.recent())).isEqualTo(List.of("fn-5", "fn-4", "fn-3"));
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new InMemoryAuditLog(0)).hasMessage("capacity: 0 (expected: > 0)");
    }
}
