package io.faasfed.gateway.async;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.faasfed.gateway.calls.CallContext;
import io.faasfed.gateway.calls.CallEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known of one asynchronous call, as {@code GET /federation/v1/calls/{id}} shows it to its tenant.
 *
 * @param id            the call id
 * @param tenant        the tenant that submitted it
 * @param function      the function's name
 * @param platform      the platform it runs on
 * @param state         where it is
 * @param submittedAt   when it was accepted
 * @param startedAt     when its first attempt started; null before
 * @param finishedAt    when it became final; null before
 * @param nextAttemptAt when a queued retry is due; null when none is waiting
 * @param attempts      every attempt so far, oldest first
 * @param result        the function's answer of the final attempt (size-capped); null until there is one
 * @param callback      the callback's delivery; null when the call has no callback URL
 * @param replays       how many times the call was replayed from the dead-letter list
 * @param parentId      the call it was submitted under (the submitter's {@code X-Call-Id}); null for none
 * @param traceId       the W3C trace id of the submit's {@code traceparent}; null for none
 */
@JsonIgnoreProperties(value = "kind", allowGetters = true)
public record CallRecord(String id, String tenant, String function, String platform, CallState state,
                         Instant submittedAt, Instant startedAt, Instant finishedAt, Instant nextAttemptAt,
                         List<Attempt> attempts, Result result, Callback callback, int replays, String parentId,
                         String traceId) {

    /** Requires the identifying fields and copies the list. */
    public CallRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(submittedAt, "submittedAt");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** The record of a call just accepted. */
    public static CallRecord queued(AsyncRequest request) {
        return new CallRecord(request.callId(), request.tenant(), request.function(), request.platform(),
                CallState.QUEUED, request.submittedAt(), null, null, null, List.of(), null,
                request.callbackUrl() == null ? null : Callback.pending(request.callbackUrl()), 0,
                parentId(request), traceId(request));
    }

    /** What kind of call this is, for readers that see both kinds: always {@value CallEntry#ASYNC}. */
    @JsonProperty("kind")
    public String kind() {
        return CallEntry.ASYNC;
    }

    private static String parentId(AsyncRequest request) {
        return header(request, CallContext.PARENT_CALL_ID_HEADER);
    }

    private static String traceId(AsyncRequest request) {
        return CallContext.traceId(header(request, CallContext.TRACEPARENT_HEADER));
    }

    private static String header(AsyncRequest request, String name) {
        return request.headers().entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name)
                && !header.getValue().isEmpty()).map(header -> header.getValue().get(0)).findFirst().orElse(null);
    }

    /** This record in another state. */
    public CallRecord withState(CallState value) {
        return new CallRecord(id, tenant, function, platform, value, submittedAt, startedAt, finishedAt,
                nextAttemptAt, attempts, result, callback, replays, parentId, traceId);
    }

    /** This record with an attempt started (state RUNNING, no retry waiting). */
    public CallRecord withAttemptStarted(Attempt attempt) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return new CallRecord(id, tenant, function, platform, CallState.RUNNING, submittedAt,
                startedAt == null ? attempt.startedAt() : startedAt, finishedAt, null, all, result, callback,
                replays, parentId, traceId);
    }

    /** This record with its last attempt replaced by {@code attempt} (the same number, now finished). */
    public CallRecord withLastAttempt(Attempt attempt) {
        List<Attempt> all = new ArrayList<>(attempts);
        if (all.isEmpty()) {
            all.add(attempt);
        } else {
            all.set(all.size() - 1, attempt);
        }
        return new CallRecord(id, tenant, function, platform, state, submittedAt, startedAt, finishedAt,
                nextAttemptAt, all, result, callback, replays, parentId, traceId);
    }

    /** This record queued for a retry due at {@code due}. */
    public CallRecord retryingAt(Instant due) {
        return new CallRecord(id, tenant, function, platform, CallState.QUEUED, submittedAt, startedAt, null, due,
                attempts, result, callback, replays, parentId, traceId);
    }

    /** This record final in {@code value}, with the function's answer (null for none). */
    public CallRecord finished(CallState value, Result answer, Instant at) {
        return new CallRecord(id, tenant, function, platform, value, submittedAt, startedAt, at, null, attempts,
                answer, callback, replays, parentId, traceId);
    }

    /** This record with its callback's delivery replaced. */
    public CallRecord withCallback(Callback value) {
        return new CallRecord(id, tenant, function, platform, state, submittedAt, startedAt, finishedAt,
                nextAttemptAt, attempts, result, value, replays, parentId, traceId);
    }

    /** This dead letter queued again: attempts are kept, the count of replays grows, the callback is pending again. */
    public CallRecord replayed() {
        return new CallRecord(id, tenant, function, platform, CallState.QUEUED, submittedAt, startedAt, null, null,
                attempts, null, callback == null ? null : Callback.pending(callback.url()), replays + 1, parentId,
                traceId);
    }

    /** The last attempt, or null before the first. */
    public Attempt lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    /** How many attempts ran since the call was last queued from scratch (submit or replay). */
    public int attemptsSinceReplay() {
        return (int) attempts.stream().filter(attempt -> attempt.replay() == replays).count();
    }

    /**
     * One attempt to run the call.
     *
     * @param number         1 for the first attempt
     * @param replay         the record's {@link CallRecord#replays()} when it ran (0 before any replay)
     * @param consumer       the gateway replica that ran it
     * @param platform       the platform it ran on
     * @param startedAt      when it started
     * @param finishedAt     when it ended; null while it runs (or when its replica died)
     * @param status         the HTTP status the function or platform answered; null when there was no answer
     * @param error          what went wrong, null when nothing did
     * @param category       the error's category (e.g. {@code timeout}, {@code platform-unavailable}), null when nothing went wrong
     * @param platformCallId the platform's own id for the attempt (activation id, Fn-Call-Id), when it gave one
     */
    public record Attempt(int number, int replay, String consumer, String platform, Instant startedAt,
                          Instant finishedAt, Integer status, String error, String category, String platformCallId) {

        /** Requires the identifying fields. */
        public Attempt {
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        /** An attempt started now. */
        public static Attempt started(int number, int replay, String consumer, String platform, Instant at) {
            return new Attempt(number, replay, consumer, platform, at, null, null, null, null, null);
        }

        /** This attempt with the platform's own call id. */
        public Attempt withPlatformCallId(String value) {
            return new Attempt(number, replay, consumer, platform, startedAt, finishedAt, status, error, category,
                    value);
        }

        /** This attempt, ended. */
        public Attempt ended(Instant at, Integer statusCode, String errorText, String errorCategory) {
            return new Attempt(number, replay, consumer, platform, startedAt, at, statusCode, errorText,
                    errorCategory, platformCallId);
        }
    }

    /**
     * The function's answer, as kept in the record and sent to the callback.
     *
     * @param status    its HTTP status
     * @param headers   its response headers (one value each, hop-by-hop headers left out)
     * @param body      the body as text when it is UTF-8, else null
     * @param bodyBase64 the body in base64 when it is not UTF-8 text, else null
     * @param size      the body's full size in bytes
     * @param truncated whether the body kept here is cut at {@code faasfed.async.max-result-size}
     */
    public record Result(int status, Map<String, String> headers, String body, String bodyBase64, long size,
                         boolean truncated) {

        /** Copies the headers. */
        public Result {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }

    /**
     * The delivery of the outcome to the callback URL.
     *
     * @param url         where it goes
     * @param state       PENDING until delivered or given up
     * @param attempts    every delivery attempt, oldest first
     * @param deliveredAt when a delivery was answered with 2xx; null before
     */
    public record Callback(String url, DeliveryState state, List<Delivery> attempts, Instant deliveredAt) {

        /** Requires the URL and copies the list. */
        public Callback {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(state, "state");
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
        }

        /** A callback not tried yet. */
        public static Callback pending(String url) {
            return new Callback(url, DeliveryState.PENDING, List.of(), null);
        }

        /** This callback after one more delivery attempt, in {@code next} state. */
        public Callback after(Delivery delivery, DeliveryState next) {
            List<Delivery> all = new ArrayList<>(attempts);
            all.add(delivery);
            return new Callback(url, next, all, next == DeliveryState.DELIVERED ? delivery.at() : deliveredAt);
        }

        /** Where a callback's delivery is. */
        public enum DeliveryState {
            /** Not delivered yet; more attempts will run. */
            @JsonProperty("pending")
            PENDING,
            /** A delivery was answered with 2xx. */
            @JsonProperty("delivered")
            DELIVERED,
            /** Every delivery attempt failed, or the URL was refused at delivery. */
            @JsonProperty("failed")
            FAILED
        }
    }

    /**
     * One delivery attempt of a callback.
     *
     * @param at     when it was made
     * @param status the callback receiver's HTTP status; null when it did not answer
     * @param error  what went wrong; null when it was answered with 2xx
     */
    public record Delivery(Instant at, Integer status, String error) {
    }
}
