package io.faasfed.adapter.openwhisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The envelope an action invoked through the API receives, for every chunking of the body. */
class ActionArgumentsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void base64SurvivesEveryChunkBoundary() {
        byte[] data = new byte[61];
        new Random(7).nextBytes(data);
        for (int first = 0; first <= 7; first++) {
            for (int second = 0; second <= 5; second++) {
                JsonNode envelope = encode("application/octet-stream", chunks(data, first, second));
                assertThat(envelope.path("__ow_body").asString())
                        .as("chunks %d/%d", first, second)
                        .isEqualTo(Base64.getEncoder().encodeToString(data));
            }
        }
    }

    @Test
    void textIsEscapedIntoAJsonStringEvenWhenAUtf8CharacterIsSplit() {
        byte[] text = "Grüße \"quoted\"\t\\ \u0001 ✓\n".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= text.length; split++) {
            JsonNode envelope = encode("text/plain; charset=utf-8", chunks(text, split, 0));
            assertThat(envelope.path("__ow_body").asString())
                    .isEqualTo("Grüße \"quoted\"\t\\ \u0001 ✓\n");
        }
    }

    @Test
    void anEmptyBodyIsAnEmptyString() {
        JsonNode envelope = encode("", Flux.empty());

        assertThat(envelope.path("__ow_body").asString()).isEmpty();
        assertThat(envelope.path("__ow_method").asString()).isEqualTo("post");
    }

    @Test
    void aJsonObjectBodyKeepsItsMembersAndGainsTheHeadersAndAJsonScalarIsWrapped() {
        Invocation object = Invocation.builder("f").headers(Headers.of("Content-Type", "application/json",
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).body("{\"a\":1}").build();
        Invocation scalar = Invocation.builder("f").headers(Headers.of("Content-Type", "application/vnd.x+json"))
                .body("42").build();

        assertThat(text(ActionArguments.of(object, json))).isEqualTo("{\"__ow_headers\":{\"content-type\":"
                + "\"application/json\",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"},"
                + "\"a\":1}");
        assertThat(json.readTree(text(ActionArguments.of(scalar, json))).path("__ow_body").asString())
                .isEqualTo("42");
    }

    @Test
    void theHeadersJoinAJsonObjectAtEveryChunkBoundaryAndAnEmptyObject() {
        Headers headers = Headers.of("Content-Type", "application/json", "X-Call-Id", "c1");
        for (String body : List.of("{\"a\":[1,{\"b\":\"}\"}]}", " \n{ \t\"a\" : 1 }", "{}", "  {  }  ")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            // the first chunk holds the brace (a JSON body whose first chunk is blank is wrapped, see of())
            for (int split = body.indexOf('{') + 1; split <= bytes.length; split++) {
                Invocation call = Invocation.builder("f").headers(headers).body(chunks(bytes, split, 1)).build();
                JsonNode arguments = json.readTree(text(ActionArguments.of(call, json)));
                JsonNode expected = json.readTree(body);

                assertThat(arguments.path("__ow_headers").path("x-call-id").asString()).as("%s split at %d", body,
                        split).isEqualTo("c1");
                assertThat(arguments.size()).isEqualTo(expected.size() + 1);
                expected.properties().forEach(member -> assertThat(arguments.get(member.getKey()))
                        .isEqualTo(member.getValue()));
            }
        }
    }

    @Test
    void theEnvelopeCarriesMethodHeadersPathAndQuery() {
        Invocation call = Invocation.builder("f").method("PATCH").path("/a/b").query("x=1&y=2")
                .headers(Headers.of("X-One", "1", "X-Many", "a", "X-Many", "b", "Connection", "close")).body("z")
                .timeout(Duration.ofSeconds(1)).build();

        JsonNode envelope = json.readTree(text(ActionArguments.of(call, json)));

        assertThat(envelope.path("__ow_method").asString()).isEqualTo("patch");
        assertThat(envelope.path("__ow_path").asString()).isEqualTo("/a/b");
        assertThat(envelope.path("__ow_query").asString()).isEqualTo("x=1&y=2");
        assertThat(envelope.path("__ow_headers").path("x-one").asString()).isEqualTo("1");
        assertThat(envelope.path("__ow_headers").path("x-many").asString()).isEqualTo("a, b");
        assertThat(envelope.path("__ow_headers").has("connection")).isFalse();
    }

    private JsonNode encode(String contentType, Flux<ByteBuffer> body) {
        Invocation call = Invocation.builder("f")
                .headers(contentType.isEmpty() ? Headers.empty() : Headers.of("Content-Type", contentType))
                .body(body).build();
        return json.readTree(text(ActionArguments.of(call, json)));
    }

    private static Flux<ByteBuffer> chunks(byte[] data, int first, int second) {
        List<ByteBuffer> parts = new ArrayList<>();
        int a = Math.min(first, data.length);
        int b = Math.min(a + second, data.length);
        parts.add(ByteBuffer.wrap(data, 0, a));
        parts.add(ByteBuffer.wrap(data, a, b - a));
        parts.add(ByteBuffer.wrap(data, b, data.length - b));
        return Flux.fromIterable(parts);
    }

    private static String text(Flux<ByteBuffer> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.toIterable().forEach(buffer -> {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            out.writeBytes(bytes);
        });
        return out.toString(StandardCharsets.UTF_8);
    }
}
