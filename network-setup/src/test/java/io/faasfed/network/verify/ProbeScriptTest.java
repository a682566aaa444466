package io.faasfed.network.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.Platform;

/**
 * The generated script run by a real POSIX shell ({@code /bin/sh}) against stand-in {@code nslookup}, {@code wget} and
 * {@code hostname} commands that print what busybox prints, and read back by {@link ProbeOutput}.
 */
class ProbeScriptTest {

    private static final Component GATEWAY = new Component(Optional.of(Platform.OPENFAAS), "gateway", "gateway", "gateway",
            8080, "/healthz", Map.of());
    private static final Component FN = new Component(Optional.of(Platform.FN), "fnserver", "fnserver", "fnserver", 8080,
            "/version", Map.of());
    private static final Component CONTROLLER = new Component(Optional.of(Platform.OPENWHISK), "controller", "controller",
            "controller", 8888, "/ping", Map.of());

    @TempDir
    Path bin;

    @Test
    void eachComponentIsLookedUpThenCalledAndEachHopIsFramedWithItsExitCode() throws Exception {
        stubs(true);
        ProbeOutput out = ProbeOutput.parse(run(ProbeScript.render(List.of(GATEWAY, FN), Duration.ofMillis(2500))));

        assertThat(out.started()).isTrue();
        assertThat(out.done()).isTrue();
        assertThat(out.wgetTimeout()).isTrue();
        assertThat(out.addresses()).containsExactly("10.0.1.9");
        List<ProbeHop> hops = ProbeScript.hops(List.of(GATEWAY, FN));
        assertThat(out.result(hops.get(0)).orElseThrow().addresses()).containsExactly("10.0.1.5");
        assertThat(out.result(hops.get(1)).orElseThrow().exitCode()).isZero();
        assertThat(out.result(hops.get(1)).orElseThrow().status()).hasValue(new ProbeOutput.Status(200, "OK"));
        assertThat(out.result(hops.get(1)).orElseThrow().bodyFirstLine()).hasValue("ok");
        assertThat(out.result(hops.get(2)).orElseThrow().addresses()).containsExactly("10.0.1.6", "10.0.1.7");
        assertThat(out.result(hops.get(3)).orElseThrow().exitCode()).isEqualTo(1);
        assertThat(out.result(hops.get(3)).orElseThrow().status()).hasValue(new ProbeOutput.Status(404, "Not Found"));
        // the hop timeout, rounded up to whole seconds, reaches wget
        assertThat(Files.readString(bin.resolve("wget.log"))).contains("-q -S -T 3 -O - http://gateway:8080/healthz");
    }

    @Test
    void aNameThatDoesNotResolveIsNotCalled() throws Exception {
        stubs(true);
        ProbeOutput out = ProbeOutput.parse(run(ProbeScript.render(List.of(CONTROLLER, GATEWAY), Duration.ofSeconds(5))));

        List<ProbeHop> hops = ProbeScript.hops(List.of(CONTROLLER, GATEWAY));
        ProbeOutput.HopResult dns = out.result(hops.get(0)).orElseThrow();
        assertThat(dns.exitCode()).isEqualTo(1);
        assertThat(dns.addresses()).isEmpty();
        assertThat(dns.complaint()).isEqualTo("server can't find controller: NXDOMAIN");
        assertThat(out.result(hops.get(1))).isEmpty();
        assertThat(out.result(hops.get(2))).isPresent();
        assertThat(out.done()).isTrue();
    }

    @Test
    void aWgetWithoutTimeoutSupportIsCalledWithoutIt() throws Exception {
        stubs(false);
        ProbeOutput out = ProbeOutput.parse(run(ProbeScript.render(List.of(GATEWAY), Duration.ofSeconds(5))));

        assertThat(out.wgetTimeout()).isFalse();
        assertThat(out.result(ProbeScript.hops(List.of(GATEWAY)).get(1)).orElseThrow().exitCode()).isZero();
        assertThat(Files.readString(bin.resolve("wget.log"))).contains("-q -S -O - http://gateway:8080/healthz")
                .doesNotContain("-T 5");
    }

    @Test
    void namesReachTheCommandsAsOneWordWhateverTheyHoldAndAMissingCommandShowsAs127() throws Exception {
        stubs(true);
        Files.delete(bin.resolve("nslookup"));
        Component odd = GATEWAY.reachableAs("it's $(reboot) `x`");
        ProbeOutput out = ProbeOutput.parse(run(ProbeScript.render(List.of(odd), Duration.ofSeconds(5))));

        ProbeOutput.HopResult dns = out.result(ProbeScript.hops(List.of(odd)).get(0)).orElseThrow();
        assertThat(dns.exitCode()).isEqualTo(127);
        assertThat(dns.complaint()).contains("not found");
        assertThat(ProbeScript.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void noComponentsStillStartsAndEnds() throws Exception {
        stubs(true);
        ProbeOutput out = ProbeOutput.parse(run(ProbeScript.render(List.of(), Duration.ofSeconds(5))));
        assertThat(out.started()).isTrue();
        assertThat(out.done()).isTrue();
        assertThat(out.results()).isEmpty();
    }

    private String run(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** Stand-ins that print what busybox 1.35's applets print; {@code timeouts}: whether wget takes -T. */
    private void stubs(boolean timeouts) throws IOException {
        script("hostname", "echo 10.0.1.9");
        script("nslookup", """
                case "$1" in
                  gateway) printf 'Server:\\t\\t127.0.0.11\\nAddress:\\t127.0.0.11:53\\n\\nNon-authoritative answer:\\nName:\\tgateway\\nAddress: 10.0.1.5\\n\\n' ;;
                  fnserver) printf 'Server:\\t\\t127.0.0.11\\nAddress:\\t127.0.0.11:53\\n\\nNon-authoritative answer:\\nName:\\tfnserver\\nAddress: 10.0.1.6\\nName:\\tfnserver\\nAddress: 10.0.1.7\\n\\n' ;;
                  *) printf "** server can't find %s: NXDOMAIN\\n\\n" "$1"; exit 1 ;;
                esac
                """);
        script("wget", (timeouts ? "" : """
                case "$*" in *-T*) kill -SEGV $$ ;; esac
                """) + """
                case "$*" in
                  *127.0.0.1:1/*) echo "wget: can't connect to remote host (127.0.0.1): Connection refused" >&2; exit 1 ;;
                esac
                echo "$*" >> "${0%/*}/wget.log"
                case "$*" in
                  *healthz) printf '  HTTP/1.1 200 OK\\n  Content-Length: 3\\n  \\n' >&2; echo ok ;;
                  *) printf '  HTTP/1.1 404 Not Found\\n' >&2; echo 'wget: server returned error: HTTP/1.1 404 Not Found' >&2; exit 1 ;;
                esac
                """);
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
