package io.faasfed.adapter.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Conversions between the SPI's {@link ByteBuffer} streams and Spring's {@link DataBuffer} streams. */
public final class Buffers {

    private Buffers() {
    }

    /** Wraps each chunk without copying. */
    public static Flux<DataBuffer> toDataBuffers(Flux<ByteBuffer> body) {
        return body.map(DefaultDataBufferFactory.sharedInstance::wrap);
    }

    /** Copies each chunk to the heap and releases the pooled buffer at once, so nothing leaks downstream. */
    public static Flux<ByteBuffer> toByteBuffers(Flux<DataBuffer> body) {
        return body.map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return ByteBuffer.wrap(bytes);
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    /**
     * Reads a body as UTF-8 text, keeping at most {@code maxBytes} bytes (the rest is read and dropped), for error
     * messages and small envelopes.
     */
    public static Mono<String> readText(Flux<ByteBuffer> body, int maxBytes) {
        return body.reduce(new ByteArrayOutputStream(), (out, chunk) -> {
            ByteBuffer copy = chunk.duplicate();
            int room = maxBytes - out.size();
            if (room > 0) {
                byte[] bytes = new byte[Math.min(room, copy.remaining())];
                copy.get(bytes);
                out.writeBytes(bytes);
            }
            return out;
        }).map(out -> out.toString(StandardCharsets.UTF_8)).defaultIfEmpty("");
    }

    /** A body of the UTF-8 bytes of {@code text}. */
    public static Flux<ByteBuffer> text(String text) {
        return Flux.defer(() -> Flux.just(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }
}
