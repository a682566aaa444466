package io.faasfed.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.faasfed.cli.output.BootstrapReport;
import io.faasfed.cli.output.BootstrapReport.SecretOutcome;
import io.faasfed.cli.output.BootstrapReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.DockerEndpoint;
import io.faasfed.network.Engine;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.NetworkPlan;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSetup;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.stack.ExternalSecrets;
import io.faasfed.network.stack.SecretKind;
import io.faasfed.network.stack.ServiceReadiness;
import io.faasfed.network.stack.StackDefinition;
import io.faasfed.network.stack.StackDeployer;
import io.faasfed.network.stack.StackFiles;
import io.faasfed.network.stack.StackNetwork;
import io.faasfed.network.stack.StackPlan;
import io.faasfed.network.stack.StackReadiness;
import io.faasfed.network.verify.Check;
import io.faasfed.network.verify.NetworkVerifier;
import io.faasfed.network.verify.VerifyReport;
import io.faasfed.network.verify.VerifyRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code faasfed bootstrap}: from a bare Swarm manager to a running federation in one command. Each step is the one the
 * separate commands take ({@code network apply}, the secrets {@code docker secret create} would make, {@code stack
 * deploy}, waiting for the services, {@code network verify}), so running it again changes nothing.
 */
@Command(name = "bootstrap", sortOptions = false,
        header = "Network, secrets, stack, health and verify in one command.",
        description = {
            "From a Swarm manager to a running federation: (1) the shared network, as 'network apply'; (2) each "
                    + "external secret the stack files name that does not exist yet, with a fresh random value (the "
                    + "admin key is also written to --admin-key-file; existing secrets are kept); (3) the stack, as "
                    + "'stack deploy'; (4) waiting until every service runs and is healthy; (5) 'network verify' for "
                    + "the platforms deployed. Idempotent: run again, it changes nothing."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed bootstrap                       compose/*.yml, stack faasfed",
            "  faasfed bootstrap --dry-run             what it would do; changes nothing",
            "  faasfed bootstrap --local-images        adds compose/local.yml",
            "  faasfed bootstrap -c my.yml --stack demo --timeout 10m"
        })
final class BootstrapCommand extends AbstractCommand {

    /** The stack files deployed when no {@code -c} is given, in {@code --compose-dir}. */
    static final List<String> DEFAULT_FILES = List.of("federation.yml", "openfaas.yml", "openwhisk.yml", "fn.yml");

    /** The override {@code --local-images} adds last. */
    static final String LOCAL_FILE = "local.yml";

    /** The probe image with {@code --local-images}: the busybox image built locally (no registry to pull from). */
    static final String LOCAL_PROBE_IMAGE = "local/faasfed-busybox:1";

    @Mixin
    HelpOption help;

    @Mixin
    NetworkNameOption name;

    @Mixin
    ModeOption mode;

    @Mixin
    NetworkRequestOptions options;

    @Option(names = {"-c", "--compose-file"}, paramLabel = "FILE",
            description = "A stack file; repeat it to merge several (default: federation.yml, openfaas.yml, "
                    + "openwhisk.yml and fn.yml in --compose-dir).")
    List<Path> files = List.of();

    @Option(names = "--compose-dir", paramLabel = "DIR", defaultValue = "compose",
            description = "Where the default stack files and local.yml are (default: ${DEFAULT-VALUE}).")
    Path composeDir;

    @Option(names = "--local-images",
            description = "Add local.yml last (locally built images, dnsrr, emulators); verify then probes with "
                    + LOCAL_PROBE_IMAGE + ".")
    boolean localImages;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Variables for the files' $${...} (KEY=VALUE lines); the environment's own win over them.")
    Path envFile;

    @Mixin
    StackNameOption stackName;

    @Option(names = "--admin-key-file", paramLabel = "PATH", defaultValue = "faasfed-admin.key",
            description = "Where a generated admin key is written (mode 0600, never overwritten; a key already there is "
                    + "used) (default: ${DEFAULT-VALUE}).")
    Path adminKeyFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = Converters.DurationConverter.class,
            description = "How long to wait for every service to run and be healthy: 90s, 10m (default: "
                    + "${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "2s", hidden = true,
            converter = Converters.DurationConverter.class, description = "How often the services are looked at.")
    Duration pollInterval;

    @Option(names = "--skip-verify", description = "Do not run 'network verify' at the end.")
    boolean skipVerify;

    @Option(names = "--probe-image", paramLabel = "IMAGE",
            description = "The verify probe's image (default: " + VerifyRequest.DEFAULT_PROBE_IMAGE + ", "
                    + LOCAL_PROBE_IMAGE + " with --local-images).")
    String probeImage;

    @Option(names = "--dry-run", description = "Print what would be done (network, secrets, stack); change nothing.")
    boolean dryRun;

    @Override
    int run(ProgressRenderer progress) {
        Checks.advertiseNeedsInit(spec, options);
        if (mode.mode == ModeChoice.SINGLE_HOST) {
            throw new ParameterException(spec.commandLine(), "bootstrap deploys a Swarm stack: --mode single-host cannot "
                    + "be used (leave --mode out, or pass --init-swarm on an engine in no swarm).");
        }
        String network = name.network;
        String stack = stackName.stack;
        NetworkRequest request = options.request(network, ModeChoice.SWARM);
        StackDefinition definition = definition(network);
        BootstrapTargets targets = BootstrapTargets.of(definition, stack, network);
        AdminKeyFile keyFile = new AdminKeyFile(adminKeyFile);

        try (Engine engine = Engine.connect(DockerEndpoint.of(host()))) {
            BootstrapReport report = dryRun ? dryRun(engine, request, definition, stack, keyFile, progress)
                    : bootstrap(engine, request, definition, stack, keyFile, targets, progress);
            print(BootstrapReports.text(report, stack), BootstrapReports.document(report, stack));
            Optional<Check> failed = report.verify().flatMap(VerifyReport::firstFailure);
            if (failed.isPresent()) {
                Check f = failed.get();
                complain("bootstrap's verify failed at hop " + f.hop() + " (" + f.target() + "): " + f.detail(),
                        "Fix that hop first (the hops after it depend on it), then run 'faasfed network verify' or "
                                + "'faasfed bootstrap' again.");
                return SetupProblem.VERIFY_FAILED.exitCode();
            }
            return ExitCodes.OK;
        }
    }

    private BootstrapReport bootstrap(Engine engine, NetworkRequest request, StackDefinition definition, String stack,
                                      AdminKeyFile keyFile, BootstrapTargets targets, ProgressRenderer progress) {
        NetworkPlan net = new NetworkSetup(engine).apply(request, progress).block();
        Optional<ExistingNetwork> after = progress.track("Reading network " + request.spec().name() + " back",
                engine.inspect(request.spec().name()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                found -> found.map(n -> n.driver() + ", " + n.scope() + " scope").orElse("not found")).block();

        ExternalSecrets secrets = new ExternalSecrets(engine);
        List<ExternalSecrets.Found> found = progress.track("Looking for the stack's external secrets",
                secrets.survey(definition), BootstrapCommand::describeSecrets).block();
        SecureRandom random = new SecureRandom();
        List<SecretOutcome> outcomes = new ArrayList<>();
        String adminNote = "";
        String adminKey = null;
        for (ExternalSecrets.Found s : found) {
            if (s.exists()) {
                outcomes.add(new SecretOutcome(s.key(), s.name(), s.kind().description(), SecretOutcome.Action.KEEP,
                        "exists; never overwritten"));
                if (s.kind() == SecretKind.ADMIN_KEY && adminNote.isEmpty()) {
                    adminNote = "kept the existing secret " + s.name() + "; Docker secrets cannot be read back: the key is"
                            + " where it was saved when it was made" + (keyFile.path().toFile().exists()
                            ? " (" + keyFile.path() + " is there; bootstrap cannot tell whether it holds the same key)" : "");
                }
                continue;
            }
            String value;
            String detail;
            if (s.kind() == SecretKind.ADMIN_KEY) {
                if (adminKey == null) {
                    Optional<String> existing = keyFile.existingKey();
                    if (existing.isPresent()) {
                        adminKey = existing.get();
                        adminNote = keyFile.path() + " (the key that file already held is the secret's value)";
                    } else {
                        adminKey = s.kind().generate(random);
                        keyFile.write(adminKey);
                        adminNote = keyFile.path() + " (mode 0600): send it as 'Authorization: Bearer <key>'. The "
                                + "secret cannot be read back from Docker: keep this file";
                    }
                }
                value = adminKey;
                detail = "value in " + keyFile.path();
            } else {
                value = s.kind().generate(random);
                detail = "generated";
            }
            progress.track("Creating secret " + s.name(), secrets.create(s.name(), value, stack), id -> "created").block();
            outcomes.add(new SecretOutcome(s.key(), s.name(), s.kind().description(), SecretOutcome.Action.CREATE, detail));
        }

        StackPlan deployed = new StackDeployer(engine).deploy(definition, stack, progress).block();
        List<ServiceReadiness> ready = new StackReadiness(engine).await(stack, timeout, pollInterval, progress).block();
        Optional<VerifyReport> verified = Optional.empty();
        if (!skipVerify) {
            VerifyRequest verify = new VerifyRequest(request.spec().name(), ModeChoice.SWARM, targets.layout(),
                    targets.platforms(), targets.gateway().isPresent(), probe(), VerifyRequest.DEFAULT_HOP_TIMEOUT);
            verified = Optional.of(new NetworkVerifier(engine).verify(verify, progress).block());
        }
        return new BootstrapReport(false, net, after, outcomes, keyFile.path().toString(), adminNote, deployed, ready,
                verified, targets.gatewayUrl(), targets.gateway().map(g -> hostAccess(request.spec().name(), g.dnsName(),
                g.port())));
    }

    private BootstrapReport dryRun(Engine engine, NetworkRequest request, StackDefinition definition, String stack,
                                   AdminKeyFile keyFile, ProgressRenderer progress) {
        NetworkPlan net = new NetworkSetup(engine).plan(request, progress).block();
        List<ExternalSecrets.Found> found = progress.track("Looking for the stack's external secrets",
                new ExternalSecrets(engine).survey(definition), BootstrapCommand::describeSecrets).block();
        List<SecretOutcome> outcomes = new ArrayList<>();
        Set<String> comingFirst = new LinkedHashSet<>();
        comingFirst.add(request.spec().name());
        String adminNote = "";
        for (ExternalSecrets.Found s : found) {
            if (s.exists()) {
                outcomes.add(new SecretOutcome(s.key(), s.name(), s.kind().description(), SecretOutcome.Action.KEEP,
                        "exists; never overwritten"));
                continue;
            }
            comingFirst.add(s.name());
            String detail = "a fresh random value";
            if (s.kind() == SecretKind.ADMIN_KEY) {
                detail = keyFile.existingKey().isPresent() ? "the key already in " + keyFile.path()
                        : "a fresh key, written to " + keyFile.path();
                adminNote = detail;
            }
            outcomes.add(new SecretOutcome(s.key(), s.name(), s.kind().description(), SecretOutcome.Action.CREATE, detail));
        }
        StackPlan plan = new StackDeployer(engine).plan(definition, stack, comingFirst, progress).block();
        return new BootstrapReport(true, net, Optional.empty(), outcomes, keyFile.path().toString(), adminNote, plan,
                List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private String probe() {
        if (probeImage != null && !probeImage.isBlank()) {
            return probeImage.trim();
        }
        return localImages ? LOCAL_PROBE_IMAGE : VerifyRequest.DEFAULT_PROBE_IMAGE;
    }

    /**
     * A way to reach the gateway from this host: a container on the network that forwards a loopback-bound port to it
     * (the probe image's busybox {@code nc}), since the stack publishes no port.
     */
    private String hostAccess(String network, String dnsName, int port) {
        return "docker run -d --name faasfed-local --network " + network + " -p 127.0.0.1:" + port + ":" + port + " "
                + probe() + " nc -ll -p " + port + " -e nc " + dnsName + " " + port + "\nthen http://127.0.0.1:" + port
                + " (a container forwarding a loopback-bound port; the stack publishes none)";
    }

    private static String describeSecrets(List<ExternalSecrets.Found> found) {
        long missing = found.stream().filter(s -> !s.exists()).count();
        return found.isEmpty() ? "none named" : found.size() + " named, " + missing + " to create";
    }

    /** The stack files as given or by default, interpolated with {@code FAASFED_NETWORK} set to the network's name. */
    private StackDefinition definition(String network) {
        List<Path> paths = new ArrayList<>();
        if (files.isEmpty()) {
            DEFAULT_FILES.forEach(f -> paths.add(composeDir.resolve(f)));
        } else {
            paths.addAll(files);
        }
        if (localImages) {
            paths.add(composeDir.resolve(LOCAL_FILE));
        }
        for (Path p : paths) {
            if (!p.toFile().isFile()) {
                throw new SetupException(SetupProblem.INVALID_INPUT, "The stack file " + p + " does not exist.",
                        files.isEmpty() ? "Run bootstrap from the faasfed folder (it reads compose/*.yml), or pass "
                                + "--compose-dir DIR or -c FILE." : "Fix the path given with -c (or --compose-dir).");
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (envFile != null) {
            env.putAll(StackOptions.readEnvFile(envFile));
        }
        env.putAll(context().env());
        env.putIfAbsent("FAASFED_NETWORK", network);
        // local.yml mounts the engine's socket into the emulators: the one this run talks to, unless set.
        String host = host();
        if (host.startsWith("unix://")) {
            env.putIfAbsent("FAASFED_DOCKER_SOCKET", host.substring("unix://".length()));
        }
        StackDefinition definition = StackFiles.read(paths, env);
        List<String> external = definition.networks().values().stream().filter(StackNetwork::external)
                .map(StackNetwork::name).toList();
        if (!external.isEmpty() && !external.contains(network)) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The stack files join the external network "
                    + String.join(", ", external) + ", not " + network + ", which bootstrap creates.",
                    "Pass --network " + external.get(0) + ", or set FAASFED_NETWORK=" + network
                            + " (the files name ${FAASFED_NETWORK}).");
        }
        return definition;
    }
}
