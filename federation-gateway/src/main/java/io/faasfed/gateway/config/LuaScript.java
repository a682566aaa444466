package io.faasfed.gateway.config;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A Lua script of one of our Redis stores, run with {@code EVALSHA}, and with {@code EVAL} once more only when Redis
 * answers {@code NOSCRIPT} (after a restart or {@code SCRIPT FLUSH}, which also loads it again).
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    /** The script {@code source}. */
    public LuaScript(String source) {
        this.source = Objects.requireNonNull(source, "source");
        this.sha = sha1(source);
    }

    /** Runs the script on {@code keys} with {@code args}; its answer as a list (a single nested list unwrapped). */
    public Mono<List<Object>> run(RedisReactiveCommands<String, String> redis, String[] keys, String... args) {
        return redis.<Object>evalsha(sha, ScriptOutputType.MULTI, keys, args).collectList()
                .onErrorResume(RedisNoScriptException.class,
                        missing -> redis.<Object>eval(source, ScriptOutputType.MULTI, keys, args).collectList())
                .map(LuaScript::flatten);
    }

    private static List<Object> flatten(List<Object> reply) {
        return reply.size() == 1 && reply.get(0) instanceof List<?> nested ? new ArrayList<>(nested) : reply;
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
