package io.faasfed.gateway.async.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The address ranges a callback may not reach by default, each with its rule id, and the IPv6 forms that carry an
 * IPv4 address (mapped, compatible, NAT64, 6to4), which are judged by the IPv4 address they carry.
 */
final class Addresses {

    /** One refused range: its network, its rule id and what it is, for the message. */
    record Range(Cidr network, String rule, String what) {
    }

    /** IPv4 ranges refused by default. Broadcast comes before the reserved block that contains it. */
    static final List<Range> DEFAULT_IPV4 = List.of(
            range("0.0.0.0/8", CallbackRefused.THIS_NETWORK, "'this network' (0.0.0.0 reaches the gateway's own host)"),
            range("127.0.0.0/8", CallbackRefused.LOOPBACK, "a loopback address (the gateway itself)"),
            range("169.254.0.0/16", CallbackRefused.LINK_LOCAL,
                    "a link-local address (169.254.169.254 is the cloud metadata service)"),
            range("10.0.0.0/8", CallbackRefused.PRIVATE, "a private network address (RFC 1918)"),
            range("172.16.0.0/12", CallbackRefused.PRIVATE, "a private network address (RFC 1918)"),
            range("192.168.0.0/16", CallbackRefused.PRIVATE, "a private network address (RFC 1918)"),
            range("100.64.0.0/10", CallbackRefused.SHARED, "shared address space (RFC 6598, carrier-grade NAT)"),
            range("198.18.0.0/15", CallbackRefused.BENCHMARKING, "a benchmarking network address (RFC 2544)"),
            range("224.0.0.0/4", CallbackRefused.MULTICAST, "a multicast address"),
            range("255.255.255.255/32", CallbackRefused.BROADCAST, "the broadcast address"),
            range("240.0.0.0/4", CallbackRefused.RESERVED, "a reserved address (240.0.0.0/4)"));

    /** IPv6 ranges refused by default (the ones that embed IPv4 are handled by {@link #embeddedIpv4}). */
    static final List<Range> DEFAULT_IPV6 = List.of(
            range("::/128", CallbackRefused.UNSPECIFIED, "the unspecified address"),
            range("::1/128", CallbackRefused.LOOPBACK, "the loopback address (the gateway itself)"),
            range("fe80::/10", CallbackRefused.LINK_LOCAL, "a link-local address"),
            range("fc00::/7", CallbackRefused.UNIQUE_LOCAL, "a unique-local address (RFC 4193)"),
            range("fec0::/10", CallbackRefused.SITE_LOCAL, "a site-local address (deprecated, still routed locally)"),
            range("ff00::/8", CallbackRefused.MULTICAST, "a multicast address"));

    private static final Cidr MAPPED = Cidr.of("::ffff:0:0/96");
    private static final Cidr COMPATIBLE = Cidr.of("::/96");
    private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");

    private Addresses() {
    }

    private static Range range(String cidr, String rule, String what) {
        return new Range(Cidr.of(cidr), rule, what);
    }

    /**
     * The IPv4 address an IPv6 address carries, null for none: IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible
     * ({@code ::a.b.c.d}, except {@code ::} and {@code ::1}), NAT64 ({@code 64:ff9b::a.b.c.d}) and 6to4
     * ({@code 2002:AABB:CCDD::}).
     */
    static byte[] embeddedIpv4(byte[] address) {
        if (address.length != 16) {
            return null;
        }
        if (MAPPED.contains(address) || NAT64.contains(address)
                || (COMPATIBLE.contains(address) && !DEFAULT_IPV6.get(0).network().contains(address)
                        && !DEFAULT_IPV6.get(1).network().contains(address))) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Arrays.copyOfRange(address, 2, 6);
        }
        return null;
    }

    /** Whether {@code address} is IPv4-mapped IPv6 (without {@link Cidr}, which formats with this class). */
    static boolean isMapped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** The textual form of {@code address} (4 or 16 bytes), without any lookup. */
    static String format(byte[] address) {
        try {
            if (address.length == 16 && isMapped(address)) {
                return "::ffff:" + InetAddress.getByAddress(Arrays.copyOfRange(address, 12, 16)).getHostAddress();
            }
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + address.length + " bytes (expected: 4 or 16)", e);
        }
    }
}
