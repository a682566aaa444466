package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import io.faasfed.network.Engine;
import io.faasfed.network.EngineState;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Labels;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.ModeDetection;
import io.faasfed.network.ModeDetector;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.SwarmRole;
import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.ComponentLocator;
import io.faasfed.network.platform.Located;
import io.faasfed.network.platform.Platform;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@code faasfed network verify}: every hop from the network to each platform's health endpoint.
 *
 * <p>The rows, in order: the engine and the mode; the network (exists, the driver the mode needs, joinable by plain
 * containers, who made it); for each platform and the faasfed gateway, each component (found, running, attached);
 * then one short-lived probe container on the network, which resolves each component's DNS name and calls its health
 * endpoint by it. A row that cannot be checked because an earlier hop of the same thing failed is SKIPPED, so the
 * first FAIL row is the hop to look at.
 */
public final class NetworkVerifier {

    /** What the probe may take beyond its hops: starting the shell, the script's first checks. */
    static final Duration DEFAULT_PROBE_MARGIN = Duration.ofSeconds(15);
    /** What one hop may take beyond the hop timeout (nslookup's own retries, process start). */
    private static final Duration HOP_SLACK = Duration.ofSeconds(2);

    private final Engine engine;
    private final ComponentLocator locator;
    private final ProbeRunner probes;
    private final Duration probeMargin;

    /** A verifier on {@code engine}. */
    public NetworkVerifier(Engine engine) {
        this(engine, DEFAULT_PROBE_MARGIN);
    }

    /** A verifier whose probe may run {@code probeMargin} beyond its hops (tests use a short one). */
    NetworkVerifier(Engine engine, Duration probeMargin) {
        this.engine = requireNonNull(engine, "engine");
        this.locator = new ComponentLocator(engine);
        this.probes = new ProbeRunner(engine);
        this.probeMargin = requireNonNull(probeMargin, "probeMargin");
    }

    /** The verify table; a failing hop is a FAIL row, not an error (errors are for an engine that cannot be asked). */
    public Mono<VerifyReport> verify(VerifyRequest request, Progress progress) {
        requireNonNull(request, "request");
        requireNonNull(progress, "progress");
        return progress.track("Connecting to Docker at " + engine.endpoint().host(), engine.state(), this::describe)
                .flatMap(state -> verify(state, request, progress));
    }

    /** How long the probe may run for {@code hops} hops of {@code hopTimeout} each. */
    Duration probeLimit(int hops, Duration hopTimeout) {
        return hopTimeout.plus(HOP_SLACK).multipliedBy(hops).plus(probeMargin);
    }

    private Mono<VerifyReport> verify(EngineState state, VerifyRequest request, Progress progress) {
        Rows rows = new Rows();
        String host = engine.endpoint().host();
        ModeDetection detection;
        try {
            detection = ModeDetector.detect(state, request.mode());
        } catch (SetupException e) {
            rows.fail("engine", host, e.getMessage() + (e.hint().isEmpty() ? "" : " " + e.hint()));
            return Mono.just(new VerifyReport(request.network(), request.mode() == ModeChoice.SINGLE_HOST ? Mode.SINGLE_HOST
                    : Mode.SWARM, rows.list()));
        }
        Mode mode = detection.mode();
        rows.pass("engine", host, "Docker " + state.serverVersion() + " (API " + engine.endpoint().apiVersion() + "); "
                + mode.label() + " mode, as " + detection.reason());
        return network(request.network(), mode, rows, progress)
                .flatMap(network -> components(request, mode, network, rows, progress)
                        .flatMap(targets -> probe(request, network, targets, rows, progress)))
                .then(Mono.fromSupplier(() -> new VerifyReport(request.network(), mode, rows.list())));
    }

    // ---- the network ------------------------------------------------------------------------------------------

    private Mono<Optional<ExistingNetwork>> network(String name, Mode mode, Rows rows, Progress progress) {
        return Mono.defer(() -> {
            Progress.Step step = progress.begin("Checking network " + name);
            int from = rows.size();
            return engine.networksNamed(name).collectList()
                    .map(found -> {
                        Optional<ExistingNetwork> network = networkRows(name, mode, found, rows);
                        List<Check> failed = rows.failedSince(from);
                        if (failed.isEmpty()) {
                            step.ok(network.map(NetworkVerifier::summary).orElse("not found"));
                        } else {
                            step.fail(failed.stream().map(c -> c.hop() + ": " + Hints.firstSentence(c.detail()))
                                    .collect(Collectors.joining("; ")));
                        }
                        return network;
                    })
                    .doOnError(e -> step.fail(String.valueOf(e.getMessage())))
                    .doOnCancel(() -> step.fail("cancelled"));
        });
    }

    private static Optional<ExistingNetwork> networkRows(String name, Mode mode, List<ExistingNetwork> found, Rows rows) {
        if (found.isEmpty()) {
            rows.fail("network", name, "Not found on this engine. Run '" + Hints.apply(name) + "' to create it.");
            return Optional.empty();
        }
        ExistingNetwork network = found.stream().filter(ExistingNetwork::managed).findFirst().orElse(found.get(0));
        if (found.size() > 1) {
            rows.fail("network", name, found.size() + " networks are called " + name + " (ids "
                    + found.stream().map(ExistingNetwork::shortId).collect(Collectors.joining(", "))
                    + "): containers may join either. Remove the one faasfed did not make, e.g. 'docker network rm "
                    + found.stream().filter(n -> n != network).findFirst().map(ExistingNetwork::shortId).orElse("") + "'.");
        } else {
            rows.pass("network", name, "exists (id " + network.shortId() + ", " + network.scope() + " scope"
                    + network.firstSubnet().map(b -> ", " + b.subnet()).orElse("") + ")");
        }
        if (mode.driver().equals(network.driver())) {
            rows.pass("driver", name, network.driver() + (network.encrypted() ? ", encrypted" : "") + ", as " + mode.label()
                    + " mode needs");
        } else {
            String other = mode == Mode.SWARM ? "single-host" : "swarm";
            rows.fail("driver", name, (network.driver().matches("^[aeiou].*") ? "An " : "A ") + network.driver() + " network, but " + mode.label() + " mode needs "
                    + mode.driver() + ". If it is meant for " + other + " mode, verify with --mode " + other
                    + "; otherwise remove it and run '" + Hints.apply(name) + "'.");
        }
        if (network.joinable()) {
            rows.pass("attachable", name, "overlay".equals(network.driver())
                    ? "attachable: plain containers (the probe, function containers) can join it"
                    : network.driver() + ": any container on this host can join it");
        } else {
            rows.fail("attachable", name, "Not attachable: services can join it, but plain containers (the probe, "
                    + "OpenWhisk's and Fn's function containers) cannot. " + (network.managed()
                    ? "Recreate it: '" + Hints.destroy(name) + "', then '" + Hints.apply(name) + "'."
                    : "Remove it ('docker network rm " + name + "') and run '" + Hints.apply(name)
                            + "', or create it with --attachable."));
        }
        boolean openfaas = "true".equals(network.labels().get(Labels.OPENFAAS));
        rows.pass("labels", name, (network.managed()
                ? "made by faasfed (" + Labels.MANAGED_BY + "=" + Labels.FAASFED + ")"
                : "not made by faasfed: used as it is, and 'faasfed network destroy' leaves it alone")
                + (mode == Mode.SWARM && !openfaas
                ? "; no " + Labels.OPENFAAS + "=true label, so OpenFaaS' own deploys (faas-cli) must name the network" : ""));
        return Optional.of(network);
    }

    private static String summary(ExistingNetwork network) {
        return network.driver() + ", " + network.scope() + " scope" + (network.attachable() ? ", attachable" : "")
                + (network.managed() ? ", made by faasfed" : ", not made by faasfed");
    }

    // ---- the components ---------------------------------------------------------------------------------------

    /**
     * A component the probe may call.
     *
     * @param component the component
     * @param located where it runs; null when not found
     * @param skip why its DNS and HTTP hops are skipped; null when they are made
     */
    private record Target(Component component, Located located, String skip) {
    }

    private Mono<List<Target>> components(VerifyRequest request, Mode mode, Optional<ExistingNetwork> network, Rows rows,
                                          Progress progress) {
        List<Platform> platforms = java.util.Arrays.stream(Platform.values())
                .filter(p -> request.platforms().isEmpty() || request.platforms().contains(p)).toList();
        boolean anyPlatform = request.platforms().isEmpty();
        return Flux.fromIterable(platforms)
                .concatMap(p -> group(p.id(), request.layout().components(p), anyPlatform, mode, network, request.network(),
                        rows, progress, "not found; pass --platform " + p.id() + " to require it"))
                .concatWith(Mono.defer(() -> group("the faasfed gateway", List.of(request.layout().faasfedGateway()),
                        !request.requireGateway(), mode, network, request.network(), rows, progress,
                        "not found (looked for '" + request.layout().faasfedGateway().name() + "'); it is checked when it runs")))
                .flatMapIterable(targets -> targets)
                .collectList();
    }

    /** Looks for the components of one platform (or the gateway) and adds their rows; {@code optional}: skip when none is found. */
    private Mono<List<Target>> group(String what, List<Component> components, boolean optional, Mode mode,
                                     Optional<ExistingNetwork> network, String networkName, Rows rows, Progress progress,
                                     String skipped) {
        return Mono.defer(() -> {
            Progress.Step step = progress.begin("Looking for " + what + (components.size() > 1
                    ? " (" + components.stream().map(Component::role).collect(Collectors.joining(", ")) + ")" : ""));
            return Flux.fromIterable(components)
                    .concatMap(c -> locator.locate(c, mode)
                            .map(Lookup::found)
                            .onErrorResume(e -> e instanceof SetupException s && s.problem() == SetupProblem.PLATFORM_NOT_FOUND,
                                    e -> Mono.just(Lookup.failed(c, (SetupException) e)))
                            .defaultIfEmpty(Lookup.missing(c)))
                    .collectList()
                    .map((List<Lookup> lookups) -> {
                        if (optional && lookups.stream().allMatch(Lookup::missing)) {
                            String target = components.get(0).platform().map(Platform::id).orElse(Hints.label(components.get(0)));
                            rows.skip("found", target, skipped);
                            step.ok("not found: skipped");
                            return List.<Target>of();
                        }
                        int from = rows.size();
                        List<Target> targets = new ArrayList<>();
                        for (Lookup lookup : lookups) {
                            targets.add(componentRows(lookup, mode, network, networkName, rows));
                        }
                        List<Check> failed = rows.failedSince(from);
                        if (failed.isEmpty()) {
                            step.ok(lookups.stream().map(l -> l.located().kind().word() + " " + l.located().name())
                                    .collect(Collectors.joining(", ")) + ": running"
                                    + (network.isPresent() ? ", on " + networkName : ""));
                        } else {
                            step.fail(failed.stream().map(c -> c.target() + ": " + Hints.firstSentence(c.detail()))
                                    .collect(Collectors.joining("; ")));
                        }
                        return targets;
                    })
                    .doOnError(e -> step.fail(String.valueOf(e.getMessage())))
                    .doOnCancel(() -> step.fail("cancelled"));
        });
    }

    private static Target componentRows(Lookup lookup, Mode mode, Optional<ExistingNetwork> network, String networkName,
                                        Rows rows) {
        Component component = lookup.component();
        String label = Hints.label(component);
        if (lookup.error() != null) {
            rows.fail("found", label, lookup.error().getMessage() + " " + lookup.error().hint());
            return new Target(component, null, "skipped: " + label + " was not found");
        }
        Located located = lookup.located();
        if (located == null) {
            rows.fail("found", label, Hints.notFound(component, mode == Mode.SWARM));
            return new Target(component, null, "skipped: " + label + " was not found");
        }
        rows.pass("found", label, located.kind().word() + " " + located.name());
        String skip = null;
        if (located.running()) {
            rows.pass("running", located.name(), located.kind() == Located.Kind.SERVICE ? "at least one task running" : "running");
        } else {
            rows.fail("running", located.name(), Hints.notRunning(located));
            skip = "skipped: " + located.name() + " is not running";
        }
        if (network.isEmpty()) {
            rows.skip("attached", located.name(), "skipped: network " + networkName + " does not exist");
            skip = skip != null ? skip : "skipped: network " + networkName + " does not exist";
        } else if (located.attachedTo(network.get().id(), network.get().name())) {
            rows.pass("attached", located.name(), located.kind() == Located.Kind.SERVICE
                    ? "its tasks join " + networkName : "on " + networkName);
        } else {
            rows.fail("attached", located.name(), Hints.notAttached(located, networkName));
            skip = skip != null ? skip : "skipped: " + located.name() + " is not attached to " + networkName;
        }
        return new Target(component, located, skip);
    }

    /**
     * What looking for one component gave.
     *
     * @param component what was looked for
     * @param located what was found; null when nothing or too much was
     * @param error why the name was not enough (it matched two); null otherwise
     */
    private record Lookup(Component component, Located located, SetupException error) {

        static Lookup found(Located located) {
            return new Lookup(located.component(), located, null);
        }

        static Lookup failed(Component component, SetupException error) {
            return new Lookup(component, null, error);
        }

        static Lookup missing(Component component) {
            return new Lookup(component, null, null);
        }

        boolean missing() {
            return located == null && error == null;
        }
    }

    // ---- the probe ------------------------------------------------------------------------------------------

    private Mono<Void> probe(VerifyRequest request, Optional<ExistingNetwork> network, List<Target> targets, Rows rows,
                             Progress progress) {
        List<Target> probed = targets.stream().filter(t -> t.component().probed()).toList();
        String cannot = network.isEmpty() ? "skipped: network " + request.network() + " does not exist"
                : !network.get().joinable() ? "skipped: plain containers cannot join " + request.network() : null;
        if (cannot != null) {
            rows.skip("probe", request.network(), cannot);
            // a component's own reason (not found, not running) comes first: it is the earlier hop
            probed.forEach(t -> skipHops(t.component(), t.skip() != null ? t.skip() : cannot, rows));
            return Mono.empty();
        }
        List<Component> called = probed.stream().filter(t -> t.skip() == null).map(Target::component).toList();
        List<ProbeHop> hops = ProbeScript.hops(called);
        Duration limit = probeLimit(hops.size(), request.hopTimeout());
        String script = ProbeScript.render(called, request.hopTimeout());
        return probes.run(network.get(), request.probeImage(), script, limit, hops.size(),
                        run -> probeRows(run, request, probed, called.size()), progress)
                .doOnNext(rows::addAll)
                .then();
    }

    /** The probe's row, then each probed component's DNS and HTTP rows, from what the probe printed. */
    private static List<Check> probeRows(ProbeRun run, VerifyRequest request, List<Target> probed, int called) {
        Rows rows = new Rows();
        probeRow(run, request.network(), called, rows);
        int index = 0;
        for (Target target : probed) {
            if (target.skip() != null) {
                skipHops(target.component(), target.skip(), rows);
                continue;
            }
            ProbeHop dns = new ProbeHop(ProbeHop.Kind.DNS, index, target.component());
            ProbeHop http = new ProbeHop(ProbeHop.Kind.HTTP, index, target.component());
            index++;
            if (!run.ran()) {
                skipHops(target.component(), "skipped: the probe did not run", rows);
                continue;
            }
            Check dnsRow = HopVerdicts.dns(dns, target.located(), run, request.network(), request.hopTimeout());
            rows.add(dnsRow);
            rows.add(dnsRow.status() == Check.Status.PASS
                    ? HopVerdicts.http(http, target.located(), run, request.hopTimeout())
                    : new Check(http.kind().word(), http.target(), Check.Status.SKIPPED, "skipped: " + dns.target()
                            + (dnsRow.status() == Check.Status.FAIL ? " does not resolve" : " was not looked up")));
        }
        return rows.list();
    }

    private static void probeRow(ProbeRun run, String network, int components, Rows rows) {
        if (run.failure().isPresent()) {
            rows.fail("probe", run.name(), run.failure().get());
            return;
        }
        if (!run.output().started()) {
            String said = run.output().stray().isEmpty() ? "no output" : run.output().stray().replace('\n', ' ');
            rows.fail("probe", run.name(), "It ended (exit code " + run.exitCode() + ") before its script began: " + said
                    + ". " + Hints.probeImage());
            return;
        }
        String where = run.output().addresses().isEmpty() ? "joined " + network
                : "joined " + network + " as " + String.join(", ", run.output().addresses());
        String what = components == 0 ? "nothing to call (no health endpoint was found to probe)"
                : "called " + components + (components == 1 ? " component" : " components") + " by DNS name";
        String stopped = run.stopped() ? "; stopped at its limit of " + run.limit().toSeconds() + " s" : "";
        rows.pass("probe", run.name(), where + " from " + run.image() + ", " + what + stopped);
    }

    private static void skipHops(Component component, String why, Rows rows) {
        rows.add(new Check(ProbeHop.Kind.DNS.word(), component.dnsName(), Check.Status.SKIPPED, why));
        rows.add(new Check(ProbeHop.Kind.HTTP.word(), component.healthUrl(), Check.Status.SKIPPED, why));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private String describe(EngineState s) {
        return "Docker " + s.serverVersion() + ", API " + engine.endpoint().apiVersion()
                + (s.swarmRole() == SwarmRole.NONE ? ", no swarm"
                : ", swarm " + s.swarmState() + " (" + s.swarmRole().name().toLowerCase(Locale.ROOT) + ")");
    }

    /** The rows of one verify, added in the order they were checked (one verify's steps run one after another). */
    private static final class Rows {

        private final List<Check> checks = new ArrayList<>();

        synchronized void add(Check check) {
            checks.add(check);
        }

        synchronized void addAll(List<Check> more) {
            checks.addAll(more);
        }

        void pass(String hop, String target, String detail) {
            add(new Check(hop, target, Check.Status.PASS, detail));
        }

        void fail(String hop, String target, String detail) {
            add(new Check(hop, target, Check.Status.FAIL, detail));
        }

        void skip(String hop, String target, String detail) {
            add(new Check(hop, target, Check.Status.SKIPPED, detail));
        }

        synchronized int size() {
            return checks.size();
        }

        synchronized List<Check> failedSince(int from) {
            return checks.subList(from, checks.size()).stream().filter(c -> c.status() == Check.Status.FAIL).toList();
        }

        synchronized List<Check> list() {
            return List.copyOf(checks);
        }
    }
}
