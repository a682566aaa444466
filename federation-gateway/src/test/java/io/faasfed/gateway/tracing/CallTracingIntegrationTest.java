package io.faasfed.gateway.tracing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.Eventually;
import io.faasfed.gateway.support.OtlpCollector;
import io.faasfed.gateway.support.OtlpCollector.ReceivedSpan;
import io.faasfed.gateway.support.PlatformStubs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * W3C trace context through the gateway over real HTTP: a caller's trace continues to the platform under the
 * gateway's own client span (forward path, OpenWhisk's translated path with {@code __ow_headers}, asynchronous
 * calls run later by the worker), and the spans reach an OTLP/HTTP collector with their parent/child relation and
 * attributes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class CallTracingIntegrationTest {

    private static final PlatformStubs STUBS = new PlatformStubs();
    private static final OtlpCollector COLLECTOR = new OtlpCollector();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        STUBS.register(registry);
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", COLLECTOR::endpoint);
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "200ms");
        registry.add("faasfed.async.promote-interval", () -> "50ms");
        registry.add("faasfed.async.poll-wait", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        STUBS.close();
        COLLECTOR.close();
    }

    @BeforeEach
    void platformsAreUp() {
        STUBS.openfaas.resetAll();
        STUBS.fn.resetAll();
        STUBS.openwhisk.resetAll();
        STUBS.openfaasHealthyWith("hello");
        STUBS.openfaasFunction("hello", 200, "hello from openfaas");
        STUBS.fnHealthyWith();
        STUBS.openwhiskHealthyWith("greet");
        STUBS.openwhiskResult("greet", "{\"greeting\":\"hi\"}");
        discovery.syncAll().block(WAIT);
    }

    @Test
    void aCallersTraceContinuesToThePlatformUnderTheGatewaysOwnSpan() {
        String trace = hex(16);
        String callersSpan = hex(8);

        String callId = client.post().uri("/function/hello")
                .header("traceparent", "00-" + trace + "-" + callersSpan + "-01")
                .header("tracestate", "caller=1")
                .header("b3", trace + "-" + callersSpan + "-1")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("x")
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("X-Call-Id");

        LoggedRequest sent = only(STUBS.openfaas.findAll(postRequestedFor(urlPathEqualTo("/function/hello"))));
        assertThat(sent.getHeaders().getHeader("traceparent").values()).hasSize(1);
        String forwarded = sent.getHeader("traceparent");
        assertThat(forwarded).matches(TRACEPARENT);
        assertThat(traceId(forwarded)).isEqualTo(trace);
        assertThat(parentId(forwarded)).isNotEqualTo(callersSpan);
        // the caller's trace state travels with the trace, in the gateway's header; its B3 header is not passed on
        assertThat(sent.getHeader("tracestate")).isEqualTo("caller=1");
        assertThat(sent.getHeader("b3")).isNull();

        ReceivedSpan clientSpan = awaitSpan(trace, "invoke hello");
        ReceivedSpan serverSpan = awaitSpan(trace, span -> span.kind().equals("SPAN_KIND_SERVER"));
        assertThat(serverSpan.parentSpanId()).as("the server span continues the caller's").isEqualTo(callersSpan);
        assertThat(clientSpan.kind()).isEqualTo("SPAN_KIND_CLIENT");
        assertThat(clientSpan.parentSpanId()).isEqualTo(serverSpan.spanId());
        assertThat(clientSpan.spanId()).as("the platform's parent is the client span").isEqualTo(parentId(forwarded));
        assertThat(clientSpan.attributes()).containsEntry(CallTracing.PLATFORM_KEY, "openfaas")
                .containsEntry(CallTracing.FUNCTION_KEY, "hello")
                .containsEntry(CallTracing.CALL_ID_KEY, callId);
        assertThat(clientSpan.serviceName()).isEqualTo("faasfed");
        // the call's timer has one series per platform, never one per function or call
        assertThat(meters.find(CallTracing.CALL_OBSERVATION).timers()).isNotEmpty().allSatisfy(timer -> assertThat(
                timer.getId().getTags()).extracting(Tag::getKey).containsOnly(CallTracing.PLATFORM_KEY, "error"));
        System.out.printf("trace %s: %d spans received: %s%n", trace, COLLECTOR.trace(trace).size(),
                COLLECTOR.trace(trace).stream().map(span -> span.kind() + " " + span.name()).toList());
    }

    @Test
    void aCallWithoutTraceContextStartsAFreshSampledTrace() {
        client.post().uri("/function/hello").contentType(MediaType.TEXT_PLAIN).bodyValue("x")
                .exchange().expectStatus().isOk();
        client.post().uri("/function/hello").contentType(MediaType.TEXT_PLAIN).bodyValue("y")
                .exchange().expectStatus().isOk();

        List<String> sent = STUBS.openfaas.findAll(postRequestedFor(urlPathEqualTo("/function/hello"))).stream()
                .map(request -> request.getHeader("traceparent")).toList();
        assertThat(sent).hasSize(2).allSatisfy(traceparent -> {
            assertThat(traceparent).matches(TRACEPARENT).endsWith("-01");
            assertThat(traceId(traceparent)).isNotEqualTo("0".repeat(32));
        });
        assertThat(traceId(sent.get(0))).isNotEqualTo(traceId(sent.get(1)));
        ReceivedSpan clientSpan = awaitSpan(traceId(sent.get(0)), "invoke hello");
        assertThat(clientSpan.spanId()).isEqualTo(parentId(sent.get(0)));
    }

    @Test
    void aTranslatedCallCarriesTheTraceInOwHeadersWhateverTheBody() {
        String trace = hex(16);
        String callersSpan = hex(8);
        for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON)) {
            client.post().uri("/function/greet").header("traceparent", "00-" + trace + "-" + callersSpan + "-01")
                    .contentType(type).bodyValue(type.equals(MediaType.APPLICATION_JSON) ? "{\"name\":\"Ada\"}" : "Ada")
                    .exchange().expectStatus().isOk();
        }

        List<LoggedRequest> activations = STUBS.openwhisk.findAll(
                postRequestedFor(urlPathEqualTo("/api/v1/namespaces/_/actions/greet")));
        assertThat(activations).hasSize(2);
        for (LoggedRequest activation : activations) {
            JsonNode arguments = JSON.readTree(activation.getBodyAsString());
            String traceparent = arguments.path("__ow_headers").path("traceparent").asString();
            assertThat(traceparent).as(activation.getBodyAsString()).matches(TRACEPARENT);
            assertThat(traceId(traceparent)).isEqualTo(trace);
            assertThat(parentId(traceparent)).isNotEqualTo(callersSpan);
        }
        ReceivedSpan clientSpan = awaitSpan(trace, "invoke greet");
        assertThat(clientSpan.attributes()).containsEntry(CallTracing.PLATFORM_KEY, "openwhisk");
    }

    @Test
    void anAsynchronousCallContinuesTheSubmittersTraceWhenTheWorkerRunsIt() {
        String trace = hex(16);
        String callersSpan = hex(8);

        String callId = client.post().uri("/async-function/hello")
                .header("traceparent", "00-" + trace + "-" + callersSpan + "-01")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("later")
                .exchange().expectStatus().isAccepted().returnResult(String.class).getResponseHeaders()
                .getFirst("X-Call-Id");

        LoggedRequest sent = Eventually.await("the worker's call of hello", WAIT,
                () -> STUBS.openfaas.findAll(postRequestedFor(urlPathEqualTo("/function/hello"))),
                found -> !found.isEmpty()).get(0);
        String traceparent = sent.getHeader("traceparent");
        assertThat(traceparent).matches(TRACEPARENT);
        assertThat(traceId(traceparent)).isEqualTo(trace);
        assertThat(parentId(traceparent)).isNotEqualTo(callersSpan);

        ReceivedSpan submit = awaitSpan(trace, span -> span.kind().equals("SPAN_KIND_SERVER"));
        ReceivedSpan attempt = awaitSpan(trace, "async hello");
        ReceivedSpan call = awaitSpan(trace, "invoke hello");
        assertThat(submit.parentSpanId()).isEqualTo(callersSpan);
        assertThat(attempt.kind()).isEqualTo("SPAN_KIND_CONSUMER");
        assertThat(attempt.parentSpanId()).isEqualTo(submit.spanId());
        assertThat(attempt.attributes()).containsEntry(CallTracing.CALL_ID_KEY, callId)
                .containsEntry("faasfed.outcome", "succeeded");
        assertThat(call.parentSpanId()).isEqualTo(attempt.spanId());
        assertThat(call.spanId()).isEqualTo(parentId(traceparent));
    }

    private static ReceivedSpan awaitSpan(String trace, String name) {
        return awaitSpan(trace, span -> span.name().equals(name));
    }

    private static ReceivedSpan awaitSpan(String trace, java.util.function.Predicate<ReceivedSpan> wanted) {
        return Eventually.await("a span of trace " + trace, WAIT,
                () -> COLLECTOR.trace(trace).stream().filter(wanted).toList(), found -> !found.isEmpty()).get(0);
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static String parentId(String traceparent) {
        return traceparent.split("-")[2];
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
