package io.faasfed.gateway.compat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The outcomes of the last {@value #CAPACITY} alert-driven scaling decisions, so that an alert a platform cannot act
 * on is recorded and visible ({@code GET /federation/v1/alerts}) instead of dropped.
 */
public final class AlertLog {

    /** How many outcomes are kept. */
    public static final int CAPACITY = 200;

    private final Deque<Outcome> outcomes = new ArrayDeque<>();

    /** Records {@code outcome}, dropping the oldest beyond the capacity. */
    public synchronized void record(Outcome outcome) {
        outcomes.addFirst(outcome);
        while (outcomes.size() > CAPACITY) {
            outcomes.removeLast();
        }
    }

    /** The recorded outcomes, newest first. */
    public synchronized List<Outcome> recent() {
        return List.copyOf(outcomes);
    }

    /**
     * What one alert led to, with the inputs of the decision.
     *
     * @param at       when
     * @param alert    the alert's name
     * @param status   firing or resolved
     * @param function the function it names
     * @param platform the platform that serves it, if any
     * @param result   {@code scaled}, {@code unchanged}, {@code unsupported}, {@code not-found}, {@code failed} or
     *                 {@code ignored}
     * @param replicas the replica count asked for (scaled) or kept (unchanged)
     * @param current  the live replica count the platform reported when the alert arrived
     * @param min      the function's minimum ({@code com.openfaas.scale.min}, default 1)
     * @param max      the function's maximum ({@code com.openfaas.scale.max}, default 20)
     * @param factor   the step, in percent of max ({@code com.openfaas.scale.factor}, default 20)
     * @param detail   a sentence for operators
     */
    public record Outcome(Instant at, String alert, String status, String function, String platform, String result,
                          Integer replicas, Integer current, Integer min, Integer max, Integer factor,
                          String detail) {

        /** An outcome reached before any scaling input was known. */
        static Outcome without(String alert, String status, String function, String platform, String result,
                               String detail) {
            return new Outcome(Instant.now(), alert, status, function, platform, result, null, null, null, null,
                    null, detail);
        }
    }
}
