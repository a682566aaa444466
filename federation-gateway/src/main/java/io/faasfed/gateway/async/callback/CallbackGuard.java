package io.faasfed.gateway.async.callback;

import static io.faasfed.gateway.async.callback.CallbackTarget.refused;
import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * The SSRF guard for callback URLs, asked at submit (a refusal is a 400 naming the rule) and again at delivery (a
 * refusal ends the delivery without retries). It parses the URL strictly (absolute, an allowed scheme, no user
 * information, a host, a port 1–65535), reads IP literals in every spelling {@code inet_aton} and RFC 4291 accept
 * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code [::ffff:7f00:1]}, ...) before any DNS, takes
 * {@code localhost} and {@code *.localhost} as 127.0.0.1 without DNS, resolves other names through its
 * {@link HostResolver}, and judges every address: one refused address refuses the URL (whoever controls the name's
 * DNS controls the order of its answers). The accepted address is pinned in the {@link CheckedCallback}.
 *
 * <p>An address is accepted when it is in {@link CallbackPolicy#allowedNetworks()} (itself, or for an IPv4-mapped
 * IPv6 address its IPv4 address); otherwise it is refused when it is in a default range or {@link CallbackPolicy#refusedNetworks()}. IPv6
 * forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
public final class CallbackGuard {

    /** The longest callback URL accepted. */
    public static final int MAX_URL_LENGTH = 4096;

    private static final String ALLOWED_NETWORKS = CallbackPolicy.PREFIX + ".allowed-networks";
    private static final String ALLOWED_HOSTS = CallbackPolicy.PREFIX + ".allowed-hosts";
    private static final byte[] LOCALHOST = {127, 0, 0, 1};

    private final CallbackPolicy policy;
    private final HostResolver resolver;
    private final List<Cidr> allowed;
    private final List<Cidr> extraRefused;

    /**
     * A guard applying {@code policy}, resolving names with {@code resolver}.
     *
     * @param policy   where callbacks may go
     * @param resolver the DNS (tests give a fake one)
     */
    public CallbackGuard(CallbackPolicy policy, HostResolver resolver) {
        this.policy = requireNonNull(policy, "policy");
        this.resolver = requireNonNull(resolver, "resolver");
        this.allowed = policy.allowedCidrs();
        this.extraRefused = policy.refusedCidrs();
    }

    /** The policy this guard applies. */
    public CallbackPolicy policy() {
        return policy;
    }

    /**
     * Checks {@code url}: emits it with its pinned address, or errors with {@link CallbackRefused}. Literal hosts are
     * judged without any lookup; a name is resolved once per check.
     */
    public Mono<CheckedCallback> check(String url) {
        return Mono.defer(() -> {
            URI uri = parse(url);
            CallbackTarget target = CallbackTarget.of(uri);
            if (!policy.hostAllowed(target.host())) {
                return Mono.error(refused(CallbackRefused.HOST_NOT_ALLOWED, "host " + target.host()
                        + " is not in " + ALLOWED_HOSTS + " " + policy.allowedHosts()
                        + "; add it (or a *.suffix pattern) there"));
            }
            if (target.literal() != null) {
                judge(target.literal(), target.host());
                if (target.zone() != null) {
                    return Mono.error(refused(CallbackRefused.MALFORMED, "the URL's host [" + target.host() + "%"
                            + target.zone() + "] carries a zone id; give a global address or a host name"));
                }
                return Mono.just(new CheckedCallback(uri, address(target.literal())));
            }
            if (target.host().equals("localhost") || target.host().endsWith(".localhost")) {
                judge(LOCALHOST, target.host() + " (always the loopback address 127.0.0.1)");
                return Mono.just(new CheckedCallback(uri, address(LOCALHOST)));
            }
            return resolve(target.host()).map(addresses -> {
                for (InetAddress address : addresses) {
                    judge(address.getAddress(), "host " + target.host() + " resolves to "
                            + Addresses.format(address.getAddress()), "; it");
                }
                return new CheckedCallback(uri, address(addresses.get(0).getAddress()));
            });
        });
    }

    private URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw refused(CallbackRefused.MALFORMED, "empty (expected: an absolute http or https URL)");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw refused(CallbackRefused.MALFORMED, "longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(CallbackRefused.MALFORMED, "not a URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); expected an absolute http or https URL");
        }
        if (!uri.isAbsolute()) {
            throw refused(CallbackRefused.MALFORMED, "not absolute (expected: http[s]://host[:port]/path)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!policy.schemes().contains(scheme)) {
            throw refused(CallbackRefused.SCHEME, "scheme '" + scheme + "' is not one of "
                    + CallbackPolicy.PREFIX + ".schemes " + policy.schemes().stream().sorted().toList());
        }
        if (uri.isOpaque()) {
            throw refused(CallbackRefused.MALFORMED, "not hierarchical (expected: " + scheme + "://host[:port]/path)");
        }
        return uri;
    }

    private Mono<List<InetAddress>> resolve(String host) {
        return resolver.resolve(host)
                .onErrorMap(error -> !(error instanceof CallbackRefused), error -> refused(
                        CallbackRefused.UNRESOLVABLE, "host " + host + " could not be resolved ("
                                + describe(error) + ")"))
                .filter(addresses -> !addresses.isEmpty())
                .switchIfEmpty(Mono.error(() -> refused(CallbackRefused.UNRESOLVABLE,
                        "host " + host + " has no address")));
    }

    private static String describe(Throwable error) {
        if (error instanceof UnknownHostException) {
            return "unknown host";
        }
        if (error instanceof java.util.concurrent.TimeoutException) {
            return "the lookup timed out";
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private void judge(byte[] address, String subject) {
        judge(address, subject, "");
    }

    /**
     * Throws the refusal for {@code address}, if any.
     *
     * @param subject how the message names the address ("127.0.0.1", "host a.test resolves to 10.0.0.5")
     * @param joiner  put between subject and verdict ("" after a bare address, "; it" after a sentence)
     */
    private void judge(byte[] address, String subject, String joiner) {
        byte[] embedded = Addresses.embeddedIpv4(address);
        // Only a mapped address is the same destination as its IPv4 address; NAT64, 6to4 and compatible addresses
        // go through a translator, so an allowed IPv4 network does not allow them.
        if (inAny(allowed, address) || Addresses.isMapped(address) && inAny(allowed, embedded)) {
            return;
        }
        String verb = joiner.isEmpty() ? " is " : joiner + " is ";
        if (embedded != null) {
            Addresses.Range range = refusedRange(embedded);
            if (range != null) {
                throw refusal(range, subject + (joiner.isEmpty() ? "" : joiner) + " embeds "
                        + Addresses.format(embedded) + ", which is ");
            }
            Cidr extra = first(extraRefused, embedded);
            if (extra != null) {
                throw refusedNetwork(subject + (joiner.isEmpty() ? "" : joiner) + " embeds "
                        + Addresses.format(embedded) + ", which is ", extra);
            }
        }
        Addresses.Range range = refusedRange(address);
        if (range != null) {
            throw refusal(range, subject + verb);
        }
        Cidr extra = first(extraRefused, address);
        if (extra != null) {
            throw refusedNetwork(subject + verb, extra);
        }
    }

    private static Addresses.Range refusedRange(byte[] address) {
        for (Addresses.Range range : address.length == 4 ? Addresses.DEFAULT_IPV4 : Addresses.DEFAULT_IPV6) {
            if (range.network().contains(address)) {
                return range;
            }
        }
        return null;
    }

    private static CallbackRefused refusal(Addresses.Range range, String lead) {
        return refused(range.rule(), lead + range.what() + " in " + range.network()
                + "; if the receiver really is there, add its network to " + ALLOWED_NETWORKS);
    }

    private static CallbackRefused refusedNetwork(String lead, Cidr network) {
        return refused(CallbackRefused.REFUSED_NETWORK, lead + "in " + network + ", listed in "
                + CallbackPolicy.PREFIX + ".refused-networks; remove it there or add the receiver's network to "
                + ALLOWED_NETWORKS);
    }

    private static boolean inAny(List<Cidr> networks, byte[] address) {
        return first(networks, address) != null;
    }

    private static Cidr first(List<Cidr> networks, byte[] address) {
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return network;
            }
        }
        return null;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
