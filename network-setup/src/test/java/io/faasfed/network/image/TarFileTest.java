package io.faasfed.network.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** Docker refuses a layer with a path twice in it ("duplicates of file paths not supported"): a tar never has one. */
class TarFileTest {

    @Test
    void aDirectoryGivenAgainIsWrittenOnceWithItsModes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarFile tar = new TarFile(out)) {
            tar.directory("tmp", 01777);
            tar.directory("lib", 0755);
            tar.directory("tmp/", 0755);
            tar.file("lib/x.so", 0644, new byte[] {1, 2, 3});
            tar.symlink("lib/y.so", "x.so");
        }
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName() + " " + Integer.toOctalString(e.getMode() & 07777)
                        + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        assertThat(entries).containsExactly("tmp/ 1777", "lib/ 755", "lib/x.so 644", "lib/y.so 777 -> x.so");
    }

    @Test
    void aFileGivenAgainIsAnError() throws IOException {
        try (TarFile tar = new TarFile(new ByteArrayOutputStream())) {
            tar.file("etc/passwd", 0644, new byte[0]);
            assertThatThrownBy(() -> tar.symlink("etc/passwd", "x")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("etc/passwd twice");
        }
    }
}
