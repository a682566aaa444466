package io.faasfed.network.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.Located;
import io.faasfed.network.platform.Platform;

/** The probe's log read back into hops, and each hop into its row, on output as busybox and GNU tools print it. */
class ProbeOutputTest {

    private static final Component GATEWAY = new Component(Optional.of(Platform.OPENFAAS), "gateway", "gateway", "gateway",
            8080, "/healthz", Map.of());
    private static final Located SERVICE = new Located(GATEWAY, Located.Kind.SERVICE, "abc", "func_gateway", true,
            List.of("faasnet"), Map.of());
    private static final Located CONTAINER = new Located(GATEWAY, Located.Kind.CONTAINER, "def", "gw-1", true,
            List.of("faasnet"), Map.of());
    private static final ProbeHop DNS = new ProbeHop(ProbeHop.Kind.DNS, 0, GATEWAY);
    private static final ProbeHop HTTP = new ProbeHop(ProbeHop.Kind.HTTP, 0, GATEWAY);
    private static final Duration HOP = Duration.ofSeconds(5);

    @Test
    void readsAHealthyRunIntoPassingRows() {
        ProbeRun run = run("""
                @@faasfed-probe start yes 10.0.1.9
                @@faasfed-probe begin dns 0
                Server:		127.0.0.11
                Address:	127.0.0.11:53

                Non-authoritative answer:
                Name:	gateway
                Address: 10.0.1.5

                @@faasfed-probe end dns 0 0
                @@faasfed-probe begin http 0
                  HTTP/1.1 200 OK
                  Date: Wed, 02 Dec 2026 04:07:03 GMT
                  Content-Length: 3
                 \s
                OK
                @@faasfed-probe end http 0 0
                @@faasfed-probe done
                """, false);

        assertThat(run.output().addresses()).containsExactly("10.0.1.9");
        assertThat(HopVerdicts.dns(DNS, SERVICE, run, "faasnet", HOP))
                .isEqualTo(new Check("dns", "gateway", Check.Status.PASS, "resolves to 10.0.1.5"));
        assertThat(HopVerdicts.http(HTTP, SERVICE, run, HOP))
                .isEqualTo(new Check("http", "http://gateway:8080/healthz", Check.Status.PASS, "HTTP 200 OK: OK"));
    }

    @Test
    void anOldBusyboxAnswerAndAGnuWgetAreReadToo() {
        ProbeRun run = run("""
                @@faasfed-probe start yes
                @@faasfed-probe begin dns 0
                Server:    127.0.0.11
                Address 1: 127.0.0.11

                Name:      gateway
                Address 1: 10.0.1.5 func_gateway.1.xyz.faasnet
                Address 2: 10.0.1.8 func_gateway.2.xyz.faasnet
                @@faasfed-probe end dns 0 0
                @@faasfed-probe begin http 0
                  HTTP/1.1 301 Moved Permanently
                  Location: /healthz/
                  HTTP/1.1 204 No Content
                @@faasfed-probe end http 0 0
                @@faasfed-probe done
                """, false);

        assertThat(HopVerdicts.dns(DNS, SERVICE, run, "faasnet", HOP).detail()).isEqualTo("resolves to 10.0.1.5, 10.0.1.8");
        assertThat(HopVerdicts.http(HTTP, SERVICE, run, HOP).detail()).isEqualTo("HTTP 204 No Content");
    }

    @Test
    void aNameNothingAnswersToFailsSayingWhatNslookupSaidAndHowToGiveTheAlias() {
        ProbeRun run = run("""
                @@faasfed-probe start yes 10.0.1.9
                @@faasfed-probe begin dns 0
                Server:		127.0.0.11
                Address:	127.0.0.11:53

                ** server can't find gateway: NXDOMAIN

                ** server can't find gateway: NXDOMAIN
                @@faasfed-probe end dns 0 1
                @@faasfed-probe done
                """, false);

        Check dns = HopVerdicts.dns(DNS, CONTAINER, run, "faasnet", HOP);
        assertThat(dns.status()).isEqualTo(Check.Status.FAIL);
        assertThat(dns.detail()).startsWith("Does not resolve on faasnet (server can't find gateway: NXDOMAIN). ")
                .contains("docker network connect --alias gateway faasnet gw-1");
    }

    @Test
    void aServerErrorAndAMissingPathFailWithTheStatusBusyboxPrintsOnStderr() {
        ProbeRun error = run(http("""
                  HTTP/1.1 500 Internal Server Error
                wget: server returned error: HTTP/1.1 500 Internal Server Error
                """, 1), false);
        Check row = HopVerdicts.http(HTTP, SERVICE, error, HOP);
        assertThat(row.status()).isEqualTo(Check.Status.FAIL);
        assertThat(row.detail()).startsWith("HTTP 500 Internal Server Error. gateway answers but reports an error")
                .contains("docker service logs func_gateway");

        // without -S: only wget's own line
        ProbeRun missing = run(http("wget: server returned error: HTTP/1.1 404 Not Found\n", 1), false);
        assertThat(HopVerdicts.http(HTTP, SERVICE, missing, HOP).detail())
                .startsWith("HTTP 404 Not Found. gateway answers, but not at /healthz");
    }

    @Test
    void refusedTimedOutAndUnroutableCallsSayWhichPartIsMissing() {
        assertThat(HopVerdicts.http(HTTP, SERVICE, run(http(
                "wget: can't connect to remote host (10.0.1.5): Connection refused\n", 1), false), HOP).detail())
                .startsWith("Connection refused (wget: can't connect to remote host (10.0.1.5): Connection refused): "
                        + "gateway resolves, but nothing listens on port 8080.");
        assertThat(HopVerdicts.http(HTTP, SERVICE, run(http("wget: download timed out\n", 1), false), HOP).detail())
                .startsWith("No answer within 5 s (wget: download timed out).");
        assertThat(HopVerdicts.http(HTTP, SERVICE, run(http(
                "wget: can't connect to remote host (10.0.0.2): No route to host\n", 1), false), HOP).detail())
                .contains("endpoint_mode dnsrr");
        assertThat(HopVerdicts.http(HTTP, SERVICE, run(http("sh: wget: not found\n", 127), false), HOP).detail())
                .startsWith("The probe image has no wget (sh: wget: not found). Pass --probe-image");
    }

    @Test
    void aProbeStoppedAtItsLimitFailsTheHopItWasInAndSkipsTheRest() {
        Component fn = new Component(Optional.of(Platform.FN), "fnserver", "fnserver", "fnserver", 8080, "/version", Map.of());
        ProbeRun run = run("""
                @@faasfed-probe start no 172.20.0.3
                @@faasfed-probe begin dns 0
                Name:	gateway
                Address: 10.0.1.5
                @@faasfed-probe end dns 0 0
                @@faasfed-probe begin http 0
                """, true);

        assertThat(run.output().unfinished()).hasValue("http 0");
        assertThat(run.output().wgetTimeout()).isFalse();
        Check http = HopVerdicts.http(HTTP, SERVICE, run, HOP);
        assertThat(http.status()).isEqualTo(Check.Status.FAIL);
        assertThat(http.detail()).startsWith("No answer: the probe was stopped after 20 s, during this hop.")
                .contains("cannot bound a call (-T)");
        Located fnServer = new Located(fn, Located.Kind.CONTAINER, "x", "fnserver", true, List.of("faasnet"), Map.of());
        Check later = HopVerdicts.dns(new ProbeHop(ProbeHop.Kind.DNS, 1, fn), fnServer, run, "faasnet", HOP);
        assertThat(later.status()).isEqualTo(Check.Status.SKIPPED);
        assertThat(later.detail()).contains("stopped at its limit of 20 s before this hop");
    }

    @Test
    void outputOutsideHopsIsKeptAsStrayAndATruncatedOrForeignMarkerIsIgnored() {
        ProbeOutput out = ProbeOutput.parse("""
                sh: hostname: not found
                @@faasfed-probe start yes
                @@faasfed-probe begin dns
                @@faasfed-probe something-new 1 2
                @@faasfed-probe begin dns 0
                Name: gateway
                Address: 10.0.1.5
                @@faasfed-probe end http 0 0
                @@faasfed-probe end dns 0 x
                """);
        assertThat(out.stray()).isEqualTo("sh: hostname: not found");
        assertThat(out.results()).containsOnlyKeys("dns 0");
        assertThat(out.results().get("dns 0").exitCode()).isEqualTo(-1);
        assertThat(out.results().get("dns 0").addresses()).containsExactly("10.0.1.5");
        assertThat(out.unfinished()).isEmpty();
        assertThat(out.done()).isFalse();
    }

    @Test
    void aProbeThatEndedWithoutAHopFailsItNamingTheImage() {
        ProbeRun run = new ProbeRun("faasfed-probe-1", "img", Optional.empty(),
                ProbeOutput.parse("@@faasfed-probe start yes\nsh: syntax error\n"), false, Duration.ofSeconds(20), 2,
                Duration.ofSeconds(1));
        Check dns = HopVerdicts.dns(DNS, SERVICE, run, "faasnet", HOP);
        assertThat(dns.status()).isEqualTo(Check.Status.FAIL);
        assertThat(dns.detail()).startsWith("The probe ended (exit code 2) without running this hop. It printed: sh: syntax error");
    }

    private static String http(String output, int exitCode) {
        return """
                @@faasfed-probe start yes
                @@faasfed-probe begin dns 0
                Name:	gateway
                Address: 10.0.1.5
                @@faasfed-probe end dns 0 0
                @@faasfed-probe begin http 0
                """ + output + "@@faasfed-probe end http 0 " + exitCode + "\n@@faasfed-probe done\n";
    }

    private static ProbeRun run(String log, boolean stopped) {
        return new ProbeRun("faasfed-probe-0123abcd", "busybox:1.36", Optional.empty(), ProbeOutput.parse(log), stopped,
                Duration.ofSeconds(20), stopped ? 137 : 0, Duration.ofSeconds(2));
    }
}
