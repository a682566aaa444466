package io.faasfed.gateway.async.callback;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host and port of a callback URL, read from its raw authority by one strict parser (java.net.URI gives up on
 * {@code 127.1} or {@code 0x7f.0.0.1} and takes {@code 2130706433} as a name, so it is not asked for the host).
 *
 * @param host       the host for matching and TLS: lower case, no trailing dot; an IP literal in canonical form
 * @param literal    the address when the host is an IP literal (4 or 16 bytes), null for a name
 * @param zone       an IPv6 literal's zone id, null for none
 * @param port       the explicit port, or the scheme's default
 * @param hostHeader the host and explicit port as written, for the {@code Host} header
 */
record CallbackTarget(String host, byte[] literal, String zone, int port, String hostHeader) {

    private static final Pattern NAME =
            Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern PORT = Pattern.compile("(?::[0-9]*)?");

    /**
     * Reads {@code uri}'s authority (the scheme is the caller's to check).
     *
     * @throws CallbackRefused {@code malformed}, {@code userinfo} or {@code port}
     */
    static CallbackTarget of(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw refused(CallbackRefused.MALFORMED, "the URL has no host (expected: http[s]://host[:port]/path)");
        }
        if (authority.indexOf('@') >= 0) {
            throw refused(CallbackRefused.USERINFO,
                    "the URL carries user information (user:password@); put credentials in the path or query");
        }
        String hostPart;
        String rest;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw refused(CallbackRefused.MALFORMED, "the URL's IPv6 host has no closing ']'");
            }
            hostPart = authority.substring(0, close + 1);
            rest = authority.substring(close + 1);
        } else {
            int colon = authority.indexOf(':');
            hostPart = colon < 0 ? authority : authority.substring(0, colon);
            rest = colon < 0 ? "" : authority.substring(colon);
        }
        if (!PORT.matcher(rest).matches()) {
            throw refused(CallbackRefused.MALFORMED, "the URL's port is not a number");
        }
        int port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        if (rest.length() > 1) {
            String digits = rest.substring(1);
            long value = digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
            if (value < 1 || value > 65535) {
                throw refused(CallbackRefused.PORT, "port " + digits + " is not a port (expected: 1..65535)");
            }
            port = (int) value;
        }
        String hostHeader = rest.length() > 1 ? hostPart + rest : hostPart;
        if (hostPart.startsWith("[")) {
            return ipv6(hostPart.substring(1, hostPart.length() - 1), port, hostHeader);
        }
        return named(hostPart, port, hostHeader);
    }

    private static CallbackTarget ipv6(String inner, int port, String hostHeader) {
        String address = inner;
        String zone = null;
        int percent = inner.indexOf('%');
        if (percent >= 0) {
            address = inner.substring(0, percent);
            zone = inner.startsWith("%25", percent) ? inner.substring(percent + 3) : inner.substring(percent + 1);
        }
        byte[] bytes = IpLiterals.parseIpv6(address.toLowerCase(Locale.ROOT));
        if (bytes == null) {
            throw refused(CallbackRefused.MALFORMED, "the URL's host [" + inner + "] is not an IPv6 address");
        }
        return new CallbackTarget(Addresses.format(bytes), bytes, zone, port, hostHeader);
    }

    private static CallbackTarget named(String written, int port, String hostHeader) {
        for (int i = 0; i < written.length(); i++) {
            if (written.charAt(i) > 0x7e || written.charAt(i) < 0x21) {
                throw refused(CallbackRefused.MALFORMED,
                        "the URL's host is not ASCII; give an internationalised name in its punycode form (xn--...)");
            }
        }
        if (written.indexOf('%') >= 0) {
            throw refused(CallbackRefused.MALFORMED, "the URL's host '" + written
                    + "' is percent-encoded; write it plainly");
        }
        String host = written.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw refused(CallbackRefused.MALFORMED, "the URL has no host (expected: http[s]://host[:port]/path)");
        }
        byte[] v4 = IpLiterals.parseIpv4(host);
        if (v4 != null) {
            return new CallbackTarget(Addresses.format(v4), v4, null, port, hostHeader);
        }
        if (IpLiterals.endsInNumber(host)) {
            throw refused(CallbackRefused.MALFORMED, "the URL's host '" + written
                    + "' ends in a number but is not an IPv4 address (expected: a.b.c.d with parts 0..255, or a"
                    + " host name)");
        }
        if (!NAME.matcher(host).matches()) {
            throw refused(CallbackRefused.MALFORMED, "the URL's host '" + written + "' is not a host name");
        }
        return new CallbackTarget(host, null, null, port, hostHeader);
    }

    /** A refusal whose message starts with the rule, as every refusal's does. */
    static CallbackRefused refused(String rule, String detail) {
        return new CallbackRefused(rule, "callback URL refused (" + rule + "): " + detail);
    }
}
