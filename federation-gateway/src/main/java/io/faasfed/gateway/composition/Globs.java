package io.faasfed.gateway.composition;

/**
 * The patterns of {@code stringMatches}: {@code *} matches any run of characters (also none), {@code \*} a literal
 * star and {@code \\} a literal backslash; every other character matches itself. Matching takes time proportional to
 * the lengths' product at worst, with no regular expression (no back-tracking blow-up).
 */
final class Globs {

    private Globs() {
    }

    /**
     * Checks that {@code pattern} escapes only {@code *} and {@code \}.
     *
     * @throws IllegalArgumentException naming the position (from 1) of the bad escape
     */
    static void check(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '\\') {
                if (i + 1 >= pattern.length() || (pattern.charAt(i + 1) != '*' && pattern.charAt(i + 1) != '\\')) {
                    throw new IllegalArgumentException("bad pattern '" + pattern + "' (at character " + (i + 1)
                            + "): '\\' escapes only '*' and '\\'; write \\\\ for a literal backslash");
                }
                i++;
            }
        }
    }

    /** Whether {@code text} matches {@code pattern} (which {@link #check} accepted). */
    static boolean matches(String pattern, String text) {
        // tokens: '\0'-marked star vs literal characters
        int[] tokens = new int[pattern.length()];
        int count = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                tokens[count++] = pattern.charAt(++i);
            } else if (c == '*') {
                tokens[count++] = -1;
            } else {
                tokens[count++] = c;
            }
        }
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < count && tokens[p] != -1 && tokens[p] == text.charAt(t)) {
                p++;
                t++;
            } else if (p < count && tokens[p] == -1) {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < count && tokens[p] == -1) {
            p++;
        }
        return p == count;
    }
}
