package io.faasfed.adapter.api;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One call of a function, as the gateway received it: HTTP method, the path below the function's name, the raw
 * query, headers and a streamed body. The body is a cold {@link Flux} that must be subscribed to at most once.
 *
 * @param function    the function's name
 * @param scope       the platform scope to call it in (namespace, package, app); null for the default
 * @param backendId   the platform's own id of the function (Fn's function id) when known; else null
 * @param method      the HTTP method in upper case, e.g. {@code POST}
 * @param path        the extra path after the function's name: empty, or starting with '/'
 * @param query       the raw query string without '?', empty when there is none
 * @param headers     request headers (already without hop-by-hop headers)
 * @param body        the request body, streamed; {@link Flux#empty()} for none
 * @param callId      the call's id, sent to the platform so it can be correlated ({@code X-Call-Id}); never blank
 * @param timeout     how long the caller waits at most; null for the platform's default
 * @param callbackUrl where a platform that pushes asynchronous results should send this call's result; else null
 */
public record Invocation(
        String function,
        String scope,
        String backendId,
        String method,
        String path,
        String query,
        Headers headers,
        Flux<ByteBuffer> body,
        String callId,
        Duration timeout,
        URI callbackUrl) {

    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    /** Validates the request and normalises absent values to empty ones. */
    public Invocation {
        Checks.notBlank("function", function);
        scope = scope == null || scope.isBlank() ? null : scope;
        backendId = backendId == null || backendId.isBlank() ? null : backendId;
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(method).matches()) {
            throw Checks.invalid("method", '"' + method + '"', "an HTTP method token such as GET or POST");
        }
        path = path == null ? "" : path;
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw Checks.invalid("path", '"' + path + '"', "empty, or starting with '/'");
        }
        query = query == null ? "" : (query.startsWith("?") ? query.substring(1) : query);
        headers = headers == null ? Headers.empty() : headers;
        body = body == null ? Flux.empty() : body;
        Checks.notBlank("callId", callId);
        Checks.positive("timeout", timeout);
    }

    /** A builder for a call of {@code function}; a random call id is set until {@link Builder#callId} changes it. */
    public static Builder builder(String function) {
        return new Builder(function);
    }

    /** A builder for a call of the function {@code ref} names, in its scope and by its backend id. */
    public static Builder builder(FunctionRef ref) {
        return new Builder(ref.name()).ref(ref);
    }

    /** The function this call is for: name, scope and backend id. */
    public FunctionRef ref() {
        return new FunctionRef(function, scope, backendId);
    }

    /** A builder that starts from this request. */
    public Builder toBuilder() {
        return new Builder(function).scope(scope).backendId(backendId).method(method).path(path).query(query).headers(headers).body(body)
                .callId(callId).timeout(timeout).callbackUrl(callbackUrl);
    }

    /** The path and query as one string, e.g. {@code /a/b?x=1}; empty when both are. */
    public String pathAndQuery() {
        return query.isEmpty() ? path : path + '?' + query;
    }

    /** A mutable builder of {@link Invocation}. */
    public static final class Builder {
        private String function;
        private String scope;
        private String backendId;
        private String method = "POST";
        private String path = "";
        private String query = "";
        private Headers headers = Headers.empty();
        private Flux<ByteBuffer> body = Flux.empty();
        private String callId = CallIds.next();
        private Duration timeout;
        private URI callbackUrl;

        private Builder(String function) {
            this.function = function;
        }

        /** Sets {@link Invocation#scope()}. */
        public Builder scope(String value) {
            this.scope = value;
            return this;
        }

        /** Sets {@link Invocation#backendId()}. */
        public Builder backendId(String value) {
            this.backendId = value;
            return this;
        }

        /** Sets the function, scope and backend id to those of {@code ref}. */
        public Builder ref(FunctionRef ref) {
            this.function = ref.name();
            return scope(ref.scope()).backendId(ref.backendId());
        }

        /** Sets {@link Invocation#method()}. */
        public Builder method(String value) {
            this.method = value;
            return this;
        }

        /** Sets {@link Invocation#path()}. */
        public Builder path(String value) {
            this.path = value;
            return this;
        }

        /** Sets {@link Invocation#query()}. */
        public Builder query(String value) {
            this.query = value;
            return this;
        }

        /** Sets {@link Invocation#headers()}. */
        public Builder headers(Headers value) {
            this.headers = value;
            return this;
        }

        /** Sets {@link Invocation#body()}. */
        public Builder body(Flux<ByteBuffer> value) {
            this.body = value;
            return this;
        }

        /** Sets the body to the UTF-8 bytes of {@code text}. */
        public Builder body(String text) {
            return body(Flux.defer(() -> Flux.just(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)))));
        }

        /** Sets {@link Invocation#callId()}. */
        public Builder callId(String value) {
            this.callId = value;
            return this;
        }

        /** Sets {@link Invocation#timeout()}. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Sets {@link Invocation#callbackUrl()}. */
        public Builder callbackUrl(URI value) {
            this.callbackUrl = value;
            return this;
        }

        /** The validated request. */
        public Invocation build() {
            return new Invocation(function, scope, backendId, method, path, query, headers, body, callId, timeout, callbackUrl);
        }
    }

    /**
     * The answer of a synchronous call: the function's own status, headers and streamed body.
     *
     * @param status   the HTTP status the function answered with
     * @param headers  response headers (without hop-by-hop headers)
     * @param body     the response body, streamed; subscribe at most once
     * @param callId   the call id the platform used (OpenFaaS {@code X-Call-Id}, OpenWhisk activation id,
     *                 {@code Fn-Call-Id})
     * @param platform the platform that ran the call
     */
    public record Result(int status, Headers headers, Flux<ByteBuffer> body, String callId, PlatformId platform) {

        /** Validates the status and normalises absent values. */
        public Result {
            if (status < 100 || status > 599) {
                throw Checks.invalid("status", status, "an HTTP status code from 100 to 599");
            }
            headers = headers == null ? Headers.empty() : headers;
            body = body == null ? Flux.empty() : body;
            Objects.requireNonNull(platform, "platform");
        }

        /** Reads the whole body as UTF-8 text; meant for tests and small bodies, never for pass-through. */
        public Mono<String> bodyAsString() {
            return body.reduce(new java.io.ByteArrayOutputStream(), (out, buffer) -> {
                ByteBuffer copy = buffer.duplicate();
                byte[] bytes = new byte[copy.remaining()];
                copy.get(bytes);
                out.writeBytes(bytes);
                return out;
            }).map(out -> out.toString(StandardCharsets.UTF_8)).defaultIfEmpty("");
        }
    }
}
