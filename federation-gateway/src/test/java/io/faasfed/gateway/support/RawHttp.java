package io.faasfed.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A client that sends the exact bytes of one HTTP/1.1 request on a fresh loopback connection ({@code Connection:
 * close}), so that tests see what the server does with a request line no HTTP library would send as written, and
 * reads the whole answer until the server closes. Every read is bounded by {@code patience}.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * One answer.
     *
     * @param status  the status code, or -1 when the server closed without a status line
     * @param head    the status line and headers
     * @param body    the body (after the blank line), as text
     * @param elapsed how long the exchange took
     */
    public record Answer(int status, String head, String body, Duration elapsed) {

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * Sends {@code method target HTTP/1.1} with {@code headers} (each "Name: value") and {@code body} to
     * 127.0.0.1:{@code port}, and reads the answer.
     *
     * @throws SocketTimeoutException when the server neither answers nor closes within {@code patience}
     */
    public static Answer exchange(int port, String method, String target, String body, Duration patience,
                                  String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        request.append("\r\n");
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) patience.toMillis());
            socket.setSoTimeout((int) patience.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            String answer = readAll(socket.getInputStream());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            int end = answer.indexOf("\r\n\r\n");
            String head = end < 0 ? answer : answer.substring(0, end);
            String rest = end < 0 ? "" : answer.substring(end + 4);
            return new Answer(status(head), head, rest, elapsed);
        }
    }

    private static int status(String head) {
        if (!head.toUpperCase(Locale.ROOT).startsWith("HTTP/1.")) {
            return -1;
        }
        String[] parts = head.split(" ", 3);
        return parts.length < 2 ? -1 : Integer.parseInt(parts[1].trim());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                all.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (IOException reset) {
            // a reset after the answer: keep what was read
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
