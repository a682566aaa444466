package io.faasfed.gateway.async;

import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.tracing.CallTracing;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Runs one attempt of an asynchronous call on its platform through the SPI and says how it ended.
 *
 * <p>The path is the platform's best one that gives a result back: where the platform runs calls asynchronously
 * itself and keeps their results ({@link Capability#ASYNC_INVOKE} with {@link Capability#ASYNC_RESULT_LOOKUP}:
 * OpenWhisk's non-blocking invocation and activation records) and the function is not an HTTP-shaped one (no plain
 * forward target, so not an OpenWhisk web action), the call is queued there and its result polled; the platform's
 * call id is handed to {@code started} first, so that a replica taking the call over polls the same activation
 * instead of running the call again. Everywhere else it is a synchronous {@link FaasPlatform#invoke} bounded by the
 * function's timeout. A call always reaches the function as a POST (as OpenFaaS' queue-worker sends it), with its
 * path, query, headers and body.
 *
 * <p>Each attempt is a span {@code async <function>} that continues the trace stored with the call (the submitter's),
 * and the call on the platform a client span under it, sent to the function as {@code traceparent}.
 */
public final class CallExecutor {

    /** The first wait between two polls of a platform's asynchronous result. */
    static final Duration FIRST_POLL = Duration.ofMillis(200);
    /** The longest wait between two polls. */
    static final Duration LAST_POLL = Duration.ofSeconds(5);
    /** How long past the function's own timeout a polled result is still waited for. */
    static final Duration POLL_GRACE = Duration.ofSeconds(30);

    private final PlatformDirectory directory;
    private final Set<Integer> retryStatuses;
    private final long maxResultBytes;
    private final CallTracing tracing;

    /**
     * An executor whose attempts are not traced.
     *
     * @param directory      the configured platforms
     * @param retryStatuses  the statuses that make an attempt retryable
     * @param maxResultBytes the most of a function's answer kept
     */
    public CallExecutor(PlatformDirectory directory, Set<Integer> retryStatuses, long maxResultBytes) {
        this(directory, retryStatuses, maxResultBytes, CallTracing.noop());
    }

    /**
     * @param directory      the configured platforms
     * @param retryStatuses  the statuses that make an attempt retryable
     * @param maxResultBytes the most of a function's answer kept
     * @param tracing        the spans of attempts and the trace context sent to functions
     */
    public CallExecutor(PlatformDirectory directory, Set<Integer> retryStatuses, long maxResultBytes,
                        CallTracing tracing) {
        this.directory = directory;
        this.retryStatuses = Set.copyOf(retryStatuses);
        this.maxResultBytes = maxResultBytes;
        this.tracing = tracing;
    }

    /**
     * Runs an attempt of {@code request}, or (with {@code resumeCallId}) waits for the result of the platform's
     * asynchronous call an earlier attempt started. Never errors: every failure is an {@link Outcome}.
     *
     * @param request      the call
     * @param resumeCallId the platform call id of an unfinished attempt to resume; null to start a new one
     * @param started      told the platform's call id when the platform queued the call itself (saved by the caller
     *                     before the result is awaited)
     */
    public Mono<Outcome> run(AsyncRequest request, String resumeCallId, Function<String, Mono<Void>> started) {
        return Mono.defer(() -> {
            Observation attempt = tracing.continueTrace("async", "async " + request.function(),
                    tracing.propagationOf(request.headers()), KeyValue.of(CallTracing.FUNCTION_KEY, request.function()),
                    KeyValue.of(CallTracing.CALL_ID_KEY, request.callId()));
            return run(request, resumeCallId, started, attempt.getContext()).doOnNext(outcome -> attempt
                    .highCardinalityKeyValue("faasfed.outcome", outcome.kind().name().toLowerCase(Locale.ROOT)))
                    .doFinally(signal -> attempt.stop());
        });
    }

    private Mono<Outcome> run(AsyncRequest request, String resumeCallId, Function<String, Mono<Void>> started,
                              Observation.ContextView trace) {
        FaasPlatform platform = directory.find(request.platform()).map(found -> found.platform()).orElse(null);
        if (platform == null) {
            return Mono.just(new Outcome(Outcome.Kind.RETRY, null, null, "platform '" + request.platform()
                    + "' is not configured on this gateway replica", "platform-unavailable", null, null));
        }
        FunctionRef ref = new FunctionRef(request.function(), request.platformScope(), request.backendId());
        Mono<Outcome> attempt;
        if (resumeCallId != null && nativeAsync(platform)) {
            attempt = poll(platform, request, resumeCallId);
        } else {
            attempt = tracing.traceCall(trace, request.platform(), request.function(), request.callId(), span ->
                    usesNativeAsync(platform, ref).flatMap(useNative -> useNative
                    ? platform.invokeAsync(invocation(request, ref, span)).flatMap(accepted -> started.apply(
                            accepted.callId()).then(poll(platform, request, accepted.callId())))
                    : platform.invoke(invocation(request, ref, span)).flatMap(answer -> answered(answer,
                            platform.type() == PlatformType.COMPOSITION))));
        }
        return attempt.onErrorResume(this::failure);
    }

    private static boolean nativeAsync(FaasPlatform platform) {
        Set<Capability> capabilities = platform.capabilities();
        return capabilities.contains(Capability.ASYNC_INVOKE) && capabilities.contains(Capability.ASYNC_RESULT_LOOKUP);
    }

    private static Mono<Boolean> usesNativeAsync(FaasPlatform platform, FunctionRef ref) {
        if (!nativeAsync(platform)) {
            return Mono.just(false);
        }
        return platform.forwardTarget(ref).map(target -> false).defaultIfEmpty(true);
    }

    private static Invocation invocation(AsyncRequest request, FunctionRef ref, CallTracing.Call span) {
        Headers.Builder headers = span.applyTo(new Headers(request.headers())).toBuilder();
        headers.set("X-Call-Id", request.callId());
        byte[] body = request.body();
        return Invocation.builder(ref)
                .method("POST")
                .path(request.path())
                .query(request.query())
                .headers(headers.build())
                .body(Flux.defer(() -> body.length == 0 ? Flux.empty() : Flux.just(ByteBuffer.wrap(body))))
                .callId(request.callId())
                .timeout(request.timeout())
                .build();
    }

    /** Polls the platform for the result of its asynchronous call, backing off, up to the timeout and a grace. */
    private Mono<Outcome> poll(FaasPlatform platform, AsyncRequest request, String platformCallId) {
        Duration limit = request.timeout().plus(POLL_GRACE);
        return Mono.defer(() -> platform.asyncResult(platformCallId))
                .switchIfEmpty(Mono.error(StillRunning::new))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_POLL).maxBackoff(LAST_POLL).jitter(0.2)
                        .filter(StillRunning.class::isInstance))
                .timeout(limit, Mono.error(() -> new FaasException.Timeout(platform.id(), "the result of "
                        + platformCallId + " did not come within " + limit.toSeconds() + " s", limit, null)))
                .flatMap(answer -> answered(answer, false))
                .map(outcome -> outcome.platformCallId() == null ? withPlatformCallId(outcome, platformCallId)
                        : outcome);
    }

    private static Outcome withPlatformCallId(Outcome outcome, String platformCallId) {
        return new Outcome(outcome.kind(), outcome.status(), outcome.result(), outcome.error(), outcome.category(),
                outcome.retryAfter(), platformCallId);
    }

    /**
     * The function answered: success below 400, a retry for a retried status, else a final failure. A composition's
     * failure is always final ({@code ranItsCourse}): its states' retriers already retried what they allow, and
     * running it again would run its completed steps twice.
     */
    private Mono<Outcome> answered(Invocation.Result answer, boolean ranItsCourse) {
        return collect(answer.body()).map(body -> {
            CallRecord.Result result = result(answer.status(), answer.headers(), body);
            int status = answer.status();
            if (status < 400) {
                return new Outcome(Outcome.Kind.SUCCEEDED, status, result, null, null, null, answer.callId());
            }
            Outcome.Kind kind = retryStatuses.contains(status) && !ranItsCourse ? Outcome.Kind.RETRY
                    : Outcome.Kind.FAILED;
            return new Outcome(kind, status, result, ranItsCourse ? "the composition failed (" + status + ")"
                    : "the function answered " + status, "function-failed",
                    retryAfter(answer.headers()), answer.callId());
        });
    }

    private Mono<Outcome> failure(Throwable error) {
        if (error instanceof FaasException.FunctionFailed failed) {
            byte[] bytes = failed.body() == null ? new byte[0] : failed.body().getBytes(StandardCharsets.UTF_8);
            CallRecord.Result result = result(failed.status(), failed.headers(), Body.of(bytes, maxResultBytes));
            Outcome.Kind kind = retryStatuses.contains(failed.status()) ? Outcome.Kind.RETRY : Outcome.Kind.FAILED;
            return Mono.just(new Outcome(kind, failed.status(), result, failed.getMessage(), "function-failed",
                    retryAfter(failed.headers()), null));
        }
        if (error instanceof FaasException.RateLimited limited) {
            return Mono.just(retry(429, limited.getMessage(), "rate-limited", limited.retryAfter()));
        }
        if (error instanceof FaasException.PlatformUnavailable down) {
            return Mono.just(retry(down.status(), down.getMessage(), "platform-unavailable",
                    down.retryAfter().orElse(null)));
        }
        if (error instanceof FaasException.Timeout late) {
            return Mono.just(retry(504, late.getMessage(), "timeout", null));
        }
        if (error instanceof TimeoutException) {
            return Mono.just(retry(504, "no answer in time: " + error.getMessage(), "timeout", null));
        }
        if (error instanceof FaasException.FunctionNotFound gone) {
            return Mono.just(new Outcome(Outcome.Kind.FAILED, 404, null, gone.getMessage()
                    + " (it was removed or moved after the call was accepted)", "function-not-found", null, null));
        }
        if (error instanceof FaasException.RequestRejected rejected) {
            Outcome.Kind kind = retryStatuses.contains(rejected.status()) ? Outcome.Kind.RETRY : Outcome.Kind.FAILED;
            return Mono.just(new Outcome(kind, rejected.status(), null, rejected.getMessage(), "rejected", null,
                    null));
        }
        if (error instanceof FaasException other) {
            return Mono.just(new Outcome(Outcome.Kind.FAILED, 400, null, other.getMessage(), "rejected", null, null));
        }
        return Mono.just(retry(null, "unexpected failure: " + error, "gateway", null));
    }

    private static Outcome retry(Integer status, String error, String category, Duration after) {
        return new Outcome(Outcome.Kind.RETRY, status, null, error, category, after, null);
    }

    private static Duration retryAfter(Headers headers) {
        return headers.first("Retry-After").map(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return seconds >= 0 && seconds <= 3600 ? Duration.ofSeconds(seconds) : null;
            } catch (NumberFormatException notSeconds) {
                return null;
            }
        }).orElse(null);
    }

    /** The body, up to the cap (the rest is read and dropped, its size counted). */
    private Mono<Body> collect(Flux<ByteBuffer> body) {
        return body.reduce(new Collected(maxResultBytes), Collected::add).map(Collected::body)
                .defaultIfEmpty(new Body(new byte[0], 0));
    }

    private static CallRecord.Result result(int status, Headers headers, Body body) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.withoutHopByHop().values().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!values.isEmpty() && !lower.equals("content-length") && !lower.equals("set-cookie")) {
                kept.put(name, values.get(0));
            }
        });
        String text = utf8(body.kept());
        return new CallRecord.Result(status, kept, text, text == null
                ? Base64.getEncoder().encodeToString(body.kept()) : null, body.size(), body.size() > body.kept().length);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }

    /** A platform's asynchronous call that has no result yet. */
    private static final class StillRunning extends RuntimeException {
        StillRunning() {
            super("still running", null, false, false);
        }
    }

    /** A body as kept (up to the cap) and its full size. */
    private record Body(byte[] kept, long size) {
        static Body of(byte[] bytes, long cap) {
            return new Body(bytes.length > cap ? java.util.Arrays.copyOf(bytes, (int) cap) : bytes, bytes.length);
        }
    }

    /** A body collected up to a cap. */
    private static final class Collected {
        private final long cap;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private long size;

        Collected(long cap) {
            this.cap = cap;
        }

        Collected add(ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            int length = copy.remaining();
            size += length;
            long room = cap - kept.size();
            if (room > 0) {
                byte[] bytes = new byte[(int) Math.min(room, length)];
                copy.get(bytes);
                kept.writeBytes(bytes);
            }
            return this;
        }

        Body body() {
            return new Body(kept.toByteArray(), size);
        }
    }
}
