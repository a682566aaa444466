package io.faasfed.emulator.samples;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code faasfed/samples:call-function} sample: a function that calls other functions through the federation
 * gateway, so one platform's function reaches another platform's. It is a program of its own, run per call by the
 * emulators with the JDK's {@code java} launcher; it uses nothing but the JDK.
 *
 * <p>It reads the gateway URL from env {@code FAASFED_GATEWAY_URL} and the target names from env
 * {@code TARGET_FUNCTION} (comma-separated), POSTs its stdin to {@code <gateway>/function/<name>} for each, and prints
 * the answers on stdout. Run as an OpenWhisk action (env {@code __OW_ACTIVATION_ID} is set) it sends its JSON
 * parameters and prints a JSON object {@code {"calls":[{"function","status","body"}]}}, or {@code {"error":…}} when a
 * call failed; otherwise it prints the response bodies as they are and exits 1 when a call failed.
 */
public final class CallFunction {

    private CallFunction() {
    }

    /** Runs one call; the process' stdin, stdout and env are its interface. */
    public static void main(String[] args) throws IOException, InterruptedException {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        String gateway = System.getenv("FAASFED_GATEWAY_URL");
        String targets = System.getenv("TARGET_FUNCTION");
        boolean openWhisk = System.getenv("__OW_ACTIVATION_ID") != null;
        if (gateway == null || gateway.isBlank() || targets == null || targets.isBlank()) {
            fail(out, err, openWhisk, "call-function needs env FAASFED_GATEWAY_URL and TARGET_FUNCTION");
            return;
        }
        byte[] body = System.in.readAllBytes();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Call> calls = new ArrayList<>();
        for (String target : targets.split(",")) {
            String name = target.trim();
            if (!name.isEmpty()) {
                calls.add(call(client, gateway, name, body, openWhisk));
            }
        }
        boolean failed = calls.stream().anyMatch(call -> call.status() < 200 || call.status() > 299);
        if (openWhisk) {
            StringBuilder json = new StringBuilder("{");
            if (failed) {
                json.append("\"error\":\"a call through the gateway failed\",");
            }
            json.append("\"calls\":[");
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                json.append(i == 0 ? "" : ",").append("{\"function\":").append(quote(call.function()))
                        .append(",\"status\":").append(call.status())
                        .append(",\"body\":").append(quote(call.body())).append('}');
            }
            json.append("]}\n");
            out.write(json.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        for (Call call : calls) {
            out.write(call.body().getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        if (failed) {
            err.write("a call through the gateway failed\n".getBytes(StandardCharsets.UTF_8));
            err.flush();
            System.exit(1);
        }
    }

    private static Call call(HttpClient client, String gateway, String name, byte[] body, boolean json)
            throws InterruptedException {
        String base = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/function/" + name))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", json ? "application/json" : contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String callId = System.getenv("Http_X_Call_Id");
        if (callId != null && !callId.isBlank()) {
            request.header("X-Call-Id", callId);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Call(name, response.statusCode(), response.body());
        } catch (IOException e) {
            return new Call(name, 502, "cannot reach the gateway at " + base + ": " + e);
        }
    }

    private static String contentType() {
        String incoming = System.getenv("Http_Content_Type");
        return incoming == null || incoming.isBlank() ? "text/plain" : incoming;
    }

    private static void fail(OutputStream out, OutputStream err, boolean openWhisk, String message)
            throws IOException {
        if (openWhisk) {
            out.write(("{\"error\":" + quote(message) + "}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        System.exit(2);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private record Call(String function, int status, String body) {
    }
}
