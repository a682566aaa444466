package io.faasfed.cli;

import static java.util.Objects.requireNonNull;

import io.faasfed.network.DockerEndpoint;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code faasfed} command: {@code network plan|apply|verify|destroy} for the shared network and
 * {@code configure openfaas|openwhisk|fn} for the platforms on it, with {@code --host}, {@code --json},
 * {@code --no-progress} and {@code --verbose} accepted anywhere on the line.
 */
@Command(name = "faasfed", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {NetworkCommand.class, ConfigureCommand.class, StackCommand.class, BootstrapCommand.class,
                ImagesCommand.class, AutoComplete.GenerateCompletion.class},
        description = {
            "Sets up the network that faasfed, OpenFaaS, OpenWhisk and Fn share, so that functions on different "
                    + "platforms call each other by name: one attachable overlay network on Docker Swarm (a bridge "
                    + "network on a single engine), each platform configured to start its function containers there.",
            "",
            "Progress goes to stderr (a spinner on a terminal, plain lines elsewhere); results go to stdout."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed bootstrap                    network, secrets, stack, health, verify",
            "  faasfed network plan                 what apply would do; changes nothing",
            "  faasfed network apply --init-swarm   a swarm here if none, then faasnet",
            "  faasfed network verify               every hop, as a table",
            "  faasfed configure fn --format env    Fn's settings, to set by hand",
            "  faasfed network destroy --force      detach what is attached, remove it",
            "  source <(faasfed generate-completion)   bash or zsh completion",
            "",
            "The Docker engine is found as the docker CLI finds it: --host, else DOCKER_HOST, else "
                    + DockerEndpoint.DEFAULT_HOST + "."
        })
public final class FaasfedCli implements Runnable {

    @Option(names = "--host", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The Docker engine, e.g. tcp://10.0.0.5:2375 (default: $DOCKER_HOST, else Docker's own "
                    + "socket).")
    String host;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print one JSON document on stdout instead of text; errors too ({\"error\": {...}}).")
    boolean json;

    @Option(names = "--no-progress", scope = ScopeType.INHERIT, description = "Show no progress on stderr.")
    boolean noProgress;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    /** The root command of a run in {@code context}. */
    public FaasfedCli(CliContext context) {
        this.context = requireNonNull(context, "context");
    }

    /** Runs the command line in the process's own streams and environment and exits with its exit code. */
    public static void main(String[] args) {
        CliContext context = CliContext.system();
        int code = commandLine(context).execute(args);
        context.out().flush();
        context.err().flush();
        System.exit(code);
    }

    /**
     * The command line of a run in {@code context}: its streams, the error handling that maps failures to exit codes,
     * the exit code list in the root help, and {@code generate-completion} listed among the commands.
     */
    public static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new FaasfedCli(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setColorScheme(Help.defaultColorScheme(context.colour() ? Help.Ansi.ON : Help.Ansi.OFF));
        commandLine.setExecutionExceptionHandler(new Failures.ExecutionHandler());
        commandLine.setParameterExceptionHandler(new Failures.UsageHandler());
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.descriptions());
        CommandLine completion = commandLine.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script for faasfed.");
        return commandLine;
    }

    /** The context of this run. */
    CliContext context() {
        return context;
    }

    /** The engine's address: {@code --host}, else {@code DOCKER_HOST}, else Docker's default socket. */
    String host(CliContext in) {
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        return in.env("DOCKER_HOST").orElse(DockerEndpoint.DEFAULT_HOST);
    }

    /** {@code faasfed} alone names the commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: bootstrap, network, configure, stack or generate-completion.");
    }
}
