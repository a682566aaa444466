package io.faasfed.emulator.fn;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.WatchdogEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a function's FDK answers the Fn agent on its socket: a status, headers and a body. A plain process' stdout is
 * a 200 with the function's content type; a process whose config sets {@code fdk_response=http} prints the whole
 * HTTP/1.1 answer itself (status line, headers, an empty line, the body), so it can set {@code Fn-Http-Status} and
 * {@code Fn-Http-H-*} as FDKs do.
 *
 * @param status the FDK's status: 200, or 502/504 for its own failure or timeout
 * @param headers the FDK's headers, in order
 * @param body the body
 */
record FdkResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
    private static final Pattern HEADER = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*(.*?)[ \\t]*");
    /** Transport headers the agent strips before copying the FDK's headers (and the length it sets itself). */
    private static final Set<String> HOP = Set.of("Connection", "Keep-Alive", "Proxy-Authenticate",
            "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length");
    private static final String FN_HTTP_H = "Fn-Http-H-";

    FdkResponse {
        headers = List.copyOf(requireNonNull(headers, "headers"));
        body = body == null ? new byte[0] : body;
    }

    /** A plain process' answer: its stdout, with its content type. */
    static FdkResponse plain(String contentType, byte[] stdout) {
        return new FdkResponse(200, List.of(Map.entry("Content-Type", contentType)), stdout);
    }

    /** An HTTP/1.1 answer as printed by the process; empty when it is not one. */
    static Optional<FdkResponse> parse(byte[] stdout) {
        int end = indexOf(stdout, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int separator = 4;
        int lf = indexOf(stdout, "\n\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0 || lf >= 0 && lf < end) {
            end = lf;
            separator = 2;
        }
        if (end < 0) {
            return Optional.empty();
        }
        String[] lines = new String(stdout, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n");
        Matcher status = STATUS_LINE.matcher(lines[0]);
        if (!status.matches()) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            Matcher header = HEADER.matcher(line);
            if (!header.matches()) {
                return Optional.empty();
            }
            String name = WatchdogEnvironment.canonical(header.group(1));
            if (!HOP.contains(name)) {
                headers.add(Map.entry(name, header.group(2)));
            }
        }
        return Optional.of(new FdkResponse(Integer.parseInt(status.group(1)), headers,
                Arrays.copyOfRange(stdout, end + separator, stdout.length)));
    }

    /** On {@code /invoke}: 200 with the FDK's headers as they are, {@code Fn-Http-*} untranslated. */
    EmulatorResponse asInvokeAnswer() {
        return new EmulatorResponse(200, headers, body);
    }

    /**
     * On an HTTP trigger: {@code Fn-Http-Status} becomes the status (502 and 504 pass, any other 5xx becomes 502),
     * {@code Fn-Http-H-X} becomes {@code X}, {@code Content-Type} stays, every other header is dropped (CONTRACTS.md
     * line 193; fnproject/fn {@code triggerResponseWriter}).
     */
    EmulatorResponse asTriggerAnswer() {
        int userStatus = 0;
        List<Map.Entry<String, String>> translated = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            if (name.regionMatches(true, 0, FN_HTTP_H, 0, FN_HTTP_H.length())) {
                if (name.length() > FN_HTTP_H.length()) {
                    translated.add(Map.entry(name.substring(FN_HTTP_H.length()), header.getValue()));
                }
            } else if ("Fn-Http-Status".equalsIgnoreCase(name) && userStatus == 0) {
                userStatus = parseStatus(header.getValue());
            } else if ("Content-Type".equalsIgnoreCase(name)) {
                translated.add(header);
            }
        }
        int status = userStatus == 0 ? 200
                : userStatus == 502 || userStatus == 504 ? userStatus
                : userStatus >= 500 ? 502 : userStatus;
        return new EmulatorResponse(status, translated, body);
    }

    private static int parseStatus(String value) {
        try {
            int status = Integer.parseInt(value.trim().toLowerCase(Locale.ROOT));
            return status >= 100 && status <= 599 ? status : 0;
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
