package io.faasfed.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.stack.StackDefinition;
import io.faasfed.network.stack.StackFiles;
import picocli.CommandLine.Option;

/** The stack files, the stack's name and the variables the files are interpolated with. */
final class StackOptions {

    @Option(names = {"-c", "--compose-file"}, paramLabel = "FILE", required = true,
            description = "A stack file (Compose 3.8); repeat it to merge several, later ones overriding earlier ones.")
    List<Path> files;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Variables for the files' $${...} (KEY=VALUE lines); the environment's own win over them.")
    Path envFile;

    /** The stack as the files define it, interpolated from {@code --env-file} and then the environment. */
    StackDefinition definition(Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (envFile != null) {
            env.putAll(readEnvFile(envFile));
        }
        env.putAll(environment);
        return StackFiles.read(files, env);
    }

    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The env file " + file + " cannot be read: " + e.getMessage(),
                    "Give an existing file of KEY=VALUE lines to --env-file.", e);
        }
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new SetupException(SetupProblem.INVALID_INPUT, "The env file " + file + " has a line that is not "
                        + "KEY=VALUE: '" + trimmed + "'.", "Write one KEY=VALUE a line; '#' starts a comment.");
            }
            env.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1));
        }
        return env;
    }
}
