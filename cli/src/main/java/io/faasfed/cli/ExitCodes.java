package io.faasfed.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import io.faasfed.network.SetupProblem;

/**
 * What the process's exit code means. A {@link io.faasfed.network.SetupException} ends the run with its
 * {@link SetupProblem#exitCode()}; picocli's usage errors end it with {@link #USAGE}; anything unexpected with
 * {@link #UNEXPECTED}. The root command's help lists {@link #descriptions()}.
 */
final class ExitCodes {

    /** Everything went as asked. */
    static final int OK = 0;

    /** An unexpected failure: a one-line message, the stack trace only with {@code --verbose}. */
    static final int UNEXPECTED = 1;

    /** An unknown option, a missing command or a value that is not valid. */
    static final int USAGE = 2;

    private ExitCodes() {
    }

    /** Each code and what it means, in order, for the root help and {@code docs/network.md}. */
    static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "Success (verify: no hop failed).");
        codes.put(code(SetupProblem.ENGINE_ERROR), "The engine refused a request, or an unexpected failure.");
        codes.put(code(SetupProblem.INVALID_INPUT), "Usage: unknown option or command, or a value that is not valid.");
        codes.put(code(SetupProblem.DOCKER_UNREACHABLE), "No Docker engine answers at --host / DOCKER_HOST.");
        codes.put(code(SetupProblem.NOT_A_SWARM_MANAGER), "Not a Swarm manager (docker swarm init, or --init-swarm).");
        codes.put(code(SetupProblem.NETWORK_CONFLICT), "The network exists but is not overlay, not attachable or not "
                + "faasfed's (--adopt); or the subnet overlaps another network's.");
        codes.put(code(SetupProblem.NETWORK_IN_USE), "destroy refused: containers or services are attached (--force).");
        codes.put(code(SetupProblem.PLATFORM_NOT_FOUND), "A platform's service or container is missing, ambiguous, or cannot be changed as configure needs.");
        codes.put(code(SetupProblem.VERIFY_FAILED), "verify ran and a hop failed; the table names it.");
        codes.put(code(SetupProblem.NETWORK_MISSING), "The network does not exist: run 'faasfed network apply'.");
        codes.put(code(SetupProblem.STACK_NOT_READY), "bootstrap: a service did not run (healthy) within --timeout.");
        return codes;
    }

    private static String code(SetupProblem problem) {
        return String.valueOf(problem.exitCode());
    }
}
