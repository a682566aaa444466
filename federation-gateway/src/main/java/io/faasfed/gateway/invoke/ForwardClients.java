package io.faasfed.gateway.invoke;

import static java.util.Objects.requireNonNull;

import io.faasfed.adapter.http.AbstractHttpFaasPlatform;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP client each platform's forwarded calls go out on: the platform adapter's own pooled client (its
 * {@code max-connections}, {@code connect-timeout}, idle eviction), so that forwarded and translated calls share one
 * pool per platform, with the response timeout set to the shorter of the platform's {@code read-timeout} and
 * {@code faasfed.invoke.timeout}. A platform that is not an HTTP adapter gets a client on one bounded gateway pool.
 * Closing it closes every platform's pool.
 */
public final class ForwardClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ForwardClients.class);

    private final Map<String, Client> clients = new HashMap<>();
    private final PlatformDirectory directory;
    private final ConnectionProvider fallbackPool;

    /**
     * The clients of {@code directory}'s platforms.
     *
     * @param directory     the platforms
     * @param invokeTimeout {@code faasfed.invoke.timeout}: no forwarded call waits longer for an answer
     */
    public ForwardClients(PlatformDirectory directory, Duration invokeTimeout) {
        this.directory = requireNonNull(directory, "directory");
        requireNonNull(invokeTimeout, "invokeTimeout");
        ConnectionProvider fallback = null;
        for (ConfiguredPlatform platform : directory.all()) {
            if (platform.type() == io.faasfed.adapter.api.PlatformType.COMPOSITION) {
                continue; // runs in the gateway: nothing is forwarded to it
            }
            String id = platform.id().value();
            HttpClient base;
            Duration read;
            if (platform.platform() instanceof AbstractHttpFaasPlatform http) {
                base = http.httpClient();
                read = http.readTimeout();
            } else {
                if (fallback == null) {
                    fallback = ConnectionProvider.builder("faasfed-forward").maxConnections(500)
                            .pendingAcquireTimeout(invokeTimeout).maxIdleTime(Duration.ofSeconds(30))
                            .evictInBackground(Duration.ofSeconds(60)).build();
                }
                base = HttpClient.create(fallback).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000);
                read = invokeTimeout;
            }
            boolean platformLimit = read.compareTo(invokeTimeout) < 0;
            Duration timeout = platformLimit ? read : invokeTimeout;
            String property = platformLimit ? "faasfed.platforms." + id + ".read-timeout" : "faasfed.invoke.timeout";
            clients.put(id, new Client(base.responseTimeout(timeout), timeout, property));
        }
        this.fallbackPool = fallback;
    }

    /** The client of the platform {@code platformId}; null when it is not an enabled platform. */
    public Client of(String platformId) {
        return clients.get(platformId);
    }

    /** Closes every platform's connection pool (with the application context). */
    @Override
    public void close() {
        for (ConfiguredPlatform platform : directory.all()) {
            if (platform.platform() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("closing platform {} failed: {}", platform.id(), e.toString());
                }
            }
        }
        if (fallbackPool != null) {
            fallbackPool.dispose();
        }
    }

    /**
     * One platform's forward client.
     *
     * @param http            the pooled client, with the response timeout set
     * @param timeout         how long an answer is waited for
     * @param timeoutProperty the setting that bounds it, named in timeout problems
     */
    public record Client(HttpClient http, Duration timeout, String timeoutProperty) {
    }
}
