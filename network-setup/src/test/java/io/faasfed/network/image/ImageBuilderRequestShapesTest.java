package io.faasfed.network.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.testing.RecordedRequest;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;

/** The requests {@link ImageBuilder} sends, checked against the Engine API v1.41 document by {@link StubbedEngine}. */
class ImageBuilderRequestShapesTest {

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    @TempDir
    Path dir;

    private final List<String> shown = Collections.synchronizedList(new ArrayList<>());

    private final Progress progress = what -> {
        shown.add("begin " + what);
        return new Progress.Step() {
            @Override
            public void ok(String result) {
                shown.add("ok " + what + ": " + result);
            }

            @Override
            public void fail(String reason) {
                shown.add("fail " + what + ": " + reason);
            }
        };
    };

    @Test
    void aBuildSendsTheContextAsATarWithItsBuildArgsAndReportsEachStep() throws IOException {
        Path jar = Files.writeString(dir.resolve("app.jar"), "not really a jar");
        docker.stub().on("POST", "/build", Reply.json(200,
                "{\"stream\":\"Step 1/2 : FROM local/faasfed-jre:17\"}\r\n{\"stream\":\"\\n\"}\r\n"
                        + "{\"stream\":\"Step 2/2 : COPY target/app.jar /opt/app.jar\"}\r\n"
                        + "{\"aux\":{\"ID\":\"sha256:0123456789abcdef\"}}\r\n{\"stream\":\"Successfully built 0123456789ab\"}\r\n"));
        docker.stub().on("GET", "/images/{name}/json", Reply.json(200, Map.of("Id", "sha256:0123456789abcdef")));
        Map<String, String> args = new LinkedHashMap<>();
        args.put("BASE_IMAGE", "local/faasfed-jre:17");

        String id = new ImageBuilder(docker.engine(), progress)
                .build(new BuildContext("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n", Map.of("target/app.jar", jar)), "local/gw:1", args)
                .block(Duration.ofSeconds(30));

        assertThat(id).isEqualTo("sha256:0123456789abcdef");
        RecordedRequest build = docker.stub().only("POST", "/build");
        assertThat(build.header("content-type")).contains("application/x-tar");
        assertThat(build.queryParameter("t")).contains("local/gw:1");
        assertThat(build.queryParameter("pull")).isEmpty();
        assertThat(new ObjectMapper().readTree(build.queryParameter("buildargs").orElseThrow()).path("BASE_IMAGE").asText())
                .isEqualTo("local/faasfed-jre:17");
        assertThat(entries(build.body())).containsExactly("Dockerfile", "target/", "target/app.jar");
        assertThat(java.net.URLDecoder.decode(docker.stub().only("GET", "/images/{name}/json").path(), StandardCharsets.UTF_8))
                .isEqualTo("/images/local/gw:1/json");
        assertThat(shown).containsSubsequence("begin build image local/gw:1",
                "begin Step 1/2 : FROM local/faasfed-jre:17", "ok Step 1/2 : FROM local/faasfed-jre:17: done",
                "begin Step 2/2 : COPY target/app.jar /opt/app.jar", "ok Step 2/2 : COPY target/app.jar /opt/app.jar: done",
                "ok build image local/gw:1: built 0123456789ab");
    }

    @Test
    void aFailingBuildStepFailsTheBuildWithTheEnginesMessage() {
        docker.stub().on("POST", "/build", Reply.json(200,
                "{\"stream\":\"Step 1/2 : FROM local/nothing:1\"}\r\n"
                        + "{\"errorDetail\":{\"message\":\"pull access denied for local/nothing\"},"
                        + "\"error\":\"pull access denied for local/nothing\"}\r\n"));

        assertThatThrownBy(() -> new ImageBuilder(docker.engine(), progress)
                .build(new BuildContext("FROM local/nothing:1\n", Map.of()), "local/gw:1", Map.of())
                .block(Duration.ofSeconds(30)))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("Docker could not build local/gw:1: pull access denied for local/nothing");
        assertThat(shown).contains("fail Step 1/2 : FROM local/nothing:1: pull access denied for local/nothing");
        assertThat(shown).anyMatch(s -> s.startsWith("fail build image local/gw:1"));
    }

    @Test
    void anImportStreamsTheWholeRootFilesystemWithItsChanges() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(14).nextBytes(content);
        Path rootfs = dir.resolve("rootfs.tar");
        try (TarFile tar = new TarFile(Files.newOutputStream(rootfs))) {
            tar.directory("bin", 0755);
            tar.file("bin/blob", 0755, content);
            tar.symlink("bin/sh", "busybox");
        }
        docker.stub().on("POST", "/images/create", Reply.json(200, "{\"status\":\"sha256:feedbeef\"}\r\n"));
        docker.stub().on("GET", "/images/{name}/json", Reply.json(200, Map.of("Id", "sha256:feedbeef")));

        String id = new ImageBuilder(docker.engine(), progress)
                .importRootFilesystem(rootfs, "local/faasfed-jre:17", Map.of("ENV", "PATH=/opt/jre/bin:/bin"))
                .block(Duration.ofSeconds(30));

        assertThat(id).isEqualTo("sha256:feedbeef");
        RecordedRequest create = docker.stub().only("POST", "/images/create");
        assertThat(create.queryParameter("fromSrc")).contains("-");
        assertThat(create.queryParameter("repo")).contains("local/faasfed-jre");
        assertThat(create.queryParameter("tag")).contains("17");
        assertThat(create.queryParameter("changes")).contains("ENV PATH=/opt/jre/bin:/bin");
        assertThat(create.body()).isEqualTo(Files.readAllBytes(rootfs));
        assertThat(entries(create.body())).containsExactly("bin/", "bin/blob", "bin/sh");
    }

    @Test
    void anImportTheEngineRefusesMidStreamFails() throws IOException {
        Path rootfs = Files.write(dir.resolve("rootfs.tar"), new byte[1024]);
        docker.stub().on("POST", "/images/create",
                Reply.json(200, "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}\r\n"));

        assertThatThrownBy(() -> new ImageBuilder(docker.engine(), progress)
                .importRootFilesystem(rootfs, "local/x:1", Map.of()).block(Duration.ofSeconds(30)))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("Docker could not import local/x:1: unexpected EOF");
    }

    @Test
    void aJavaHomeWithNoJlinkFailsWithAHintAndSendsNothing() {
        assertThatThrownBy(() -> new ImageBuilder(docker.engine(), progress)
                .localJre(dir, ImageBuilder.BUSYBOX, "local/x:1").block(Duration.ofSeconds(30)))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("There is no jlink in " + dir)
                .satisfies(e -> assertThat(((SetupException) e).hint()).contains("full JDK 17"));
        assertThat(docker.stub().requests()).isEmpty();
    }

    @Test
    void lddOutputGivesEveryLibraryAndTheLoader() {
        String ldd = """
                \tlinux-vdso.so.1 (0x00007ffd5a1f2000)
                \tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f0d1c9b0000)
                \tlibjli.so => not found
                \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0d1c7cf000)
                \t/lib64/ld-linux-x86-64.so.2 (0x00007f0d1c9d6000)
                """;
        assertThat(JreRootFilesystem.parseLdd(ldd)).containsExactly("/lib/x86_64-linux-gnu/libz.so.1",
                "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2");
    }

    private static List<String> entries(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
