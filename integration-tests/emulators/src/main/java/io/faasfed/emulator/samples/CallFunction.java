package io.faasfed.emulator.samples;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code faasfed/samples:call-function} sample: a function that calls other functions through the federation
 * gateway, so one platform's function reaches another platform's. It is a program of its own, run by the emulators
 * with the JDK's {@code java} launcher; it uses nothing but the JDK.
 *
 * <p>It reads the gateway URL from env {@code FAASFED_GATEWAY_URL} and the target names from env
 * {@code TARGET_FUNCTION} (comma-separated) and POSTs to {@code <gateway>/function/<name>} for each, forwarding the
 * {@code X-Call-Id} and {@code traceparent} it was called with (so its calls are children of its own in the gateway's
 * call tree, in the same trace) and, when env {@code FAASFED_API_KEY} is set, sending that key as a bearer token. It
 * has two modes:
 * <ul>
 *   <li>Under the watchdog contract (OpenFaaS, Fn): one call per process, stdin is sent on as it is and the answers'
 *       bodies are printed on stdout; exit status 1 when a call failed.</li>
 *   <li>As an OpenWhisk action (env {@code __OW_API_HOST} is set, as the invoker sets it on every action container):
 *       an action loop. Each line on stdin is an activation's envelope; the TEXT it sends on is the {@code text}
 *       parameter, else the raw body the gateway passed as {@code __ow_body}, else the parameters as JSON. The result,
 *       {@code {"calls":[{"function","status","body"}]}} (with {@code "error"} when a call failed), is written as one
 *       line on file descriptor 3.</li>
 * </ul>
 */
public final class CallFunction {

    private CallFunction() {
    }

    /** Runs the sample; the process' stdin, stdout, fd 3 and env are its interface. */
    public static void main(String[] args) throws IOException, InterruptedException {
        String gateway = System.getenv("FAASFED_GATEWAY_URL");
        String targets = System.getenv("TARGET_FUNCTION");
        String missing = gateway == null || gateway.isBlank() || targets == null || targets.isBlank()
                ? "call-function needs env FAASFED_GATEWAY_URL and TARGET_FUNCTION" : null;
        if (System.getenv("__OW_API_HOST") != null) {
            actionLoop(gateway, targets, missing);
            return;
        }
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        if (missing != null) {
            err.write((missing + "\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
            System.exit(2);
        }
        byte[] body = System.in.readAllBytes();
        List<Call> calls = callAll(gateway, targets, body, contentType(), watchdogHeader("X_Call_Id"),
                watchdogHeader("Traceparent"));
        for (Call call : calls) {
            out.write(call.body().getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        if (failed(calls)) {
            err.write("a call through the gateway failed\n".getBytes(StandardCharsets.UTF_8));
            err.flush();
            System.exit(1);
        }
    }

    private static void actionLoop(String gateway, String targets, String missing)
            throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (OutputStream results = new FileOutputStream("/dev/fd/3")) {
            String line;
            while ((line = in.readLine()) != null) {
                Map<String, Object> result = new LinkedHashMap<>();
                if (missing != null) {
                    result.put("error", missing);
                } else {
                    result = activation(gateway, targets, line);
                }
                results.write((MiniJson.write(result) + "\n").getBytes(StandardCharsets.UTF_8));
                results.flush();
            }
        }
    }

    private static Map<String, Object> activation(String gateway, String targets, String envelope)
            throws InterruptedException {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<?, ?> value;
        try {
            Object parsed = MiniJson.parse(envelope);
            value = parsed instanceof Map<?, ?> map && map.get("value") instanceof Map<?, ?> params ? params : Map.of();
        } catch (IllegalArgumentException notJson) {
            result.put("error", "the activation is not JSON: " + notJson.getMessage());
            return result;
        }
        String body;
        String type = "text/plain; charset=utf-8";
        if (value.get("text") instanceof String text) {
            body = text;
        } else if (value.get("__ow_body") instanceof String raw) {
            body = raw;
        } else {
            Map<Object, Object> params = new LinkedHashMap<>(value);
            params.keySet().removeIf(key -> String.valueOf(key).startsWith("__ow_"));
            body = MiniJson.write(params);
            type = "application/json";
        }
        Map<?, ?> headers = value.get("__ow_headers") instanceof Map<?, ?> given ? given : Map.of();
        String callId = headers.get("x-call-id") instanceof String id ? id : null;
        String traceparent = headers.get("traceparent") instanceof String trace ? trace : null;
        List<Call> calls = callAll(gateway, targets, body.getBytes(StandardCharsets.UTF_8), type, callId,
                traceparent);
        if (failed(calls)) {
            result.put("error", "a call through the gateway failed");
        }
        List<Object> answers = new ArrayList<>();
        for (Call call : calls) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("function", call.function());
            answer.put("status", (double) call.status());
            answer.put("body", call.body());
            answers.add(answer);
        }
        result.put("calls", answers);
        return result;
    }

    private static List<Call> callAll(String gateway, String targets, byte[] body, String type, String callId,
                                      String traceparent) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Call> calls = new ArrayList<>();
        for (String target : targets.split(",")) {
            String name = target.trim();
            if (!name.isEmpty()) {
                calls.add(call(client, gateway, name, body, type, callId, traceparent));
            }
        }
        return calls;
    }

    private static boolean failed(List<Call> calls) {
        return calls.stream().anyMatch(call -> call.status() < 200 || call.status() > 299);
    }

    private static Call call(HttpClient client, String gateway, String name, byte[] body, String type, String callId,
                             String traceparent) throws InterruptedException {
        String base = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/function/" + name))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (callId != null && !callId.isBlank()) {
            request.header("X-Call-Id", callId);
        }
        if (traceparent != null && !traceparent.isBlank()) {
            request.header("traceparent", traceparent);
        }
        String key = System.getenv("FAASFED_API_KEY");
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key.trim());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Call(name, response.statusCode(), response.body());
        } catch (IOException e) {
            return new Call(name, 502, "cannot reach the gateway at " + base + ": " + e);
        }
    }

    /**
     * A request header under the watchdog contract: {@code Http_<Name>} (OpenFaaS), or {@code Http_Fn_Http_H_<Name>}
     * (an Fn HTTP trigger hands the request's headers on as {@code Fn-Http-H-*}).
     */
    private static String watchdogHeader(String name) {
        String direct = System.getenv("Http_" + name);
        return direct != null && !direct.isBlank() ? direct : System.getenv("Http_Fn_Http_H_" + name);
    }

    private static String contentType() {
        String incoming = System.getenv("Http_Content_Type");
        return incoming == null || incoming.isBlank() ? "text/plain" : incoming;
    }

    private record Call(String function, int status, String body) {
    }
}
