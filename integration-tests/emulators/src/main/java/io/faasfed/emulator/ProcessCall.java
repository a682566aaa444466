package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One execution of a function process under the watchdog contract.
 *
 * @param command the argv, usually {@code sh -c <command line>}
 * @param env the function's variables and the platform's; the process gets these and
 *            {@link FunctionEnvironment#base()}, never the emulator's own environment
 * @param stdin the request body written to the process' stdin, which is then closed
 * @param timeout how long the process may run before it and its children are killed
 * @param mergeStderr whether stderr is merged into stdout (the classic watchdog's {@code combine_output})
 */
public record ProcessCall(List<String> command, Map<String, String> env, byte[] stdin, Duration timeout,
        boolean mergeStderr) {

    public ProcessCall {
        command = List.copyOf(requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command: [] (expected: at least a program)");
        }
        env = Map.copyOf(requireNonNull(env, "env"));
        stdin = stdin == null ? new byte[0] : stdin;
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
    }
}
