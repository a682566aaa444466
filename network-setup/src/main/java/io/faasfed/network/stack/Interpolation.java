package io.faasfed.network.stack;

import java.util.Map;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

/**
 * Compose variable substitution in one string value: {@code $$} is a literal {@code $}; {@code ${VAR}} and
 * {@code $VAR} are the variable's value; {@code ${VAR:-default}} uses the default when the variable is unset or empty,
 * {@code ${VAR-default}} only when it is unset; {@code ${VAR:?message}} and {@code ${VAR?message}} fail with the
 * message when it is unset (or empty, with the colon). Unlike docker, which warns and substitutes an empty string, an
 * unset {@code ${VAR}} without a default is an error: faasfed does not deploy a half-filled file.
 */
final class Interpolation {

    private Interpolation() {
    }

    /** {@code value} with every variable replaced; {@code where} names the file and path for errors. */
    static String apply(String value, Map<String, String> env, String where) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= value.length()) {
                throw invalid(where, "a '$' ends the value \"" + value + "\"", "Write '$$' for a literal '$'.");
            }
            char next = value.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = closing(value, i + 2);
                if (end < 0) {
                    throw invalid(where, "'${' without a closing '}' in \"" + value + "\"", "Close the variable: ${NAME}.");
                }
                out.append(braced(value.substring(i + 2, end), env, where));
                i = end + 1;
            } else if (Character.isLetter(next) || next == '_') {
                int end = i + 1;
                while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '_')) {
                    end++;
                }
                out.append(lookup(value.substring(i + 1, end), env, where));
                i = end;
            } else {
                throw invalid(where, "'$" + next + "' is not a variable in \"" + value + "\"", "Write '$$' for a literal '$'.");
            }
        }
        return out.toString();
    }

    /** The index of the '}' closing a '${' whose content starts at {@code from} (nested '${...}' skipped); -1 if none. */
    private static int closing(String value, int from) {
        int depth = 0;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    private static String braced(String expression, Map<String, String> env, String where) {
        int op = 0;
        while (op < expression.length() && (Character.isLetterOrDigit(expression.charAt(op)) || expression.charAt(op) == '_')) {
            op++;
        }
        String name = expression.substring(0, op);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw invalid(where, "'${" + expression + "}' does not start with a variable name",
                    "Use ${NAME}, ${NAME:-default} or ${NAME:?message}.");
        }
        String rest = expression.substring(op);
        String set = env.get(name);
        if (rest.isEmpty()) {
            return lookup(name, env, where);
        }
        if (rest.startsWith(":-")) {
            return set == null || set.isEmpty() ? apply(rest.substring(2), env, where) : set;
        }
        if (rest.startsWith("-")) {
            return set == null ? apply(rest.substring(1), env, where) : set;
        }
        if (rest.startsWith(":?") || rest.startsWith("?")) {
            boolean colon = rest.startsWith(":");
            if (set == null || (colon && set.isEmpty())) {
                throw invalid(where, "variable " + name + " is " + (set == null ? "not set" : "empty") + ": "
                        + rest.substring(colon ? 2 : 1), "Set " + name + " in the environment the stack is loaded with.");
            }
            return set;
        }
        throw invalid(where, "'${" + expression + "}' uses an operator faasfed does not support",
                "Use ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message} or ${NAME?message}.");
    }

    private static String lookup(String name, Map<String, String> env, String where) {
        String set = env.get(name);
        if (set == null) {
            throw invalid(where, "variable " + name + " is not set and has no default",
                    "Set " + name + " in the environment, or write ${" + name + ":-default} in the file.");
        }
        return set;
    }

    private static SetupException invalid(String where, String what, String hint) {
        return new SetupException(SetupProblem.INVALID_INPUT, where + ": " + what + ".", hint);
    }
}
