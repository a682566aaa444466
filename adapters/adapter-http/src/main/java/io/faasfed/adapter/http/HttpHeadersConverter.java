package io.faasfed.adapter.http;

import io.faasfed.adapter.api.Headers;
import org.springframework.http.HttpHeaders;

/** Conversions between the SPI's {@link Headers} and Spring's {@link HttpHeaders}, dropping hop-by-hop headers. */
public final class HttpHeadersConverter {

    private HttpHeadersConverter() {
    }

    /** Spring headers to SPI headers, without hop-by-hop ones. */
    public static Headers fromSpring(HttpHeaders headers) {
        Headers.Builder builder = Headers.builder();
        headers.forEach((name, values) -> values.forEach(value -> builder.add(name, value)));
        return builder.build().withoutHopByHop();
    }

    /** Copies SPI headers, without hop-by-hop ones and without {@code Host} and {@code Content-Length}. */
    public static void copyTo(Headers from, HttpHeaders to) {
        from.withoutHopByHop().values().forEach((name, values) -> {
            if (!"host".equalsIgnoreCase(name) && !"content-length".equalsIgnoreCase(name)) {
                values.forEach(value -> to.add(name, value));
            }
        });
    }
}
