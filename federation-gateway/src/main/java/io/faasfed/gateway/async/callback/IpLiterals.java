package io.faasfed.gateway.async.callback;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parsers for IP address literals as URL hosts carry them. IPv4 follows {@code inet_aton} (glibc, and so curl and most
 * HTTP clients): one to four parts separated by dots, each decimal, octal (leading {@code 0}) or hexadecimal
 * ({@code 0x}), the last part filling the remaining bytes ({@code 127.1}, {@code 2130706433}, {@code 0x7f.0.0.1}).
 * IPv6 follows RFC 4291's text forms, with an embedded dotted quad allowed in the last 32 bits. Neither ever touches
 * DNS ({@link java.net.InetAddress#getByName} would for anything it does not take as a literal).
 */
final class IpLiterals {

    /** A label that an IPv4 parser would read as a number: a host ending in one is never a DNS name. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    private IpLiterals() {
    }

    /**
     * The four bytes of {@code host} read as {@code inet_aton} reads it; null when it is not such a literal.
     *
     * @param host a host without brackets and without a trailing dot, any case
     */
    static byte[] parseIpv4(String host) {
        String text = host.toLowerCase(Locale.ROOT);
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long value = number(parts[i]);
            if (value < 0) {
                return null;
            }
            values[i] = value;
        }
        int last = parts.length - 1;
        for (int i = 0; i < last; i++) {
            if (values[i] > 0xff) {
                return null;
            }
        }
        if (values[last] >= 1L << (8 * (4 - last))) {
            return null;
        }
        long address = values[last];
        for (int i = 0; i < last; i++) {
            address |= values[i] << (8 * (3 - i));
        }
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /**
     * Whether {@code host}'s last label is a number to an IPv4 parser ({@code 1.2.3.4.5}, {@code 127.0.0.256},
     * {@code 08}): such a host that is not a valid IPv4 literal is ambiguous between parsers (WHATWG refuses it, some
     * resolvers look it up), so it is refused rather than resolved.
     */
    static boolean endsInNumber(String host) {
        String text = host.toLowerCase(Locale.ROOT);
        return NUMERIC_LABEL.matcher(text.substring(text.lastIndexOf('.') + 1)).matches();
    }

    /** One part's value (decimal, {@code 0}-octal or {@code 0x}-hex); -1 when it is not a number or too large. */
    private static long number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0; // "0x" alone is zero to inet_aton's WHATWG sibling; refusing it either way is safe
            }
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        digits = digits.substring(start);
        if (digits.length() > 11) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0 || digits.charAt(i) > 0x7f) {
                return -1;
            }
            value = value * radix + digit;
        }
        return value > 0xffffffffL ? -1 : value;
    }

    /**
     * The sixteen bytes of an IPv6 literal (without brackets and without a zone id); null when it is not one.
     * Accepts {@code ::} once, one to four hex digits a group, and a dotted quad (strict decimal) as the last 32 bits.
     */
    static byte[] parseIpv6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groups(text, true) : groups(text.substring(0, gap), false);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            bytes[2 * i] = (byte) (head[i] >>> 8);
            bytes[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int at = 8 - tail.length + i;
            bytes[2 * at] = (byte) (tail[i] >>> 8);
            bytes[2 * at + 1] = (byte) tail[i];
        }
        return bytes;
    }

    /** The 16-bit groups of one side of {@code ::}; the last may be a dotted quad when {@code quadAllowed}. */
    private static int[] groups(String side, boolean quadAllowed) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int quad = quadAllowed && parts[parts.length - 1].contains(".") ? 1 : 0;
        int[] groups = new int[parts.length + quad];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && quad == 1) {
                byte[] v4 = strictDottedQuad(part);
                if (v4 == null) {
                    return null;
                }
                groups[i] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
                groups[i + 1] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                int digit = part.charAt(c) > 0x7f ? -1 : Character.digit(part.charAt(c), 16);
                if (digit < 0) {
                    return null;
                }
                value = value << 4 | digit;
            }
            groups[i] = value;
        }
        return groups;
    }

    /** Four decimal parts 0–255 without leading zeros (as {@code inet_pton} and configuration take them). */
    static byte[] strictDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                if (ch < '0' || ch > '9') {
                    return null;
                }
                value = value * 10 + (ch - '0');
            }
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }
}
