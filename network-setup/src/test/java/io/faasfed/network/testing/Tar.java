package io.faasfed.network.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A minimal ustar writer: enough for a root filesystem of one binary and its links, with no extra dependency. */
final class Tar {

    private Tar() {
    }

    /** {@code bin/busybox}, a link {@code bin/<applet>} to it for each applet, and empty {@code tmp/}, {@code www/}. */
    static byte[] rootFilesystem(byte[] busybox, List<String> applets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        directory(out, "bin/");
        directory(out, "tmp/");
        directory(out, "www/");
        directory(out, "etc/");
        file(out, "etc/passwd", 0644, "root:x:0:0:root:/:/bin/sh\n".getBytes(StandardCharsets.US_ASCII));
        file(out, "etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.US_ASCII));
        file(out, "bin/busybox", 0755, busybox);
        for (String applet : applets) {
            header(out, "bin/" + applet, 0777, 0, '2', "busybox");
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void directory(ByteArrayOutputStream out, String name) {
        header(out, name, 0755, 0, '5', "");
    }

    private static void file(ByteArrayOutputStream out, String name, int mode, byte[] content) {
        header(out, name, mode, content.length, '0', "");
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
    }

    private static void header(ByteArrayOutputStream out, String name, int mode, long size, char type, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, String.format("%07o", mode));
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", 0L));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum) + "\0 ");
        out.writeBytes(h);
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
    }
}
