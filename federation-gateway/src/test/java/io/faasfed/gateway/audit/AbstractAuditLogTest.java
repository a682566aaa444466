package io.faasfed.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The behaviour every audit store shares; each store runs it. */
abstract class AbstractAuditLogTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    /** The store under test, empty, keeping at most {@code capacity} records (approximately, for Redis). */
    abstract AuditLog store(int capacity);

    static AuditRecord record(int n, String tenant, AuditAction action) {
        return new AuditRecord(T0.plusSeconds(n), "call-" + n, "key" + n, tenant, action, "fn-" + n,
                n % 2 == 0 ? "openfaas" : null, null, AuditOutcome.SUCCESS, 200, "record " + n);
    }

    static void recordAll(AuditLog store, List<AuditRecord> records) {
        Flux.fromIterable(records).concatMap(store::record).then().block(WAIT);
    }

    static List<String> targets(AuditLog store, AuditQuery query) {
        return store.recent(query).map(AuditRecord::target).collectList().block(WAIT);
    }

    @Test
    void recentAnswersNewestFirst() {
        AuditLog store = store(100);
        recordAll(store, List.of(record(1, "a", AuditAction.FUNCTION_DEPLOY), record(2, "a",
                AuditAction.FUNCTION_UPDATE), record(3, "b", AuditAction.FUNCTION_DELETE)));

        assertThat(targets(store, AuditQuery.recent())).containsExactly("fn-3", "fn-2", "fn-1");
    }

    @Test
    void aRecordComesBackWithEveryField() {
        AuditLog store = store(100);
        AuditRecord full = new AuditRecord(T0, "c1", "key1", "team-a", AuditAction.FUNCTION_SCALE, "echo", "fn",
                "app1", AuditOutcome.FAILURE, 503, "Platform unavailable: the platform 'fn' cannot be reached");
        AuditRecord sparse = new AuditRecord(T0.plusMillis(1), "c2", null, null, AuditAction.KEY_REVOKE, "key9",
                null, null, AuditOutcome.DENIED, 403, null);
        recordAll(store, List.of(full, sparse));

        StepVerifier.create(store.recent(AuditQuery.recent()))
                .expectNext(sparse)
                .expectNext(full)
                .verifyComplete();
        assertThat(sparse.actor()).isEqualTo(AuditRecord.ANONYMOUS);
    }

    @Test
    void tenantFilterKeepsOnlyThatTenant() {
        AuditLog store = store(100);
        recordAll(store, List.of(record(1, "a", AuditAction.FUNCTION_DEPLOY), record(2, "b",
                AuditAction.FUNCTION_DEPLOY), record(3, "a", AuditAction.FUNCTION_DELETE), record(4, null,
                AuditAction.KEY_CREATE)));

        assertThat(targets(store, new AuditQuery("a", null, null, 100))).containsExactly("fn-3", "fn-1");
        assertThat(targets(store, new AuditQuery("nobody", null, null, 100))).isEmpty();
    }

    @Test
    void actionFilterKeepsOnlyThatAction() {
        AuditLog store = store(100);
        recordAll(store, List.of(record(1, "a", AuditAction.FUNCTION_DEPLOY), record(2, "b",
                AuditAction.FUNCTION_DELETE), record(3, "a", AuditAction.FUNCTION_DEPLOY)));

        assertThat(targets(store, new AuditQuery(null, AuditAction.FUNCTION_DEPLOY, null, 100)))
                .containsExactly("fn-3", "fn-1");
        assertThat(targets(store, new AuditQuery("b", AuditAction.FUNCTION_DEPLOY, null, 100))).isEmpty();
    }

    @Test
    void sinceKeepsRecordsAtOrAfterIt() {
        AuditLog store = store(100);
        recordAll(store, List.of(record(1, "a", AuditAction.FUNCTION_DEPLOY), record(2, "a",
                AuditAction.FUNCTION_DEPLOY), record(3, "a", AuditAction.FUNCTION_DEPLOY)));

        assertThat(targets(store, new AuditQuery(null, null, T0.plusSeconds(2), 100)))
                .containsExactly("fn-3", "fn-2");
        assertThat(targets(store, new AuditQuery(null, null, T0.plusSeconds(60), 100))).isEmpty();
    }

    @Test
    void limitCutsTheAnswerKeepingTheNewest() {
        AuditLog store = store(100);
        recordAll(store, java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(n -> record(n, n % 2 == 0 ? "even" : "odd", AuditAction.FUNCTION_DEPLOY)).toList());

        assertThat(targets(store, new AuditQuery(null, null, null, 3))).containsExactly("fn-20", "fn-19", "fn-18");
        assertThat(targets(store, new AuditQuery("odd", null, null, 2))).containsExactly("fn-19", "fn-17");
    }

    @Test
    void aFullStoreDropsTheOldestRecords() {
        int capacity = 50;
        AuditLog store = store(capacity);
        int written = 350;
        recordAll(store, java.util.stream.IntStream.rangeClosed(1, written)
                .mapToObj(n -> record(n, "a", AuditAction.FUNCTION_DEPLOY)).toList());

        List<String> kept = targets(store, new AuditQuery(null, null, null, AuditQuery.MAX_LIMIT));
        assertThat(kept).hasSizeGreaterThanOrEqualTo(capacity).hasSizeLessThan(written)
                .doesNotContain("fn-1")
                .startsWith(java.util.stream.IntStream.iterate(written, n -> n - 1).limit(capacity)
                        .mapToObj(n -> "fn-" + n).toArray(String[]::new));
    }

    @Test
    void filtersReachPastOnePageOfNonMatchingRecords() {
        AuditLog store = store(10_000);
        recordAll(store, java.util.stream.IntStream.rangeClosed(1, 1_200)
                .mapToObj(n -> record(n, n <= 2 ? "rare" : "busy", AuditAction.FUNCTION_DEPLOY)).toList());

        assertThat(targets(store, new AuditQuery("rare", null, null, 100))).containsExactly("fn-2", "fn-1");
    }
}
