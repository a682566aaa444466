package io.faasfed.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import io.faasfed.cli.output.Json;
import io.faasfed.cli.output.JsonViews;
import io.faasfed.network.SetupException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import reactor.core.Exceptions;

/**
 * How a run ends when something goes wrong: {@code error: <what was found>} and {@code hint: <how to fix it>} on
 * stderr (and, with {@code --json}, {@code {"error": {...}}} on stdout), and the exit code the failure means. Stack
 * traces only with {@code --verbose}.
 */
final class Failures {

    private Failures() {
    }

    /** {@code error:} and, when there is one, {@code hint:} lines. */
    static void printText(PrintWriter err, String message, String hint) {
        err.println("error: " + message);
        if (hint != null && !hint.isBlank()) {
            err.println("hint: " + hint);
        }
        err.flush();
    }

    /** A failure while a command ran: a {@link SetupException} keeps its meaning, anything else is exit code 1. */
    static final class ExecutionHandler implements IExecutionExceptionHandler {

        @Override
        public int handleExecutionException(Exception thrown, CommandLine commandLine, ParseResult parseResult) {
            FaasfedCli root = (FaasfedCli) commandLine.getCommandSpec().root().userObject();
            CliContext context = root.context();
            Throwable error = unwrap(thrown);
            String problem;
            int code;
            String message;
            String hint;
            if (error instanceof SetupException setup) {
                problem = setup.problem().name();
                code = setup.problem().exitCode();
                message = setup.getMessage();
                hint = setup.hint();
            } else {
                problem = "UNEXPECTED";
                code = ExitCodes.UNEXPECTED;
                message = oneLine(error);
                hint = root.verbose ? "" : "Run again with --verbose for the stack trace.";
            }
            if (root.json) {
                context.out().println(Json.write(JsonViews.error(problem, code, message, hint)));
                context.out().flush();
            }
            printText(context.err(), message, hint);
            if (root.verbose) {
                error.printStackTrace(context.err());
                context.err().flush();
            }
            return code;
        }

        private static Throwable unwrap(Throwable thrown) {
            Throwable error = Exceptions.unwrap(thrown);
            while ((error instanceof java.util.concurrent.ExecutionException || error instanceof java.util.concurrent.CompletionException)
                    && error.getCause() != null) {
                error = error.getCause();
            }
            return error;
        }

        private static String oneLine(Throwable error) {
            String message = error.getMessage();
            String text = error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
            int newline = text.indexOf('\n');
            return "unexpected failure: " + (newline < 0 ? text : text.substring(0, newline));
        }
    }

    /** A usage error found while parsing: the message, a suggestion for a misspelt option, where help is; exit code 2. */
    static final class UsageHandler implements IParameterExceptionHandler {

        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine commandLine = ex.getCommandLine();
            FaasfedCli root = (FaasfedCli) commandLine.getCommandSpec().root().userObject();
            CliContext context = root.context();
            PrintWriter err = context.err();
            String help = "Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for its options.";
            if (Arrays.asList(args).contains("--json")) {
                context.out().println(Json.write(JsonViews.error("USAGE", ExitCodes.USAGE, ex.getMessage(), help)));
                context.out().flush();
            }
            err.println("error: " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("hint: " + help);
            err.flush();
            return ExitCodes.USAGE;
        }
    }
}
