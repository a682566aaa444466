package io.faasfed.network.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tar stream written entry by entry (POSIX long names and sizes), owned by root, for an image's root filesystem or a
 * build context, with each path at most once (a directory given again is left out; a file given again is an error).
 * Blocking: used on the bounded elastic scheduler only.
 */
final class TarFile implements AutoCloseable {

    private final TarArchiveOutputStream tar;
    private final Set<String> names = new HashSet<>();

    TarFile(OutputStream out) {
        tar = new TarArchiveOutputStream(requireNonNull(out, "out"));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** A directory {@code name} (no leading slash) with {@code mode}. */
    void directory(String name, int mode) throws IOException {
        if (!names.add(strip(name))) {
            return;
        }
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** A regular file {@code name} with {@code content}. */
    void file(String name, int mode, byte[] content) throws IOException {
        unique(name);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** A regular file {@code name} with the content of {@code source} (links followed) and its mode. */
    void file(String name, Path source) throws IOException {
        unique(name);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode(source));
        entry.setSize(Files.size(source));
        tar.putArchiveEntry(entry);
        Files.copy(source, tar);
        tar.closeArchiveEntry();
    }

    /** A symbolic link {@code name} to {@code target}. */
    void symlink(String name, String target) throws IOException {
        unique(name);
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0120777);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }

    /** The engine refuses a layer with a path twice in it ("duplicates of file paths not supported"). */
    private void unique(String name) {
        if (!names.add(strip(name))) {
            throw new IllegalStateException("The tar stream would have " + name + " twice, which Docker refuses in a layer");
        }
    }

    private static String strip(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static int mode(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            int mode = 0;
            for (PosixFilePermission p : permissions) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file) ? 0755 : 0644;
        }
    }
}
