package io.faasfed.durability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The calls the tests make to a gateway, as its admin, over plain HTTP/1.1. */
final class GatewayClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String adminKey;

    GatewayClient(String adminKey) {
        this.adminKey = adminKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The answer to one {@code POST /async-function/<function>}: the status and {@code X-Call-Id}, or the failure
     * when no answer came (connection refused or reset, timeout).
     *
     * @param status  the status, {@code -1} when no answer came
     * @param callId  the {@code X-Call-Id} header, null when absent
     * @param body    the answer's body (a problem document on refusals)
     * @param replay  whether the gateway answered an earlier call's id for the same idempotency key
     *                ({@code X-Faasfed-Idempotent-Replay: true})
     * @param failure what went wrong when no answer came, else null
     * @param millis  how long the answer (or the failure) took
     */
    record Submission(int status, String callId, String body, boolean replay, Exception failure, long millis) {

        /** Whether the gateway acknowledged the call (202 with a call id). */
        boolean acknowledged() {
            return status == 202 && callId != null && !callId.isBlank();
        }

        /** A short description for counts and messages. */
        String outcome() {
            return failure != null ? failure.getClass().getSimpleName() : Integer.toString(status);
        }
    }

    /** Submits one asynchronous call with {@code body}, the callback URL and idempotency key (each may be null). */
    Submission submit(String gatewayUrl, String function, String body, String callbackUrl, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/async-function/" + function))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (callbackUrl != null) {
            request.header("X-Callback-Url", callbackUrl);
        }
        if (idempotencyKey != null) {
            request.header("X-Idempotency-Key", idempotencyKey);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Submission(response.statusCode(), response.headers().firstValue("X-Call-Id").orElse(null),
                    response.body(), response.headers().firstValue("X-Faasfed-Idempotent-Replay")
                            .map("true"::equalsIgnoreCase).orElse(false), null, millisSince(start));
        } catch (IOException e) {
            return new Submission(-1, null, null, false, e, millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Submission(-1, null, null, false, e, millisSince(start));
        }
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }

    /** {@code GET /federation/v1/calls/<id>}: the record, or null on 404; other statuses fail. */
    JsonNode call(String gatewayUrl, String callId) throws IOException, InterruptedException {
        HttpResponse<String> response = get(gatewayUrl + "/federation/v1/calls/" + callId);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET /federation/v1/calls/" + callId + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Deploys an OpenFaaS function through the gateway's {@code /system/functions}; fails unless 2xx. */
    void deploy(String gatewayUrl, String deploymentJson) throws IOException, InterruptedException {
        send("POST", gatewayUrl + "/system/functions", deploymentJson);
    }

    /** Saves the composition {@code name} ({@code PUT /federation/v1/compositions/<name>}, JSON); fails unless 2xx. */
    void saveComposition(String gatewayUrl, String name, String definitionJson)
            throws IOException, InterruptedException {
        send("PUT", gatewayUrl + "/federation/v1/compositions/" + name, definitionJson);
    }

    private void send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** Whether {@code GET /federation/v1/functions/<name>} answers 200. */
    boolean knows(String gatewayUrl, String function) throws IOException, InterruptedException {
        return get(gatewayUrl + "/federation/v1/functions/" + function).statusCode() == 200;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + adminKey).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Parses JSON text. */
    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
