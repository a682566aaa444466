package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.Located;
import io.faasfed.network.verify.ProbeOutput.HopResult;

/** Turns what the probe printed for one hop into its row of the verify table. */
final class HopVerdicts {

    private static final int MAX_BODY = 60;
    private static final int MAX_STRAY = 200;

    private HopVerdicts() {
    }

    /** The DNS row of {@code located}'s component: PASS with its addresses, or FAIL saying what the lookup said. */
    static Check dns(ProbeHop hop, Located located, ProbeRun run, String network, Duration hopTimeout) {
        requireNonNull(hop, "hop");
        String target = hop.target();
        Optional<HopResult> result = run.output().result(hop);
        if (result.isEmpty()) {
            return unreported(hop, run);
        }
        HopResult r = result.get();
        if (r.exitCode() == 127) {
            return fail(hop, "The probe image has no nslookup (" + r.complaint() + "). " + Hints.probeImage());
        }
        var addresses = r.addresses();
        if (!addresses.isEmpty()) {
            return new Check(hop.kind().word(), target, Check.Status.PASS, "resolves to " + String.join(", ", addresses));
        }
        String said = r.complaint();
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("timed out") || lower.contains("no servers could be reached")) {
            return fail(hop, "The network's DNS did not answer within " + ProbeScript.seconds(hopTimeout) + " s (" + said
                    + "). Check the engine's log; Docker's DNS server for containers is 127.0.0.11.");
        }
        return fail(hop, "Does not resolve on " + network + (said.isEmpty() ? "" : " (" + said + ")") + ". "
                + Hints.noSuchName(located, network));
    }

    /** The HTTP row: PASS with the status, or FAIL naming what answered or did not. */
    static Check http(ProbeHop hop, Located located, ProbeRun run, Duration hopTimeout) {
        requireNonNull(hop, "hop");
        Component component = hop.component();
        Optional<HopResult> result = run.output().result(hop);
        if (result.isEmpty()) {
            return unreported(hop, run);
        }
        HopResult r = result.get();
        Optional<ProbeOutput.Status> status = r.status();
        if (r.exitCode() == 0) {
            String body = r.bodyFirstLine().map(HopVerdicts::excerpt).map(b -> ": " + b).orElse("");
            return new Check(hop.kind().word(), hop.target(), Check.Status.PASS,
                    status.map(s -> "HTTP " + s).orElse("answered") + body);
        }
        if (r.exitCode() == 127) {
            return fail(hop, "The probe image has no wget (" + r.complaint() + "). " + Hints.probeImage());
        }
        String where = located.kind().word() + " " + located.name();
        if (status.isPresent() && status.get().code() >= 300) {
            ProbeOutput.Status s = status.get();
            String hint = s.code() >= 500
                    ? component.dnsName() + " answers but reports an error: its log says why ('docker "
                            + (located.kind() == Located.Kind.SERVICE ? "service logs " : "logs ") + located.name() + "')."
                    : component.dnsName() + " answers, but not at " + component.healthPath() + ": check that " + where
                            + " is the " + Hints.label(component) + " and serves its health endpoint there.";
            return fail(hop, "HTTP " + s + ". " + hint);
        }
        String said = r.complaint();
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("refused")) {
            return fail(hop, "Connection refused (" + said + "): " + component.dnsName() + " resolves, but nothing listens on "
                    + "port " + component.port() + ". Check the port " + where + " listens on, or that it has started.");
        }
        if (lower.contains("timed out")) {
            return fail(hop, "No answer within " + ProbeScript.seconds(hopTimeout) + " s (" + said + "). " + where
                    + " is busy or stuck, or a firewall drops the traffic on the network.");
        }
        if (lower.contains("no route to host") || lower.contains("unreachable")) {
            return fail(hop, "The address " + component.dnsName() + " resolves to does not answer (" + said + "). A service's "
                    + "virtual IP needs IPVS on the node: give the service endpoint_mode dnsrr, or check the node's firewall.");
        }
        if (r.exitCode() >= 128) {
            return fail(hop, "wget ended with signal " + (r.exitCode() - 128) + " (" + (said.isEmpty() ? "no output" : said)
                    + "). " + Hints.probeImage());
        }
        return fail(hop, "wget failed (exit code " + r.exitCode() + (said.isEmpty() ? "" : ": " + said) + ").");
    }

    /** A hop the probe did not report: the one it was stopped in, one after that, or one it never reached. */
    private static Check unreported(ProbeHop hop, ProbeRun run) {
        ProbeOutput out = run.output();
        if (run.stopped() && out.unfinished().filter(hop.key()::equals).isPresent()) {
            return fail(hop, "No answer: the probe was stopped after " + run.limit().toSeconds() + " s, during this hop. "
                    + (hop.kind() == ProbeHop.Kind.HTTP && !out.wgetTimeout()
                    ? "The probe image's wget cannot bound a call (-T); the service did not answer. " : "")
                    + "Check that " + hop.component().dnsName() + " answers, or give more time with a longer hop timeout.");
        }
        if (run.stopped()) {
            return new Check(hop.kind().word(), hop.target(), Check.Status.SKIPPED,
                    "skipped: the probe was stopped at its limit of " + run.limit().toSeconds() + " s before this hop");
        }
        String stray = out.stray().isEmpty() ? "" : " It printed: " + excerpt(out.stray().replace('\n', ' '), MAX_STRAY);
        return fail(hop, "The probe ended (exit code " + run.exitCode() + ") without running this hop." + stray + " "
                + Hints.probeImage());
    }

    private static Check fail(ProbeHop hop, String detail) {
        return new Check(hop.kind().word(), hop.target(), Check.Status.FAIL, detail);
    }

    private static String excerpt(String text) {
        return excerpt(text, MAX_BODY);
    }

    private static String excerpt(String text, int max) {
        String t = text.strip();
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }
}
