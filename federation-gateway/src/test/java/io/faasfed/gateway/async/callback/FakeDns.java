package io.faasfed.gateway.async.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * A DNS for tests: fixed answers per name, or a sequence of answers (one per lookup, the last repeating) to play DNS
 * rebinding; records every name it was asked for. Unknown names answer no address.
 */
final class FakeDns implements HostResolver {

    private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** {@code name} answers {@code addresses} (IP literals), in that order, on every lookup. */
    FakeDns map(String name, String... addresses) {
        answers.put(name, List.of(parse(addresses)));
        return this;
    }

    /** {@code name} answers {@code first} on the first lookup and {@code then} on every later one. */
    FakeDns rebind(String name, String first, String then) {
        answers.put(name, List.of(parse(first), parse(then)));
        return this;
    }

    /** {@code name}'s lookups fail, as when the DNS server is down. */
    FakeDns fail(String name) {
        answers.put(name, List.of());
        return this;
    }

    @Override
    public Mono<List<InetAddress>> resolve(String host) {
        asked.add(host);
        int lookup = lookups.computeIfAbsent(host, name -> new AtomicInteger()).getAndIncrement();
        List<List<InetAddress>> sequence = answers.get(host);
        if (sequence == null) {
            return Mono.just(List.of());
        }
        if (sequence.isEmpty()) {
            return Mono.error(new UnknownHostException(host + ": SERVFAIL"));
        }
        return Mono.just(sequence.get(Math.min(lookup, sequence.size() - 1)));
    }

    /** How many times {@code name} was looked up. */
    int lookups(String name) {
        AtomicInteger count = lookups.get(name);
        return count == null ? 0 : count.get();
    }

    /** Every name looked up so far, in order. */
    List<String> asked() {
        return new ArrayList<>(asked);
    }

    private static List<InetAddress> parse(String... addresses) {
        return Arrays.stream(addresses).map(FakeDns::literal).toList();
    }

    /** An address from an IP literal, without any lookup. */
    static InetAddress literal(String address) {
        byte[] bytes = address.contains(":") ? IpLiterals.parseIpv6(address) : IpLiterals.strictDottedQuad(address);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
