package io.faasfed.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for tests that must send a request target byte for byte ({@code /%73ystem},
 * {@code ;params}, {@code //}, {@code /./}) and repeated headers, which HTTP client libraries normalise or merge.
 * One request per connection ({@code Connection: close}); a chunked answer is decoded.
 */
public final class RawSocket {

    private final int port;

    /** A client of {@code 127.0.0.1:port}. */
    public RawSocket(int port) {
        this.port = port;
    }

    /**
     * Sends {@code method target} with {@code headers} (name-value pairs, repeats allowed) and {@code body} (null for
     * none); blocks until the server closes the connection (at most 30 s).
     */
    public Response send(String method, String target, List<String[]> headers, String body) {
        // a server that answers before reading a body it refuses may reset the connection, and a reset can throw
        // away an answer already received: try again a few times
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(method, target, headers, body);
            } catch (UncheckedIOException reset) {
                if (attempt == 3 || !(reset.getCause() instanceof java.net.SocketException)) {
                    throw reset;
                }
            }
        }
    }

    private Response sendOnce(String method, String target, List<String[]> headers, String body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            for (String[] header : headers) {
                request.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Type: application/json\r\n");
            }
            if (body != null || !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            byte[] answer = readAll(socket.getInputStream());
            return Response.parse(answer, method.equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /** {@link #send} with no headers and no body. */
    public Response send(String method, String target) {
        return send(method, target, List.of(), null);
    }

    /** {@link #send} with one {@code Authorization} value and no body. */
    public Response send(String method, String target, String authorization) {
        return send(method, target, authorization == null ? List.of()
                : List.<String[]>of(new String[] {"Authorization", authorization}), null);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                all.write(buffer, 0, read);
            }
        } catch (java.net.SocketException reset) {
            // the answer may be complete already (a reset after it)
            if (all.size() == 0 || !new String(all.toByteArray(), StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                throw reset;
            }
        }
        return all.toByteArray();
    }

    /**
     * An answer.
     *
     * @param status  the status code
     * @param headers the headers, names in lower case, every value
     * @param body    the body as UTF-8 text
     */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        static Response parse(byte[] raw, boolean head) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IllegalStateException("no complete answer: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        any -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
            if (!head && encoding.stream().anyMatch(value -> value.equalsIgnoreCase("chunked"))) {
                body = dechunk(body);
            }
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < chunked.length) {
                int lineEnd = at;
                while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                    lineEnd++;
                }
                String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0]
                        .trim();
                int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
                if (size == 0) {
                    break;
                }
                out.write(chunked, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }
    }
}
