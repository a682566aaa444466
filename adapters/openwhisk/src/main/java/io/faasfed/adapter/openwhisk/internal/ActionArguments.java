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
 *   <li>A body whose {@code Content-Type} is JSON and whose first non-blank byte is <code>{</code> is sent with its
 *       members as the action's parameters, as with {@code wsk action invoke}, plus one first member
 *       {@code __ow_headers} with the request's headers, as OpenWhisk itself adds to a web action's JSON parameters:
 *       so the action sees the call's {@code traceparent} and {@code X-Call-Id} whatever the body. (A body that has
 *       its own {@code __ow_headers} member keeps it: the controller keeps the last of duplicate members.)</li>
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
                    return withHeaders(request, body, json);
                }
                return envelope(request, body, true, json);
            });
        }
        return envelope(request, request.body(), isText(type), json);
    }

    /**
     * The JSON object {@code object} (its first non-blank byte is <code>{</code>) with {@code __ow_headers} as its
     * first member, streamed: only the bytes up to the object's first member are looked at.
     */
    static Flux<ByteBuffer> withHeaders(Invocation request, Flux<ByteBuffer> object, JsonMapper json) {
        return Flux.defer(() -> {
            String members = json.writeValueAsString(Map.of("__ow_headers", headers(request)));
            byte[] opening = members.substring(0, members.length() - 1).getBytes(StandardCharsets.UTF_8);
            MemberJoiner joiner = new MemberJoiner();
            return Flux.concat(Flux.just(ByteBuffer.wrap(opening)),
                    object.map(joiner::next).filter(ByteBuffer::hasRemaining));
        });
    }

    /** The request's headers as {@code __ow_headers} has them: lower-case names, repeated values joined. */
    private static Map<String, String> headers(Invocation request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().withoutHopByHop().values().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return headers;
    }

    /** The envelope around {@code body}: the request's metadata, then {@code __ow_body} encoded as it streams. */
    static Flux<ByteBuffer> envelope(Invocation request, Flux<ByteBuffer> body, boolean text, JsonMapper json) {
        return Flux.defer(() -> {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("__ow_method", request.method().toLowerCase(Locale.ROOT));
            head.put("__ow_headers", headers(request));
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

    /**
     * Drops an object's opening <code>{</code> (the opening that precedes it already has one) and puts a comma before
     * its first member, or nothing when the object is empty; every byte after that passes untouched. One instance
     * per subscription.
     */
    static final class MemberJoiner {
        private static final int BEFORE_BRACE = 0;
        private static final int BEFORE_MEMBER = 1;
        private static final int JOINED = 2;

        private int state = BEFORE_BRACE;

        ByteBuffer next(ByteBuffer chunk) {
            if (state == JOINED) {
                return chunk;
            }
            ByteBuffer view = chunk.duplicate();
            while (view.hasRemaining()) {
                int at = view.position();
                byte b = view.get();
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                    continue;
                }
                if (state == BEFORE_BRACE) {
                    state = BEFORE_MEMBER;
                    continue;
                }
                state = JOINED;
                view.position(at);
                if (b == '}') {
                    return view.slice();
                }
                ByteBuffer joined = ByteBuffer.allocate(1 + view.remaining());
                joined.put((byte) ',').put(view).flip();
                return joined;
            }
            return ByteBuffer.allocate(0);
        }
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
