package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

import io.faasfed.network.platform.Component;

/**
 * The shell script the probe container runs: for each component, {@code nslookup} of its DNS name and, when that
 * found an address, {@code wget} of its health URL, each framed by marker lines that {@link ProbeOutput} reads back.
 *
 * <p>It needs only {@code sh}, {@code nslookup} and {@code wget} (busybox has all three), and no text tools: each
 * hop's own output goes into the log as it is, between {@code @@faasfed-probe begin dns 0} and
 * {@code @@faasfed-probe end dns 0 <exit code>}, and is interpreted on the Java side. {@code wget -T} bounds each
 * HTTP call where the image's wget supports it (Debian's static busybox 1.35 crashes on it, so the script tries it
 * first); the verifier bounds the whole probe in any case.
 */
final class ProbeScript {

    /** Starts every line the script prints about itself; hop output never matters before it. */
    static final String MARKER = "@@faasfed-probe";

    private ProbeScript() {
    }

    /** The hops the probe makes for {@code components}, in order: each one's DNS, then its HTTP hop. */
    static List<ProbeHop> hops(List<Component> components) {
        requireNonNull(components, "components");
        List<ProbeHop> hops = new java.util.ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            hops.add(new ProbeHop(ProbeHop.Kind.DNS, i, components.get(i)));
            hops.add(new ProbeHop(ProbeHop.Kind.HTTP, i, components.get(i)));
        }
        return hops;
    }

    /** The script probing {@code components}, each HTTP call bounded by {@code hopTimeout} where wget can. */
    static String render(List<Component> components, Duration hopTimeout) {
        requireNonNull(components, "components");
        requireNonNull(hopTimeout, "hopTimeout");
        StringBuilder sh = new StringBuilder();
        sh.append("t=").append(seconds(hopTimeout)).append('\n');
        // Does this wget take -T? A good one fails fast on the closed port; one without it says so or crashes.
        sh.append("w=''; y=no\n");
        sh.append("o=$(wget -T 1 -q -O /dev/null http://127.0.0.1:1/ 2>&1)\n");
        sh.append("if [ $? -lt 128 ]; then case \"$o\" in *sage*|*nrecognized*|*nvalid*|*nknown*) ;; *) w=\"-T $t\"; y=yes ;; esac; fi\n");
        sh.append("echo \"").append(MARKER).append(" start $y $(hostname -i 2>/dev/null)\"\n");
        sh.append("hop() {\n");
        sh.append("  k=\"$1 $2\"; shift 2\n");
        sh.append("  echo \"").append(MARKER).append(" begin $k\"\n");
        sh.append("  o=$(\"$@\" 2>&1); r=$?\n");
        sh.append("  printf '%s\\n' \"$o\"\n");
        sh.append("  echo \"").append(MARKER).append(" end $k $r\"\n");
        sh.append("}\n");
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            sh.append("hop dns ").append(i).append(" nslookup ").append(quote(c.dnsName())).append('\n');
            // The same test as ProbeOutput's: an address after the answer's Name line.
            sh.append("case \"$o\" in *Name:*Address*) hop http ").append(i).append(" wget -q -S $w -O - ")
                    .append(quote(c.healthUrl())).append(" ;; esac\n");
        }
        sh.append("echo \"").append(MARKER).append(" done\"\n");
        return sh.toString();
    }

    /** Whole seconds, at least one (what {@code wget -T} takes). */
    static long seconds(Duration timeout) {
        long s = (timeout.toMillis() + 999) / 1000;
        return Math.max(1, s);
    }

    /** {@code text} as one single-quoted shell word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
