package io.faasfed.gateway.async.callback;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Resolves a callback's host name to all of its addresses. The guard asks it only for names, never for IP literals
 * (those it reads itself), and judges every address it answers.
 */
public interface HostResolver {

    /** How long {@link #system()} waits for one lookup. */
    Duration SYSTEM_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Every address of {@code host}, in the resolver's order; an empty list or an error when it has none.
     *
     * @param host a host name, lower case, without a trailing dot
     */
    Mono<List<InetAddress>> resolve(String host);

    /** The JVM's resolver ({@link InetAddress#getAllByName}) on the bounded-elastic scheduler, at most 5 seconds. */
    static HostResolver system() {
        return system(SYSTEM_TIMEOUT);
    }

    /**
     * The JVM's resolver ({@link InetAddress#getAllByName}) on the bounded-elastic scheduler, at most
     * {@code timeout} per lookup (the blocked thread finishes in the background).
     */
    static HostResolver system(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        return host -> Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout);
    }
}
