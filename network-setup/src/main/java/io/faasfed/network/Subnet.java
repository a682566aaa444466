package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 block in CIDR notation ({@code 10.89.0.0/24}), parsed without name lookups, so that a subnet asked
 * for can be checked for overlaps with every existing network's before anything is created.
 *
 * @param cidr the block as written, normalised ({@code 10.89.0.0/24})
 * @param network the network address's bytes
 * @param prefix the prefix length
 */
public record Subnet(String cidr, byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public Subnet {
        requireNonNull(cidr, "cidr");
        requireNonNull(network, "network");
    }

    /**
     * Parses {@code text} as {@code ADDRESS/PREFIX}.
     *
     * @throws SetupException ({@link SetupProblem#INVALID_INPUT}) naming what is wrong with it
     */
    public static Subnet parse(String text) {
        String value = text == null ? "" : text.trim();
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw invalid(value, "it has no prefix length");
        }
        byte[] address = address(value.substring(0, slash))
                .orElseThrow(() -> invalid(value, "'" + value.substring(0, value.indexOf('/')) + "' is not an IP address"));
        int prefix;
        try {
            prefix = Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(value, "the prefix length is not a number");
        }
        int bits = address.length * 8;
        if (prefix < 1 || prefix > bits) {
            throw invalid(value, "the prefix length must be between 1 and " + bits);
        }
        byte[] masked = mask(address, prefix);
        if (!Arrays.equals(masked, address)) {
            throw invalid(value, "host bits are set; the network address of that block is " + format(masked) + "/" + prefix);
        }
        return new Subnet(format(masked) + "/" + prefix, masked, prefix);
    }

    /** The address {@code text}, checked to be an IPv4 or IPv6 literal (never a host name). */
    public static Optional<byte[]> address(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || (text.contains(":") && IPV6.matcher(text).matches()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether the two blocks share an address. */
    public boolean overlaps(Subnet other) {
        if (network.length != other.network.length) {
            return false;
        }
        int shorter = Math.min(prefix, other.prefix);
        return Arrays.equals(mask(network, shorter), mask(other.network, shorter));
    }

    /** Whether {@code address} lies in this block. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Subnet s && s.cidr.equals(cidr);
    }

    @Override
    public int hashCode() {
        return cidr.hashCode();
    }

    @Override
    public String toString() {
        return cidr;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    /** An address as the engine writes it: dotted IPv4, or IPv6 in its shortest form (RFC 5952, {@code fd00:89::}). */
    private static String format(byte[] address) {
        if (address.length == 4) {
            try {
                return InetAddress.getByAddress(address).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static SetupException invalid(String value, String why) {
        return new SetupException(SetupProblem.INVALID_INPUT, "The subnet '" + value + "' is not usable: " + why + ".",
                "Give a block in CIDR notation, e.g. --subnet 10.89.0.0/24.");
    }
}
