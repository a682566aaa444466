package io.faasfed.adapter.http;

import io.faasfed.adapter.api.Headers;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A response whose status and headers are known and whose body still streams. Its body must be consumed (or
 * {@link #discard() discarded}) exactly once so the connection returns to the pool.
 *
 * @param status  the HTTP status
 * @param headers the headers, without hop-by-hop ones
 * @param body    the streamed body
 */
public record StreamedResponse(int status, Headers headers, Flux<ByteBuffer> body) {

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body as text, at most {@code maxBytes} bytes of it. */
    public Mono<String> text(int maxBytes) {
        return Buffers.readText(body, maxBytes);
    }

    /** Drains the body, for responses whose content does not matter. */
    public Mono<Void> discard() {
        return body.then();
    }
}
