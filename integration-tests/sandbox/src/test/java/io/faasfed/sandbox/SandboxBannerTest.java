package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a new user sees: every curl command the sandbox prints, run as printed (parsed the way a shell would, then
 * sent with the JDK's HTTP client, so the test needs no curl), answers 2xx.
 */
class SandboxBannerTest {

    @Test
    void everyPrintedCurlCommandWorksAsPrinted() throws Exception {
        try (FaasfedSandbox sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN")) {
            String banner = SandboxMain.banner(sandbox);
            List<List<String>> commands = curlCommands(banner);
            assertThat(commands).hasSizeGreaterThanOrEqualTo(7);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (List<String> command : commands) {
                HttpResponse<String> response = http.send(request(command), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(String.join(" ", command) + " -> " + response.body())
                        .isBetween(200, 299);
            }
        }
    }

    /** The curl commands of the banner, each as its shell words, continuation lines joined. */
    static List<List<String>> curlCommands(String banner) {
        List<List<String>> commands = new ArrayList<>();
        StringBuilder current = null;
        for (String line : banner.split("\n")) {
            String trimmed = line.strip();
            if (current == null && trimmed.startsWith("curl ")) {
                current = new StringBuilder();
            }
            if (current != null) {
                boolean continues = trimmed.endsWith("\\");
                current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
                if (!continues) {
                    commands.add(words(current.toString()));
                    current = null;
                }
            }
        }
        return commands;
    }

    /** Splits a command line into words as sh does for '…' quotes, dropping a trailing # comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                inWord = true;
            } else if (c == '#' && !inWord) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static HttpRequest request(List<String> command) {
        String url = null;
        String data = null;
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(Duration.ofSeconds(60));
        boolean formDefault = true;
        for (int i = 1; i < command.size(); i++) {
            String word = command.get(i);
            switch (word) {
                case "-d" -> data = command.get(++i);
                case "-H" -> {
                    String[] header = command.get(++i).split(":\\s*", 2);
                    builder.header(header[0], header[1]);
                    formDefault &= !header[0].equalsIgnoreCase("Content-Type");
                }
                case "-u" -> builder.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(command.get(++i).getBytes(StandardCharsets.UTF_8)));
                default -> {
                    if (word.startsWith("-")) {
                        throw new IllegalArgumentException("the banner uses a curl option this test does not know: "
                                + word);
                    }
                    url = word;
                }
            }
        }
        builder.uri(URI.create(url));
        if (data != null) {
            if (formDefault) {
                builder.header("Content-Type", "application/x-www-form-urlencoded");
            }
            builder.POST(HttpRequest.BodyPublishers.ofString(data));
        } else {
            builder.GET();
        }
        return builder.build();
    }
}
