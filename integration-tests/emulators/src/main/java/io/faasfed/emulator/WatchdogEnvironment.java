package io.faasfed.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request metadata the classic watchdog hands a function as env vars ({@code cgi_headers}): {@code Http_Method},
 * {@code Http_Path}, {@code Http_Query} (only when non-empty) and every header as {@code Http_<Header_Name>}, the name
 * in Go's canonical form with {@code -} turned into {@code _} ({@code content-type} becomes
 * {@code Http_Content_Type}).
 */
public final class WatchdogEnvironment {

    private WatchdogEnvironment() {
    }

    /** The variables for one request. */
    public static Map<String, String> of(String method, String path, String rawQuery,
            Iterable<Map.Entry<String, String>> headers) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = "Http_" + canonical(header.getKey()).replace('-', '_');
            env.putIfAbsent(name, header.getValue());
        }
        env.put("Http_Method", method);
        env.put("Http_Path", path == null || path.isEmpty() ? "/" : path);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            env.put("Http_Query", rawQuery);
        }
        return env;
    }

    /** Go's canonical header form: {@code x-call-id} becomes {@code X-Call-Id}. */
    public static String canonical(String headerName) {
        StringBuilder canonical = new StringBuilder(headerName.length());
        boolean upper = true;
        for (char c : headerName.toCharArray()) {
            canonical.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return canonical.toString();
    }
}
