package io.faasfed.network.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The stack files of {@code compose/}, read from the repository (tests run in the module's folder). */
public final class StackFixtures {

    /** The folder holding the stack files. */
    public static final Path COMPOSE = Path.of("..", "compose");

    /** The federation and the three platforms, in deploy order. */
    public static final List<String> UPSTREAM = List.of("federation.yml", "openfaas.yml", "openwhisk.yml", "fn.yml");

    /** Every stack file. */
    public static final List<String> ALL = List.of("federation.yml", "openfaas.yml", "openwhisk.yml", "fn.yml", "local.yml");

    private StackFixtures() {
    }

    /** The stack the named files of {@code compose/} make, with {@code env} for variables. */
    public static StackDefinition load(Map<String, String> env, String... names) {
        return StackFiles.read(Arrays.stream(names).map(COMPOSE::resolve).toList(), env);
    }

    /** The stack the named files make. */
    public static StackDefinition load(Map<String, String> env, List<String> names) {
        return load(env, names.toArray(String[]::new));
    }
}
