package io.faasfed.gateway.async.callback;

import static java.util.Objects.requireNonNull;

/**
 * A callback URL the guard will not deliver to: {@link #rule()} is the short id of the rule that refused it (one of
 * the constants here), the message names the rule, the host or address, and the setting that would allow it. The
 * message never repeats the URL's path or query (they may carry the receiver's secrets). At submit it is a 400; at
 * delivery the call's outcome records it and the delivery is not retried.
 */
public final class CallbackRefused extends RuntimeException {

    /** Not a URL the guard can read: syntax, no host, an ambiguous numeric host, a non-ASCII or percent-encoded host. */
    public static final String MALFORMED = "malformed";
    /** A scheme other than the allowed ones ({@code faasfed.async.callback.schemes}, http and https by default). */
    public static final String SCHEME = "scheme";
    /** User information ({@code user:password@}) in the URL. */
    public static final String USERINFO = "userinfo";
    /** A port outside 1–65535. */
    public static final String PORT = "port";
    /** A host not matched by {@code faasfed.async.callback.allowed-hosts} (when that list is set). */
    public static final String HOST_NOT_ALLOWED = "host-not-allowed";
    /** A host name that resolves to no address, or whose lookup failed or timed out. */
    public static final String UNRESOLVABLE = "unresolvable";
    /** {@code 0.0.0.0/8}. */
    public static final String THIS_NETWORK = "this-network";
    /** {@code 127.0.0.0/8}, {@code ::1}, {@code localhost} and {@code *.localhost}. */
    public static final String LOOPBACK = "loopback";
    /** {@code 169.254.0.0/16} (the cloud metadata service 169.254.169.254) and {@code fe80::/10}. */
    public static final String LINK_LOCAL = "link-local";
    /** {@code 10.0.0.0/8}, {@code 172.16.0.0/12}, {@code 192.168.0.0/16}. */
    public static final String PRIVATE = "private";
    /** {@code 100.64.0.0/10}, carrier-grade NAT. */
    public static final String SHARED = "shared";
    /** {@code 198.18.0.0/15}. */
    public static final String BENCHMARKING = "benchmarking";
    /** {@code 224.0.0.0/4} and {@code ff00::/8}. */
    public static final String MULTICAST = "multicast";
    /** {@code 255.255.255.255}. */
    public static final String BROADCAST = "broadcast";
    /** {@code 240.0.0.0/4}. */
    public static final String RESERVED = "reserved";
    /** {@code ::}. */
    public static final String UNSPECIFIED = "unspecified";
    /** {@code fc00::/7}. */
    public static final String UNIQUE_LOCAL = "unique-local";
    /** {@code fec0::/10}. */
    public static final String SITE_LOCAL = "site-local";
    /** A network listed in {@code faasfed.async.callback.refused-networks}. */
    public static final String REFUSED_NETWORK = "refused-network";

    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * A refusal.
     *
     * @param rule    the rule's short id
     * @param message what was refused, by which rule, and how to allow it
     */
    public CallbackRefused(String rule, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.rule = requireNonNull(rule, "rule");
    }

    /** The short id of the rule that refused the URL, e.g. {@code loopback} or {@code scheme}. */
    public String rule() {
        return rule;
    }
}
