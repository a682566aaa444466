package io.faasfed.gateway.ratelimit;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client address an anonymous caller's bucket is named after.
 *
 * <p>By default the TCP peer's address: a header cannot change it. Behind {@code trustedProxyHops} proxies of the
 * operator's own, each appending the address it received from to {@code X-Forwarded-For}, the client is the entry
 * that many places from the right (entries to its left are whatever the client sent); a request with fewer entries
 * did not come through the proxies, and its peer address is used. IPv6 addresses count by their /64 prefix, the
 * block one host usually gets, so that one host cannot draw on 2^64 buckets.
 */
public final class ClientAddresses {

    private final int trustedProxyHops;

    /** @param trustedProxyHops the operator's proxies in front of the gateway; 0 trusts no header */
    public ClientAddresses(int trustedProxyHops) {
        if (trustedProxyHops < 0) {
            throw new IllegalArgumentException("trustedProxyHops: " + trustedProxyHops + " (expected: >= 0)");
        }
        this.trustedProxyHops = trustedProxyHops;
    }

    /** The address {@code request} counts under, e.g. {@code 192.0.2.7} or {@code 2001:db8:0:1::/64}. */
    public String of(ServerHttpRequest request) {
        if (trustedProxyHops > 0) {
            List<String> forwarded = new ArrayList<>();
            for (String header : request.getHeaders().getOrEmpty("X-Forwarded-For")) {
                for (String entry : header.split(",")) {
                    if (!entry.isBlank()) {
                        forwarded.add(entry.trim());
                    }
                }
            }
            if (forwarded.size() >= trustedProxyHops) {
                InetAddress address = NetUtil.createInetAddressFromIpAddressString(
                        forwarded.get(forwarded.size() - trustedProxyHops));
                if (address != null) {
                    return name(address);
                }
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        return name(remote.getAddress());
    }

    private static String name(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
            return NetUtil.bytesToIpAddress(bytes) + "/64";
        }
        return address.getHostAddress();
    }
}
