package io.faasfed.gateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Property tests without a framework: a check run over many generated inputs from one seeded {@link Random}. Each
 * run picks a fresh seed (so CI keeps exploring) unless {@code -Dfaasfed.fuzz.seed=N} fixes it; a failure names the
 * input, the try and the seed to rerun it with.
 */
public final class Generated {

    /** The system property that fixes the seed. */
    public static final String SEED_PROPERTY = "faasfed.fuzz.seed";

    private Generated() {
    }

    /** A check of one input that may throw. */
    @FunctionalInterface
    public interface Check<T> {
        /** Checks {@code input}. */
        void accept(T input) throws Exception;
    }

    /** Runs {@code check} on {@code tries} inputs made by {@code generator}. */
    public static <T> void forAll(String property, int tries, Function<Random, T> generator, Check<T> check) {
        String fixed = System.getProperty(SEED_PROPERTY);
        long seed = fixed != null ? Long.parseLong(fixed) : new SplittableRandom().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                check.accept(input);
            } catch (Exception | AssertionError failure) {
                throw new AssertionError(property + " does not hold for " + show(input) + " (try " + (i + 1) + " of "
                        + tries + "; rerun with -D" + SEED_PROPERTY + "=" + seed + ")", failure);
            }
        }
    }

    /** One of {@code choices}. */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** One of {@code choices}. */
    public static <T> T oneOf(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Up to {@code max} of {@code pieces} joined. */
    public static String joined(Random random, List<String> pieces, int max) {
        StringBuilder out = new StringBuilder();
        int count = random.nextInt(max + 1);
        for (int i = 0; i < count; i++) {
            out.append(oneOf(random, pieces));
        }
        return out.toString();
    }

    /** A string of up to {@code max} characters, mostly ASCII, some from anywhere in the BMP (controls included). */
    public static String anyString(Random random, int max) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(max + 1);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            char c = kind < 7 ? (char) (0x20 + random.nextInt(0x5f)) : kind < 8 ? (char) random.nextInt(0x20)
                    : (char) random.nextInt(0xd800);
            out.append(c);
        }
        return out.toString();
    }

    /** A string of up to {@code max} characters taken from {@code alphabet}. */
    public static String stringOf(Random random, String alphabet, int min, int max) {
        StringBuilder out = new StringBuilder();
        int length = min + random.nextInt(max - min + 1);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /**
     * A JSON-shaped value (null, boolean, number, string, list or map) nested at most {@code depth} deep, with map
     * keys from {@code keys} or random.
     */
    public static Object jsonValue(Random random, List<String> keys, List<Object> leaves, int depth) {
        int kind = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(20) - 5);
            case 5 -> random.nextBoolean() ? anyString(random, 12) : oneOf(random, leaves);
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(jsonValue(random, keys, leaves, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(random.nextBoolean() ? oneOf(random, keys) : anyString(random, 6),
                            jsonValue(random, keys, leaves, depth - 1));
                }
                yield map;
            }
        };
    }

    private static String show(Object input) {
        String text = String.valueOf(input);
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < 2000; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f || (c > 0x7e && c < 0xa0) ? String.format("\\u%04x", (int) c)
                    : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
