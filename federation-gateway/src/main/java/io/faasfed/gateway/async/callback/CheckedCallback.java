package io.faasfed.gateway.async.callback;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.URI;

/**
 * A callback URL the guard accepted, with the address it was judged on: the delivery connects to {@code address}
 * (never resolving the host again) and names the host only in the {@code Host} header and, for https, in TLS.
 *
 * @param uri     the URL as the caller gave it
 * @param address the pinned address: the URL's literal, or the first of the host's resolved addresses (all of which
 *                passed)
 */
public record CheckedCallback(URI uri, InetAddress address) {

    /** Requires both. */
    public CheckedCallback {
        requireNonNull(uri, "uri");
        requireNonNull(address, "address");
    }

    /** Whether the delivery uses TLS. */
    public boolean secure() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** The port the delivery connects to: the URL's, or the scheme's default. */
    public int port() {
        return CallbackTarget.of(uri).port();
    }

    /** The {@code Host} header the delivery sends: the URL's host and port as written. */
    public String hostHeader() {
        return CallbackTarget.of(uri).hostHeader();
    }

    /**
     * The host name TLS names (SNI) and verifies the certificate against, lower case without a trailing dot; null
     * when the URL names an IP literal (the certificate is then verified against the address).
     */
    public String tlsHostName() {
        CallbackTarget target = CallbackTarget.of(uri);
        return target.literal() == null ? target.host() : null;
    }

    /** The request target: the URL's raw path ({@code /} when empty) and query, without any fragment. */
    public String requestTarget() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
