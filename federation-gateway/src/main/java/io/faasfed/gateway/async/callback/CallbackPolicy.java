package io.faasfed.gateway.async.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where callbacks may go ({@code faasfed.async.callback.*}). The default ranges (loopback, link-local, private,
 * unique-local, ...) are always refused; this policy narrows or widens that:
 *
 * @param allowedHosts     when non-empty, the only host names callbacks may name at all: exact names
 *                         ({@code hooks.example.com}) or suffix patterns ({@code *.example.com}, which matches
 *                         {@code a.example.com} and {@code a.b.example.com} but not {@code example.com}),
 *                         case-insensitive; an IP literal matches only when listed in its canonical form. Their
 *                         addresses are still judged.
 * @param allowedNetworks  CIDRs (IPv4 and IPv6) whose addresses are accepted even inside the refused ranges, e.g.
 *                         {@code 10.1.0.0/16} for an internal receiver (an IPv4 network also allows its IPv4-mapped
 *                         IPv6 spelling, not NAT64 or 6to4 forms); they win over {@code refusedNetworks}
 * @param refusedNetworks  CIDRs refused on top of the default ranges
 * @param schemes          the URL schemes accepted, a subset of http and https
 * @param timeout          how long one delivery may take, connecting included
 */
public record CallbackPolicy(List<String> allowedHosts, List<String> allowedNetworks, List<String> refusedNetworks,
                             Set<String> schemes, Duration timeout) {

    /** The prefix of the settings this policy is bound from. */
    public static final String PREFIX = "faasfed.async.callback";

    private static final Set<String> KNOWN_SCHEMES = Set.of("http", "https");
    private static final Pattern HOST_NAME =
            Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    /** Checks every entry, failing with the setting's name and what to write instead; normalises case. */
    public CallbackPolicy {
        allowedHosts = hostPatterns(allowedHosts);
        allowedNetworks = networks(allowedNetworks, PREFIX + ".allowed-networks");
        refusedNetworks = networks(refusedNetworks, PREFIX + ".refused-networks");
        schemes = schemes(schemes);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".timeout: " + timeout + " (expected: > 0, e.g. 10s)");
        }
    }

    /** No allowlist, no extra refused networks, http and https, a 10 second timeout. */
    public static CallbackPolicy defaults() {
        return new CallbackPolicy(List.of(), List.of(), List.of(), Set.of("http", "https"), Duration.ofSeconds(10));
    }

    /** The allowed networks, parsed. */
    List<Cidr> allowedCidrs() {
        return allowedNetworks.stream().map(Cidr::of).toList();
    }

    /** The extra refused networks, parsed. */
    List<Cidr> refusedCidrs() {
        return refusedNetworks.stream().map(Cidr::of).toList();
    }

    /**
     * Whether {@code host} (lower case, no trailing dot; an IP literal in canonical form) is allowed by
     * {@link #allowedHosts()}; always when that list is empty.
     */
    boolean hostAllowed(String host) {
        if (allowedHosts.isEmpty()) {
            return true;
        }
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> hostPatterns(List<String> patterns) {
        String property = PREFIX + ".allowed-hosts";
        List<String> normalised = new ArrayList<>();
        for (String pattern : patterns == null ? List.<String>of() : patterns) {
            String text = pattern == null ? "" : pattern.trim().toLowerCase(Locale.ROOT);
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
            boolean wildcard = text.startsWith("*.");
            String name = wildcard ? text.substring(2) : text;
            String canonical = null;
            if (!wildcard && name.contains(":")) {
                byte[] v6 = IpLiterals.parseIpv6(name);
                canonical = v6 == null ? null : Addresses.format(v6);
            } else if (!wildcard && IpLiterals.strictDottedQuad(name) != null) {
                canonical = name;
            } else if (HOST_NAME.matcher(name).matches() && !IpLiterals.endsInNumber(name)) {
                canonical = text;
            }
            if (canonical == null) {
                throw new IllegalArgumentException(property + ": '" + pattern
                        + "' is not a host pattern (expected: a host name such as hooks.example.com, a suffix"
                        + " pattern such as *.example.com, or an IP address in canonical form)");
            }
            normalised.add(canonical);
        }
        return List.copyOf(normalised);
    }

    private static List<String> networks(List<String> values, String property) {
        List<String> normalised = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            normalised.add(Cidr.parse(value, property).toString());
        }
        return List.copyOf(normalised);
    }

    private static Set<String> schemes(Set<String> values) {
        String property = PREFIX + ".schemes";
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(property + ": empty (expected: http, https or both)");
        }
        Set<String> normalised = new LinkedHashSet<>();
        for (String value : values) {
            String scheme = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN_SCHEMES.contains(scheme)) {
                throw new IllegalArgumentException(property + ": '" + value + "' (expected: http or https)");
            }
            normalised.add(scheme);
        }
        return Set.copyOf(normalised);
    }
}
