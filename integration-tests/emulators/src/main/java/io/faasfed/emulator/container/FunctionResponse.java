package io.faasfed.emulator.container;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a function container answered.
 *
 * @param status the HTTP status
 * @param headers its headers, in order (hop-by-hop ones left out)
 * @param body its body
 */
public record FunctionResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public FunctionResponse {
        headers = List.copyOf(requireNonNull(headers, "headers"));
        requireNonNull(body, "body");
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h.getKey().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
