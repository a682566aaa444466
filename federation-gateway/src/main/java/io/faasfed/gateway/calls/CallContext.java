package io.faasfed.gateway.calls;

/**
 * The rules that tie a call to its parent and trace, shared by the synchronous and asynchronous paths: a caller's
 * {@code X-Call-Id} names the parent (when it is a plausible id), and the trace id comes from the W3C
 * {@code traceparent} header.
 */
public final class CallContext {

    /** The header with the call's id: the gateway's own, both to the function and back to the caller. */
    public static final String CALL_ID_HEADER = "X-Call-Id";
    /** The header that tells a function which call it was made under (the caller's {@code X-Call-Id}). */
    public static final String PARENT_CALL_ID_HEADER = "X-Parent-Call-Id";
    /** The W3C trace context header. */
    public static final String TRACEPARENT_HEADER = "traceparent";
    /** The tenant recorded for an anonymous caller. */
    public static final String NO_TENANT = "-";
    /** The longest parent id accepted. */
    public static final int MAX_ID_LENGTH = 128;

    private CallContext() {
    }

    /**
     * The parent call id a caller's {@code X-Call-Id} names: the value trimmed when it is 1 to {@value #MAX_ID_LENGTH}
     * printable ASCII characters, else null (ignored, never an error: a caller that sends junk still gets its call).
     */
    public static String parentId(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return value;
    }

    /**
     * The trace id of a W3C {@code traceparent} ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}): the
     * 32 lower-case hex digits, or null when the header is absent, malformed or carries the invalid all-zero id. The
     * one place the call log learns a call's trace, so that a tracer can supply it instead.
     */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String value = traceparent.trim();
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || !hex(value, 0, 2) || "ff".equals(value.substring(0, 2))) {
            return null;
        }
        String trace = value.substring(3, 35);
        if (!hex(trace, 0, 32) || trace.chars().allMatch(c -> c == '0')) {
            return null;
        }
        return trace;
    }

    private static boolean hex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
