package io.faasfed.gateway.invoke;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.InvalidArgument;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A request path below {@code /function/} taken apart: {@code /function/echo.openfaas-fn/a/b} is function
 * {@code echo} in namespace {@code openfaas-fn} with extra path {@code /a/b}. As the OpenFaaS gateway does, the name
 * and namespace are split on the last dot; the compat API's default namespace means the default scope.
 *
 * <p>Only safe paths are taken apart; anything else is refused with {@link InvalidArgument} (400) before a platform
 * is asked anything:
 * <ul>
 *   <li>the name and the namespace are letters, digits, {@code '-'}, {@code '_'} or {@code '@'} (and dots in the
 *       name, not first), written plainly (no percent-encoding): every platform's names fit, and nothing in them
 *       can change the meaning of a platform URL the gateway builds from them;</li>
 *   <li>each segment of the extra path is percent-decoded (UTF-8) to check it, and refused when it is {@code .} or
 *       {@code ..} (also with {@code ;parameters}: some servers drop them), holds {@code /} ({@code %2F}),
 *       {@code \} (raw or {@code %5C}), NUL or another control character, is malformed percent-encoding or is not
 *       UTF-8. Dot segments are refused rather than collapsed: collapsing {@code ..} would let a caller climb out of
 *       the function's URL to the platform's other routes, and no client needs to send {@code .} either.</li>
 * </ul>
 * The extra path that passes is forwarded exactly as it came (still encoded), so {@code %20} and the like reach the
 * function unchanged.
 *
 * @param name      the function's name
 * @param scope     the namespace asked for, or null for the default scope
 * @param extraPath the raw (still encoded) path after the name: empty or starting with '/'
 */
public record FunctionPath(String name, String scope, String extraPath) {

    /** A function name in an invocation path: it may hold dots (the last one splits off the namespace). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9_@.-]{0,252}");
    /** A namespace in an invocation path. */
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_@-]{1,253}");
    private static final String NAME_RULE = "letters, digits, '-', '_', '@' or '.' (not first), written plainly "
            + "(no %-encoding), as in /function/{name}[.{namespace}][/{path}]";

    /**
     * Parses the raw path of a request under {@code prefix} (e.g. {@code /function/}).
     *
     * @param rawPath          the request's raw path
     * @param prefix           the route prefix, ending with '/'
     * @param defaultNamespace the namespace that means the default scope
     * @throws FaasException.FunctionNotFound when the path names no function
     * @throws InvalidArgument                when the path is not safe to forward: the message says what to send
     */
    public static FunctionPath parse(String rawPath, String prefix, String defaultNamespace) {
        int start = prefix.length();
        if (rawPath.length() < start && rawPath.equals(prefix.substring(0, start - 1))) {
            throw new FaasException.FunctionNotFound(null, "(none: the path names no function, expected "
                    + prefix + "{name})");
        }
        if (!rawPath.startsWith(prefix)) {
            // the route matched another spelling of the prefix (%66unction, function;x=1): refused, not guessed at
            throw new InvalidArgument("path", quote(rawPath), "the prefix " + prefix + " spelled plainly");
        }
        int slash = rawPath.indexOf('/', start);
        String qualified = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
        String extra = slash < 0 ? "" : rawPath.substring(slash);
        if (qualified.isEmpty()) {
            throw new FaasException.FunctionNotFound(null, "(none: the path names no function, expected "
                    + prefix + "{name})");
        }
        int dot = qualified.lastIndexOf('.');
        String name = dot < 0 ? qualified : qualified.substring(0, dot);
        String namespace = dot < 0 ? "" : qualified.substring(dot + 1);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidArgument("function name", quote(name), NAME_RULE);
        }
        if (!namespace.isEmpty() && !NAMESPACE.matcher(namespace).matches()) {
            throw new InvalidArgument("function namespace", quote(namespace), NAME_RULE);
        }
        checkExtraPath(extra);
        return new FunctionPath(name, namespace.isEmpty() || namespace.equals(defaultNamespace) ? null : namespace,
                extra);
    }

    /** Refuses an extra path with a segment that could mean another resource than the function's own. */
    private static void checkExtraPath(String extra) {
        int from = 1;
        while (from <= extra.length()) {
            int end = extra.indexOf('/', from);
            if (end < 0) {
                end = extra.length();
            }
            checkSegment(extra.substring(from, end));
            from = end + 1;
        }
    }

    private static void checkSegment(String raw) {
        if (raw.isEmpty()) {
            return;
        }
        String decoded = decode(raw);
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '/') {
                throw new InvalidArgument("path segment", quote(raw), "no encoded '/' (%2F) inside a segment; send "
                        + "the path with plain '/' between segments");
            }
            if (c == '\\') {
                throw new InvalidArgument("path segment", quote(raw), "no '\\' (raw or %5C); send '/' between "
                        + "segments, or %255C for a literal backslash the function decodes itself");
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new InvalidArgument("path segment", quote(raw), "no NUL or other control characters");
            }
        }
        int parameters = decoded.indexOf(';');
        String bare = parameters < 0 ? decoded : decoded.substring(0, parameters);
        if (bare.equals(".") || bare.equals("..")) {
            throw new InvalidArgument("path segment", quote(raw), "no '.' or '..' segments, encoded or not: send the "
                    + "path the function should see, already resolved");
        }
    }

    /** The segment percent-decoded as UTF-8; malformed encodings are refused. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int plain = 0;
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', plain)) {
            bytes.writeBytes(raw.substring(plain, i).getBytes(StandardCharsets.UTF_8));
            int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
            int low = high < 0 ? -1 : hex(raw.charAt(i + 2));
            if (low < 0) {
                throw new InvalidArgument("path segment", quote(raw), "'%' followed by two hex digits; send a "
                        + "literal '%' as %25");
            }
            bytes.write(high << 4 | low);
            plain = i + 3;
        }
        bytes.writeBytes(raw.substring(plain).getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidArgument("path segment", quote(raw), "percent-encoded UTF-8");
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** The value quoted for a message, cut short when long. */
    private static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return '"' + shown + '"';
    }
}
