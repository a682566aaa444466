package io.faasfed.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment a function process starts with: a minimal base ({@link #BASE_NAMES}) plus what the platform
 * itself sets and the function's own variables, never the emulator's (or the gateway's, when both share a JVM) own
 * environment, which may hold platform credentials and other secrets. A real platform runs a function in a
 * container that starts from the image's environment, not the host's; this is the closest a local process gets.
 */
public final class FunctionEnvironment {

    /** The variables every function process gets besides its own and the platform's. */
    public static final Set<String> BASE_NAMES = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL");

    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private static volatile Path home;

    private FunctionEnvironment() {
    }

    /**
     * The base: {@code PATH} (the emulator's, so that {@code sh}, {@code python3} and {@code node} are found),
     * {@code HOME} (an empty directory of its own, not the user's), {@code TMPDIR} and a UTF-8 C locale.
     */
    public static Map<String, String> base() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", Optional.ofNullable(System.getenv("PATH")).filter(path -> !path.isBlank())
                .orElse(DEFAULT_PATH));
        base.put("HOME", home().toString());
        base.put("TMPDIR", System.getProperty("java.io.tmpdir"));
        base.put("LANG", "C.UTF-8");
        base.put("LC_ALL", "C.UTF-8");
        return base;
    }

    /** Replaces {@code builder}'s inherited environment with {@link #base()} plus {@code env}. */
    public static ProcessBuilder apply(ProcessBuilder builder, Map<String, String> env) {
        Map<String, String> target = builder.environment();
        target.clear();
        target.putAll(base());
        target.putAll(env);
        return builder;
    }

    private static Path home() {
        Path dir = home;
        if (dir == null) {
            synchronized (FunctionEnvironment.class) {
                dir = home;
                if (dir == null) {
                    try {
                        dir = Files.createTempDirectory("faasfed-function-home-");
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create a home directory for function processes in "
                                + System.getProperty("java.io.tmpdir") + " (expected: a writable java.io.tmpdir)", e);
                    }
                    dir.toFile().deleteOnExit();
                    home = dir;
                }
            }
        }
        return dir;
    }
}
