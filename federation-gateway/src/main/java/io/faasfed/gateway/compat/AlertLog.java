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
     * What one alert led to.
     *
     * @param at       when
     * @param alert    the alert's name
     * @param status   firing or resolved
     * @param function the function it names
     * @param platform the platform that serves it, if any
     * @param result   {@code scaled}, {@code unsupported}, {@code not-found}, {@code failed} or {@code ignored}
     * @param replicas the replica count asked for, when scaled
     * @param detail   a sentence for operators
     */
    public record Outcome(Instant at, String alert, String status, String function, String platform, String result,
                          Integer replicas, String detail) {
    }
}
