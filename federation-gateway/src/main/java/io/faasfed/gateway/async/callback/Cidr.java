package io.faasfed.gateway.async.callback;

import java.util.Arrays;

/**
 * A network in CIDR notation ({@code 10.1.0.0/16}, {@code fd00::/8}), IPv4 or IPv6. Configuration spells IPv4 in
 * strict dotted decimal; a bare address is the network of that one address.
 */
final class Cidr {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
        this.text = Addresses.format(network) + "/" + prefix;
    }

    /**
     * Parses {@code value}; fails naming {@code property} and what to write instead.
     *
     * @throws IllegalArgumentException when it is not a CIDR, or has bits set below its prefix
     */
    static Cidr parse(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + ": empty entry (expected: a CIDR such as 10.1.0.0/16)");
        }
        String trimmed = value.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = address.contains(":") ? IpLiterals.parseIpv6(address) : IpLiterals.strictDottedQuad(address);
        if (bytes == null) {
            throw new IllegalArgumentException(property + ": '" + value
                    + "' is not a CIDR (expected: an IPv4 or IPv6 network such as 10.1.0.0/16 or fd00::/8)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException(property + ": '" + value + "' has prefix length '" + length
                        + "' (expected: 0.." + bits + ")");
            }
            prefix = Integer.parseInt(length);
        }
        Cidr cidr = new Cidr(mask(bytes, prefix), prefix);
        if (!Arrays.equals(cidr.network, bytes)) {
            throw new IllegalArgumentException(property + ": '" + value + "' has host bits set (expected: " + cidr
                    + ")");
        }
        return cidr;
    }

    /** A network from code that is known to be valid. */
    static Cidr of(String value) {
        return parse(value, "cidr");
    }

    /** Whether {@code address} (4 or 16 bytes) is in this network; never for the other family. */
    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** The canonical text, {@code 10.1.0.0/16}. */
    @Override
    public String toString() {
        return text;
    }
}
