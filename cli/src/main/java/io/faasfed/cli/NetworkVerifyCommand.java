package io.faasfed.cli;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.faasfed.cli.output.JsonViews;
import io.faasfed.cli.output.TextReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.verify.Check;
import io.faasfed.network.verify.NetworkVerifier;
import io.faasfed.network.verify.VerifyReport;
import io.faasfed.network.verify.VerifyRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faasfed network verify}: every hop from the network to each platform, as a table. */
@Command(name = "verify", sortOptions = false,
        header = "Check every hop from the network to each platform.",
        description = {
            "Check every hop: the network exists and is attachable; each platform's services or containers run and are "
                    + "attached; a short-lived probe container on the network resolves and calls each platform's health "
                    + "endpoint and the faasfed gateway by DNS name. Prints a table (HOP, TARGET, STATUS, DETAIL) and "
                    + "names the first hop that failed (exit code 8)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed network verify",
            "  faasfed network verify --platform openfaas --platform fn --require-gateway",
            "  faasfed network verify --fn-server my_fn --timeout 10s --json"
        })
final class NetworkVerifyCommand extends AbstractCommand {

    @Mixin
    HelpOption help;

    @Mixin
    NetworkNameOption name;

    @Mixin
    ModeOption mode;

    @Option(names = "--platform", paramLabel = "PLATFORM", split = ",", converter = Converters.PlatformConverter.class,
            completionCandidates = Converters.PlatformCandidates.class,
            description = "A platform that must be there: openfaas, openwhisk or fn; repeatable. Default: every platform "
                    + "found is checked, the others are SKIPPED.")
    List<Platform> platforms = List.of();

    @Option(names = "--require-gateway",
            description = "The faasfed gateway must be there (by default it is checked when found).")
    boolean requireGateway;

    @Option(names = "--probe-image", paramLabel = "IMAGE", defaultValue = VerifyRequest.DEFAULT_PROBE_IMAGE,
            description = "The probe container's image; it needs sh, nslookup and wget (default: ${DEFAULT-VALUE}).")
    String probeImage;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.DurationConverter.class,
            description = "How long one DNS lookup or HTTP call from the probe may take: 500ms, 5s, 1m (default: "
                    + "${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ComponentNames components;

    @Override
    int run(ProgressRenderer progress) {
        Set<Platform> wanted = platforms.isEmpty() ? Set.of() : EnumSet.copyOf(platforms);
        VerifyRequest request = new VerifyRequest(name.network, mode.mode, components.layout(), wanted, requireGateway,
                probeImage, timeout);
        VerifyReport report = withEngine(engine -> new NetworkVerifier(engine).verify(request, progress));
        print(TextReports.verify(report), JsonViews.verify(report));
        if (report.passed()) {
            return ExitCodes.OK;
        }
        Check failed = report.firstFailure().orElseThrow();
        complain("verify failed at hop " + failed.hop() + " (" + failed.target() + "): " + failed.detail(),
                "Fix that hop first (the hops after it depend on it), then run 'faasfed network verify' again.");
        return SetupProblem.VERIFY_FAILED.exitCode();
    }
}
