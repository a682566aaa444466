package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the probe container printed, read back from its log: each hop's exit code and output, the hop it was in when it
 * stopped, and anything it printed outside a hop (a shell's complaint, for instance).
 *
 * @param started whether the script got as far as its first line
 * @param wgetTimeout whether the image's wget bounds its calls with {@code -T}
 * @param addresses the probe's own addresses, as {@code hostname -i} gave them (empty when the image cannot tell)
 * @param results each finished hop by {@link ProbeHop#key()}
 * @param unfinished the hop that began but did not end (the probe was stopped during it)
 * @param done whether the script ran to its end
 * @param stray lines printed outside any hop
 */
record ProbeOutput(boolean started, boolean wgetTimeout, List<String> addresses, Map<String, HopResult> results,
                   Optional<String> unfinished, boolean done, String stray) {

    private static final Pattern ADDRESS = Pattern.compile("^Address(?:\\s+\\d+)?:\\s*(\\S+)");
    private static final Pattern STATUS = Pattern.compile("HTTP/\\d(?:\\.\\d)?\\s+(\\d{3})([^\\r\\n]*)");
    private static final int MAX_STRAY = 2_000;

    ProbeOutput {
        requireNonNull(addresses, "addresses");
        requireNonNull(unfinished, "unfinished");
        requireNonNull(stray, "stray");
        addresses = List.copyOf(addresses);
        results = Map.copyOf(results);
    }

    /** Reads the probe's log (stdout and stderr together, in the order written). */
    static ProbeOutput parse(String log) {
        requireNonNull(log, "log");
        boolean started = false;
        boolean wgetTimeout = false;
        boolean done = false;
        List<String> addresses = new ArrayList<>();
        Map<String, HopResult> results = new LinkedHashMap<>();
        StringBuilder stray = new StringBuilder();
        String current = null;
        StringBuilder output = new StringBuilder();
        for (String line : log.split("\\r?\\n", -1)) {
            if (!line.startsWith(ProbeScript.MARKER + " ")) {
                if (current != null) {
                    output.append(line).append('\n');
                } else if (!line.isBlank() && stray.length() < MAX_STRAY) {
                    stray.append(line).append('\n');
                }
                continue;
            }
            String[] words = line.substring(ProbeScript.MARKER.length()).trim().split("\\s+");
            switch (words[0]) {
                case "start" -> {
                    started = true;
                    wgetTimeout = words.length > 1 && words[1].equals("yes");
                    for (int i = 2; i < words.length; i++) {
                        addresses.add(words[i]);
                    }
                }
                case "begin" -> {
                    if (words.length >= 3) {
                        current = words[1] + " " + words[2];
                        output.setLength(0);
                    }
                }
                case "end" -> {
                    if (current != null && words.length >= 4 && current.equals(words[1] + " " + words[2])) {
                        results.put(current, new HopResult(exitCode(words[3]), trimEnd(output)));
                        current = null;
                    }
                }
                case "done" -> done = true;
                default -> {
                    // a marker of a newer script: nothing to read from it
                }
            }
        }
        return new ProbeOutput(started, wgetTimeout, addresses, results, Optional.ofNullable(current), done,
                stray.toString().trim());
    }

    private static int exitCode(String word) {
        try {
            return Integer.parseInt(word);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String trimEnd(StringBuilder text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** The hop's result, when it finished. */
    Optional<HopResult> result(ProbeHop hop) {
        return Optional.ofNullable(results.get(hop.key()));
    }

    /**
     * One finished hop.
     *
     * @param exitCode the command's exit code (127: the image has no such command)
     * @param output what it printed, stdout and stderr together
     */
    record HopResult(int exitCode, String output) {

        HopResult {
            requireNonNull(output, "output");
        }

        /** The lines it printed, without blank ones. */
        List<String> lines() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }

        /** The addresses an {@code nslookup} answer gave: those after its {@code Name:} line. */
        List<String> addresses() {
            List<String> out = new ArrayList<>();
            boolean answer = false;
            for (String line : lines()) {
                if (line.startsWith("Name:")) {
                    answer = true;
                    continue;
                }
                Matcher m = ADDRESS.matcher(line);
                if (answer && m.find()) {
                    String address = m.group(1);
                    // "Address: 10.0.1.5" (busybox), "Address 1: 10.0.1.5 gateway" (old busybox), no port suffix there.
                    if (!out.contains(address)) {
                        out.add(address);
                    }
                }
            }
            return out;
        }

        /** The last HTTP status line wget showed ({@code -S}, or its "server returned error" line). */
        Optional<Status> status() {
            Status last = null;
            for (String line : lines()) {
                Matcher m = STATUS.matcher(line);
                if (m.find()) {
                    last = new Status(Integer.parseInt(m.group(1)), m.group(2).strip());
                }
            }
            return Optional.ofNullable(last);
        }

        /** The first line of the body wget printed, if any (what follows the response headers). */
        Optional<String> bodyFirstLine() {
            List<String> raw = output.lines().toList();
            int i = 0;
            boolean headers = false;
            // -S prints the response headers indented by two spaces, then the body.
            while (i < raw.size() && (raw.get(i).startsWith("  ") || raw.get(i).startsWith("Connecting to")
                    || (headers && raw.get(i).isBlank()))) {
                headers = headers || raw.get(i).startsWith("  HTTP/");
                i++;
            }
            for (; i < raw.size(); i++) {
                String line = raw.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("wget:")) {
                    return Optional.of(line);
                }
            }
            return Optional.empty();
        }

        /** The line that says what went wrong: the first with {@code can't}, {@code error} or {@code timed out}. */
        String complaint() {
            List<String> lines = lines();
            for (String line : lines) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("can't") || lower.contains("error") || lower.contains("timed out")
                        || lower.contains("not found") || lower.contains("refused") || lower.contains("bad address")) {
                    return line.replaceFirst("^\\*+\\s*", "");
                }
            }
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    /**
     * An HTTP status line.
     *
     * @param code the status code
     * @param reason the reason phrase, possibly empty
     */
    record Status(int code, String reason) {

        Status {
            requireNonNull(reason, "reason");
        }

        /** {@code 404 Not Found}. */
        @Override
        public String toString() {
            return reason.isEmpty() ? String.valueOf(code) : code + " " + reason;
        }
    }
}
