package io.faasfed.adapter.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Immutable, case-insensitive, multi-valued HTTP headers. Names keep the spelling they were first given.
 *
 * @param values header name to its values, in insertion order of values; looked up without regard to case
 */
public record Headers(Map<String, List<String>> values) {

    /** The headers that describe one connection and must not be forwarded (RFC 9110 section 7.6.1). */
    public static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private static final Headers EMPTY = new Headers(Map.of());

    /** Copies {@code values} into an unmodifiable case-insensitive map. */
    public Headers {
        Objects.requireNonNull(values, "values");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.forEach((name, list) -> {
            if (name != null && list != null && !list.isEmpty()) {
                copy.merge(name, List.copyOf(list), (a, b) -> {
                    List<String> merged = new ArrayList<>(a);
                    merged.addAll(b);
                    return List.copyOf(merged);
                });
            }
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** No headers. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from name/value pairs: {@code Headers.of("Content-Type", "text/plain", "X-Call-Id", "1")}. */
    public static Headers of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw Checks.invalid("nameValuePairs", nameValuePairs.length + " strings", "name/value pairs");
        }
        Builder builder = builder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            builder.add(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return builder.build();
    }

    /** A builder for headers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The first value of {@code name}, if any. */
    public Optional<String> first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** All values of {@code name}; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Whether {@code name} is present. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** Whether there are no headers. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** These headers with {@code name} set to the single value {@code value}. */
    public Headers with(String name, String value) {
        return toBuilder().set(name, value).build();
    }

    /** These headers without {@code name}. */
    public Headers without(String name) {
        return toBuilder().remove(name).build();
    }

    /** These headers without the ones whose lowercase name {@code drop} accepts. */
    public Headers filter(Predicate<String> keep) {
        Builder builder = builder();
        values.forEach((name, list) -> {
            if (keep.test(name)) {
                list.forEach(value -> builder.add(name, value));
            }
        });
        return builder.build();
    }

    /**
     * These headers minus the hop-by-hop ones, including any header a {@code Connection} header names.
     */
    public Headers withoutHopByHop() {
        Set<String> named = new java.util.HashSet<>();
        for (String connection : all("Connection")) {
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return filter(name -> {
            String lower = name.toLowerCase(Locale.ROOT);
            return !HOP_BY_HOP.contains(lower) && !named.contains(lower);
        });
    }

    /** A builder that starts with these headers. */
    public Builder toBuilder() {
        Builder builder = builder();
        values.forEach((name, list) -> list.forEach(value -> builder.add(name, value)));
        return builder;
    }

    /** A mutable builder of {@link Headers}. */
    public static final class Builder {
        private final TreeMap<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private Builder() {
        }

        /** Adds one value to {@code name}. */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        /** Replaces the values of {@code name} with {@code value}. */
        public Builder set(String name, String value) {
            values.remove(name);
            return add(name, value);
        }

        /** Removes {@code name}. */
        public Builder remove(String name) {
            values.remove(name);
            return this;
        }

        /** Adds every value of {@code other}. */
        public Builder addAll(Headers other) {
            other.values().forEach((name, list) -> list.forEach(value -> add(name, value)));
            return this;
        }

        /** The immutable headers. */
        public Headers build() {
            return values.isEmpty() ? EMPTY : new Headers(values);
        }
    }
}
