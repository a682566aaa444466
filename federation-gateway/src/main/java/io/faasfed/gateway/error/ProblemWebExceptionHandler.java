package io.faasfed.gateway.error;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.gateway.invoke.FunctionRoutingFilter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every unhandled failure as an {@code application/problem+json} document (RFC 9457), with the status
 * {@link Problems} maps it to, the call id ({@code X-Call-Id}) and the platform ({@code X-Faasfed-Platform}) when
 * known, and the headers the failure calls for ({@code Allow}, {@code Retry-After}); never a stack trace. A fault
 * of the gateway itself is logged once with its stack trace. Runs before Spring Boot's default handler.
 */
@Order(-2)
public final class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper json;

    /** Writes problems with {@code json}. */
    public ProblemWebExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            log.debug("failure after the response was committed for {}: {}", exchange.getRequest().getPath(),
                    error.toString());
            return Mono.error(error);
        }
        Object platform = exchange.getAttribute(FunctionRoutingFilter.PLATFORM_ATTR);
        Problem problem = Problems.of(error, platform == null ? null : platform.toString());
        Object callId = exchange.getAttribute(FunctionRoutingFilter.CALL_ID_ATTR);
        if (Problems.isInternal(problem)) {
            log.error("unhandled failure for {} {} (call id {})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), callId, error);
        } else if (error instanceof FaasException.PlatformUnavailable && error.getCause() != null) {
            log.warn("{} {} -> {}: {} (cause: {})", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.status(), error.getMessage(), rootCause(error));
        } else {
            log.debug("{} {} -> {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.status(), error.toString());
        }
        if (error instanceof ErrorResponse withHeaders) {
            withHeaders.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
        }
        return write(exchange, problem);
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    /** Writes {@code problem} as the response. */
    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        Object callId = exchange.getAttribute(FunctionRoutingFilter.CALL_ID_ATTR);
        if (callId != null) {
            body.put("callId", callId);
            response.getHeaders().set(FunctionRoutingFilter.CALL_ID_HEADER, callId.toString());
        }
        body.putAll(problem.extensions());
        Object platform = problem.extensions().get("platform");
        if (platform == null) {
            platform = exchange.getAttribute(FunctionRoutingFilter.PLATFORM_ATTR);
        }
        if (platform != null) {
            response.getHeaders().set(FunctionRoutingFilter.PLATFORM_HEADER, platform.toString());
        }
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = response.getHeaders();
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        headers.setContentType(PROBLEM);
        headers.setContentLength(bytes.length);
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        if (problem.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
        }
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
