package io.faasfed.adapter.openwhisk.internal;

import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an invocation's streamed body into the JSON object an action invoked through the API expects as its
 * arguments, without ever holding the body whole.
 *
 * <ul>
 *   <li>A body whose {@code Content-Type} is JSON and whose first non-blank byte is <code>{</code> is sent as it is:
 *       its members are the action's parameters, as with {@code wsk action invoke}.</li>
 *   <li>Anything else (plain text, a JSON array or scalar, binary data, no body) is wrapped in the same envelope a
 *       raw web action receives, so that OpenWhisk never rejects it with a 400:
 *       <code>{"__ow_method":"post","__ow_headers":{...},"__ow_path":"/x","__ow_query":"a=1","__ow_body":"..."}</code>.
 *       The body is a JSON string for textual content types (text/*, JSON, XML, form data, no type at all) and
 *       base64 for every other type. Header names are lower case; repeated headers are joined with ", ".</li>
 * </ul>
 */
public final class ActionArguments {

    private static final byte[] BODY_END = "\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private ActionArguments() {
    }

    /** The arguments for {@code request}, streamed; cold, and each subscription encodes afresh. */
    public static Flux<ByteBuffer> of(Invocation request, JsonMapper json) {
        String type = contentType(request.headers());
        if (isJson(type)) {
            return request.body().switchOnFirst((first, body) -> {
                if (first.hasValue() && startsWithObject(first.get())) {
                    return body;
                }
                return envelope(request, body, true, json);
            });
        }
        return envelope(request, request.body(), isText(type), json);
    }

    /** The envelope around {@code body}: the request's metadata, then {@code __ow_body} encoded as it streams. */
    static Flux<ByteBuffer> envelope(Invocation request, Flux<ByteBuffer> body, boolean text, JsonMapper json) {
        return Flux.defer(() -> {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("__ow_method", request.method().toLowerCase(Locale.ROOT));
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().withoutHopByHop().values().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
            head.put("__ow_headers", headers);
            head.put("__ow_path", request.path());
            head.put("__ow_query", request.query());
            String opening = json.writeValueAsString(head);
            byte[] prefix = (opening.substring(0, opening.length() - 1) + ",\"__ow_body\":\"")
                    .getBytes(StandardCharsets.UTF_8);
            Encoder encoder = text ? new JsonStringEncoder() : new Base64Encoder();
            return Flux.concat(Flux.just(ByteBuffer.wrap(prefix)),
                    body.map(encoder::encode).filter(ByteBuffer::hasRemaining),
                    Flux.defer(() -> Flux.just(encoder.finish(), ByteBuffer.wrap(BODY_END.clone())))
                            .filter(ByteBuffer::hasRemaining));
        });
    }

    /** The media type of {@code Content-Type}, lower case and without parameters; empty when absent. */
    static String contentType(Headers headers) {
        String value = headers.first("Content-Type").orElse("");
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String type) {
        return "application/json".equals(type) || type.endsWith("+json");
    }

    static boolean isText(String type) {
        return type.isEmpty() || type.startsWith("text/") || isJson(type) || "application/xml".equals(type)
                || type.endsWith("+xml") || "application/x-www-form-urlencoded".equals(type)
                || "application/javascript".equals(type) || "application/yaml".equals(type);
    }

    private static boolean startsWithObject(ByteBuffer chunk) {
        ByteBuffer view = chunk.duplicate();
        while (view.hasRemaining()) {
            byte b = view.get();
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    /** Encodes chunks of the body into the JSON string's content; one instance per subscription. */
    interface Encoder {
        ByteBuffer encode(ByteBuffer chunk);

        ByteBuffer finish();
    }

    /**
     * Escapes bytes for a JSON string. UTF-8 multi-byte sequences pass unchanged (every byte of them is above
     * 0x7f), so chunk boundaries inside a character do no harm.
     */
    static final class JsonStringEncoder implements Encoder {
        @Override
        public ByteBuffer encode(ByteBuffer chunk) {
            ByteBuffer in = chunk.duplicate();
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.remaining() + 16);
            while (in.hasRemaining()) {
                int b = in.get() & 0xff;
                switch (b) {
                    case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                    case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                    case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                    case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                    case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                    default -> {
                        if (b < 0x20) {
                            out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[b >> 4], HEX[b & 0xf]});
                        } else {
                            out.write(b);
                        }
                    }
                }
            }
            return ByteBuffer.wrap(out.toByteArray());
        }

        @Override
        public ByteBuffer finish() {
            return ByteBuffer.allocate(0);
        }
    }

    /** Base64 across chunk boundaries: up to two bytes wait for the next chunk. */
    static final class Base64Encoder implements Encoder {
        private final byte[] carry = new byte[2];
        private int carried;

        @Override
        public ByteBuffer encode(ByteBuffer chunk) {
            ByteBuffer in = chunk.duplicate();
            int total = carried + in.remaining();
            int whole = total - total % 3;
            byte[] block = new byte[whole];
            int filled = 0;
            for (int i = 0; i < carried && filled < whole; i++) {
                block[filled++] = carry[i];
            }
            int fromCarry = filled;
            in.get(block, filled, whole - filled);
            int left = 0;
            byte[] rest = new byte[2];
            for (int i = fromCarry; i < carried; i++) {
                rest[left++] = carry[i];
            }
            while (in.hasRemaining()) {
                rest[left++] = in.get();
            }
            System.arraycopy(rest, 0, carry, 0, left);
            carried = left;
            return ByteBuffer.wrap(Base64.getEncoder().encode(block));
        }

        @Override
        public ByteBuffer finish() {
            byte[] last = new byte[carried];
            System.arraycopy(carry, 0, last, 0, carried);
            carried = 0;
            return ByteBuffer.wrap(Base64.getEncoder().encode(last));
        }
    }
}
