package io.faasfed.adapter.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * Function environment values are write-only: an API shows which variables a function has, never their values
 * (they commonly hold database passwords and tokens). Every read shows each value as {@link #HIDDEN}, and a write
 * that sends {@link #HIDDEN} back as a value is refused (it would otherwise replace the real value with the
 * placeholder), so that reading a function and deploying what was read cannot silently break it.
 */
public final class EnvValues {

    /** What a read shows in place of every environment value. */
    public static final String HIDDEN = "<redacted>";

    private EnvValues() {
    }

    /** The names of {@code env}, sorted, each mapped to {@link #HIDDEN}; empty for null or empty. */
    public static Map<String, String> hidden(Map<String, String> env) {
        TreeMap<String, String> names = new TreeMap<>();
        if (env != null) {
            env.keySet().forEach(name -> names.put(name, HIDDEN));
        }
        return names;
    }

    /** Whether every value of {@code env} is already {@link #HIDDEN}. */
    static boolean allHidden(Map<String, String> env) {
        return env.values().stream().allMatch(HIDDEN::equals);
    }
}
