package io.faasfed.gateway.composition.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.composition.engine.Checkpoint;
import io.faasfed.gateway.composition.engine.RunResult;
import io.faasfed.gateway.composition.engine.StepTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The contract of a {@link CompositionStore}, run on every implementation. */
abstract class AbstractCompositionStoreTest {

    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    static final Duration TTL = Duration.ofHours(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    CompositionStore store;

    @Test
    void aSaveCreatesRevisionOneAndEachReplacementTheNextKeepingTheCreationTime() {
        StoredComposition first = store.save("team-a", "flow", "{\"v\":1}", "application/json", "key1", T0, false)
                .block();
        assertThat(first).isEqualTo(new StoredComposition("team-a", "flow", "{\"v\":1}", "application/json", 1, T0,
                T0, "key1"));
        StoredComposition second = store.save("team-a", "flow", "v: 2", "application/yaml", "key2",
                T0.plusSeconds(5), false).block();
        assertThat(second).isEqualTo(new StoredComposition("team-a", "flow", "v: 2", "application/yaml", 2, T0,
                T0.plusSeconds(5), "key2"));
        assertThat(store.find("team-a", "flow").block()).isEqualTo(second);
    }

    @Test
    void aCreateOnlySaveNeverReplaces() {
        store.save("team-a", "flow", "{}", "application/json", "key1", T0, true).block();
        assertThat(store.save("team-a", "flow", "{\"other\":1}", "application/json", "key2", T0, true).blockOptional())
                .isEmpty();
        assertThat(store.find("team-a", "flow").block().source()).isEqualTo("{}");
    }

    @Test
    void compositionsAreKeptPerTenantListedByTenantAndNameAndDeleted() {
        store.save("team-b", "flow", "b", "application/json", null, T0, false).block();
        store.save("team-a", "zeta", "a2", "application/json", null, T0, false).block();
        store.save("team-a", "alpha", "a1", "application/json", null, T0, false).block();

        assertThat(store.list("team-a").map(StoredComposition::name).collectList().block())
                .containsExactly("alpha", "zeta");
        assertThat(store.list(null).map(found -> found.tenant() + "/" + found.name()).collectList().block())
                .containsExactly("team-a/alpha", "team-a/zeta", "team-b/flow");
        assertThat(store.find("team-a", "flow").blockOptional()).isEmpty();
        assertThat(store.find("team-b", "flow").block().updatedBy()).isNull();

        assertThat(store.delete("team-b", "flow").block()).isTrue();
        assertThat(store.delete("team-b", "flow").block()).isFalse();
        assertThat(store.find("team-b", "flow").blockOptional()).isEmpty();
        assertThat(store.list(null).count().block()).isEqualTo(2);
    }

    @Test
    void aRunsSummaryCheckpointAndStepsAreKeptAndAStepsAttemptIsReplacedWhenItFinishes() {
        RunInfo started = RunInfo.started("run-1", "team-a", "flow", 3, T0);
        store.saveRun(started, TTL).block();
        assertThat(store.run("run-1").block()).isEqualTo(started);
        assertThat(store.checkpoint("run-1").blockOptional()).isEmpty();

        StepTrace running = new StepTrace("first", "first", "task", "f", null, StepTrace.RUNNING, 1, T0, null, 12, 0,
                null);
        StepTrace retrying = new StepTrace("first", "first", "task", "f", "openfaas", StepTrace.RETRYING, 1, T0,
                T0.plusMillis(40), 12, 0, "function-failed: 500");
        StepTrace second = new StepTrace("first", "first", "task", "f", "openfaas", StepTrace.SUCCEEDED, 2,
                T0.plusMillis(50), T0.plusMillis(70), 12, 7, null);
        store.saveStep("run-1", 0, running, TTL).block();
        store.saveStep("run-1", 0, retrying, TTL).block();
        store.saveStep("run-1", 0, second, TTL).block();
        assertThat(store.steps("run-1").collectList().block()).containsExactly(retrying, second);
        StepTrace resumed = new StepTrace("first", "first", "task", "f", "openfaas", StepTrace.SUCCEEDED, 1,
                T0.plusMillis(90), T0.plusMillis(95), 12, 7, null);
        store.saveStep("run-1", 1, resumed, TTL).block();
        assertThat(store.steps("run-1").collectList().block()).containsExactly(retrying, second, resumed);

        Checkpoint checkpoint = new Checkpoint("second", JSON.readTree("{\"a\":[1,2],\"b\":null}"), 2);
        store.saveCheckpoint("run-1", checkpoint, TTL).block();
        assertThat(store.checkpoint("run-1").block()).isEqualTo(checkpoint);

        RunInfo ended = started.resumed().ended(new RunResult(JSON.readTree("{\"done\":true}"), List.of(),
                RunResult.SUCCEEDED, null), T0.plusSeconds(1));
        store.saveRun(ended, TTL).block();
        assertThat(store.run("run-1").block()).isEqualTo(ended);
        assertThat(store.run("run-1").block().resumes()).isEqualTo(1);
        assertThat(store.run("run-1").block().ended()).isTrue();
        assertThat(store.checkpoint("run-1").block()).isEqualTo(checkpoint);
    }

    @Test
    void unknownRunsHaveNothing() {
        assertThat(store.run("nope").blockOptional()).isEmpty();
        assertThat(store.checkpoint("nope").blockOptional()).isEmpty();
        assertThat(store.steps("nope").collectList().block()).isEmpty();
    }
}
