package io.faasfed.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The counts of one run, from the acknowledged call ids, their records, the callbacks received and the function's
 * execution log: what is printed, and what must hold (no acknowledged call lost).
 */
final class Tally {

    private final int acknowledged;
    private final long succeeded;
    private final int calledBack;
    private final int deliveries;
    private final int executions;
    private final int distinctExecuted;
    private final int withoutCallId;
    private final int executedButNotAcknowledged;
    private final int incompleteCallbacks;
    private final int retried;
    private final Map<String, Integer> states;
    private final Map<String, Integer> callbackStatuses;
    private final List<String> lost;

    private Tally(int acknowledged, long succeeded, int calledBack, int deliveries, int executions,
            int distinctExecuted, int withoutCallId, int executedButNotAcknowledged, int incompleteCallbacks,
            int retried, Map<String, Integer> states, Map<String, Integer> callbackStatuses, List<String> lost) {
        this.acknowledged = acknowledged;
        this.succeeded = succeeded;
        this.calledBack = calledBack;
        this.deliveries = deliveries;
        this.executions = executions;
        this.distinctExecuted = distinctExecuted;
        this.withoutCallId = withoutCallId;
        this.executedButNotAcknowledged = executedButNotAcknowledged;
        this.incompleteCallbacks = incompleteCallbacks;
        this.retried = retried;
        this.states = states;
        this.callbackStatuses = callbackStatuses;
        this.lost = lost;
    }

    /** Counts the run of the acknowledged {@code callIds}. */
    static Tally of(List<String> callIds, DurabilityRig.Settled settled, DurabilityRig rig) {
        List<ExecutionLog.Execution> log = rig.executions.read();
        Map<String, Integer> executed = ExecutionLog.byCallId(log);
        int withoutCallId = executed.getOrDefault("-", 0);
        Set<String> acknowledged = new HashSet<>(callIds);
        Map<String, Integer> states = new TreeMap<>();
        Map<String, Integer> callbackStatuses = new TreeMap<>();
        List<String> lost = new ArrayList<>();
        int calledBack = 0;
        int deliveries = 0;
        int retried = 0;
        long succeeded = 0;
        for (String id : callIds) {
            String state = settled.states().getOrDefault(id, "never read");
            states.merge(state, 1, Integer::sum);
            if ("succeeded".equals(state)) {
                succeeded++;
            }
            int delivered = rig.callbacks.deliveries(id);
            deliveries += delivered;
            if (delivered > 0) {
                calledBack++;
                callbackStatuses.merge(String.valueOf(rig.callbacks.status(id)), 1, Integer::sum);
            }
            JsonNode record = settled.records().get(id);
            if (record != null && record.path("attempts").size() > 1) {
                retried++;
            }
            if (!"succeeded".equals(state) || !executed.containsKey(id)) {
                lost.add(id + " (state " + state + ", executions " + executed.getOrDefault(id, 0) + ", callbacks "
                        + delivered + (record == null ? "" : ", record " + record) + ")");
            }
        }
        int executedButNotAcknowledged = (int) executed.keySet().stream()
                .filter(id -> !"-".equals(id) && !acknowledged.contains(id)).count();
        int distinct = (int) executed.keySet().stream().filter(id -> !"-".equals(id)).count();
        return new Tally(callIds.size(), succeeded, calledBack, deliveries, log.size(), distinct, withoutCallId,
                executedButNotAcknowledged, rig.callbacks.incomplete(), retried, states, callbackStatuses, lost);
    }

    /** Calls whose record shows more than one attempt. */
    int retried() {
        return retried;
    }

    /** Adds the counts to {@code report}. */
    void addTo(Report report) {
        report.put("succeeded", succeeded)
                .put("  states of acknowledged calls", states)
                .put("callbacks delivered (calls called back)", calledBack)
                .put("  deliveries in all", deliveries)
                .put("  X-Function-Status of the last delivery", callbackStatuses)
                .put("  deliveries missing X-Call-Id/-Status/-Name", incompleteCallbacks)
                .put("executions", executions)
                .put("  distinct call ids executed", distinctExecuted)
                .put("  executions without Http_X_Call_Id", withoutCallId)
                .put("  call ids executed but never acknowledged", executedButNotAcknowledged)
                .put("duplicates (executions - distinct call ids)", executions - distinctExecuted)
                .put("lost (acknowledged, not succeeded or never run)", lost.size());
    }

    /** Fails unless all {@code expected} calls were acknowledged, succeeded, ran, and were called back. */
    void assertNothingLost(int expected) {
        assertThat(withoutCallId).as("executions where the function saw no X-Call-Id (Http_X_Call_Id): the gateway "
                + "must send the call id to the function").isZero();
        assertThat(lost.size()).as("acknowledged calls lost (not succeeded, or never executed); the first: "
                + String.join("\n", lost.subList(0, Math.min(20, lost.size())))).isZero();
        assertThat(acknowledged).as("acknowledged calls").isEqualTo(expected);
        assertThat(succeeded).as("succeeded calls").isEqualTo(expected);
        assertThat(calledBack).as("calls whose callback arrived at least once").isEqualTo(expected);
        assertThat(incompleteCallbacks).as("callbacks missing X-Call-Id, X-Function-Status or X-Function-Name")
                .isZero();
    }
}
