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
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a new user sees: every curl command the sandbox prints, run as printed (parsed the way a shell would, then
 * sent with the JDK's HTTP client, so the test needs no curl), answers what the banner's own words promise: the
 * upper-cased text, the words counted, the greeting, the fan-out's count of the four words, every sample listed (and,
 * in the native API, with the platform serving it), three healthy platforms (and the compositions'), the function
 * deployed on Fn answering from Fn, and the sample composition's output, its trace across the three platforms and its definition.
 */
class SandboxBannerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyPrintedCurlCommandAnswersWhatTheBannerPromises() throws Exception {
        try (FaasfedSandbox sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN")) {
            String banner = SandboxMain.banner(sandbox);
            assertThat(banner.lines()).as("the admin key on a line of its own")
                    .contains("Admin API key: " + sandbox.adminKey().value());
            List<List<String>> commands = curlCommands(banner);
            assertThat(commands).hasSize(15);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            // soft: one broken promise must not hide the others (the commands run in the banner's order, as a
            // user would type them: the deploy before the call of what it deployed)
            SoftAssertions softly = new SoftAssertions();
            List<String> checked = new ArrayList<>();
            String lastCallId = null;
            String lastCalled = null;
            for (List<String> command : commands) {
                // $CALL_ID in a printed command is the id the command before it answered, as the banner says
                List<String> typed = new ArrayList<>();
                for (String word : command) {
                    typed.add(lastCallId == null ? word : word.replace("$CALL_ID", lastCallId));
                }
                HttpRequest request = request(typed);
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String what = String.join(" ", typed) + " -> " + response.statusCode() + " " + response.body();
                softly.assertThat(response.statusCode()).as(what).isBetween(200, 299);
                // a call's record is named after the command whose X-Call-Id it reads
                String path = request.uri().getPath().startsWith("/federation/v1/calls/")
                        ? "/federation/v1/calls/{id} of " + lastCalled : request.uri().getPath();
                if (response.headers().firstValue("X-Call-Id").isPresent()) {
                    lastCallId = response.headers().firstValue("X-Call-Id").get();
                    lastCalled = request.uri().getPath();
                }
                checked.add(expect(softly, request.method() + " " + path, response, what));
            }
            softly.assertThat(checked).as("every command was checked against its promise").doesNotHaveDuplicates();
            softly.assertAll();
        }
    }

    /**
     * Checks the answer to one banner command against what the banner says it does; names the command checked.
     * A command the banner gains without an expectation here fails, so that the promise gets written down.
     */
    private static String expect(SoftAssertions softly, String command, HttpResponse<String> response,
                                 String what) {
        String body = response.body();
        switch (command) {
            case "POST /function/uppercase" -> softly.assertThat(body).as(what).isEqualTo("HELLO FEDERATION");
            case "POST /function/wordcount" -> softly.assertThat(wc(body)).as(what + " (wc: lines, words, bytes)")
                    .containsExactly(0, 3, "one two three".length());
            case "POST /function/greet" -> softly.assertThat(json(body).path("greeting").asString()).as(what)
                    .isEqualTo("Hello, Ada!");
            case "POST /function/fan-out" -> {
                // the Fn wordcount gets the caller's text, not the action's JSON envelope: 4 words, 22 bytes
                JsonNode call = json(body).path("calls").path(0);
                softly.assertThat(call.path("function").asString()).as(what).isEqualTo("wordcount");
                softly.assertThat(call.path("status").asInt()).as(what).isEqualTo(200);
                softly.assertThat(wc(call.path("body").asString())).as(what + ": four words, the text's own length")
                        .containsExactly(0, 4, "count these four words".length());
            }
            case "GET /system/functions" -> {
                List<String> names = new ArrayList<>();
                json(body).forEach(function -> names.add(function.path("name").asString()));
                softly.assertThat(names).as(what).contains("uppercase", "wordcount", "greet", "fan-out");
            }
            case "GET /federation/v1/functions" -> {
                Map<String, String> platforms = new TreeMap<>();
                json(body).forEach(function -> platforms.put(function.path("name").asString(),
                        function.path("platform").asString()));
                softly.assertThat(platforms).as(what).containsEntry("uppercase", "openfaas")
                        .containsEntry("wordcount", "fn").containsEntry("greet", "openwhisk")
                        .containsEntry("fan-out", "openwhisk");
            }
            case "GET /federation/v1/platforms" -> {
                Map<String, String> health = new TreeMap<>();
                json(body).forEach(platform -> health.put(platform.path("id").asString(),
                        platform.path("health").asString()));
                // the three emulators, and the gateway's own platform of compositions
                softly.assertThat(health).as(what).isEqualTo(Map.of("openfaas", "UP", "openwhisk", "UP", "fn", "UP",
                        "compositions", "UP"));
            }
            case "POST /system/functions" -> softly.assertThat(response.statusCode()).as(what).isBetween(200, 202);
            case "POST /federation/v1/keys" -> {
                softly.assertThat(response.statusCode()).as(what).isEqualTo(201);
                softly.assertThat(json(body).path("key").asString()).as(what).startsWith("ffk_");
                softly.assertThat(json(body).path("roles").toString()).as(what).doesNotContain("admin");
            }
            case "POST /function/shout" -> {
                softly.assertThat(body).as(what).isEqualTo("DEPLOYED ON FN");
                softly.assertThat(response.headers().firstValue("X-Faasfed-Platform")).as(what).contains("fn");
            }
            case "POST /async-function/wordcount" -> {
                softly.assertThat(response.statusCode()).as(what).isEqualTo(202);
                softly.assertThat(response.headers().firstValue("X-Call-Id")).as(what).isPresent();
                softly.assertThat(body).as(what).isEmpty();
            }
            case "GET /federation/v1/calls/{id} of /async-function/wordcount" -> {
                softly.assertThat(json(body).path("function").asString()).as(what).isEqualTo("wordcount");
                softly.assertThat(json(body).path("platform").asString()).as(what).isEqualTo("fn");
                softly.assertThat(json(body).path("state").asString()).as(what)
                        .isIn("queued", "running", "succeeded");
            }
            case "POST /function/welcome" -> {
                softly.assertThat(json(body)).as(what).isEqualTo(json("{\"name\":\"Ada\",\"shout\":\"ADA\","
                        + "\"stats\":{\"lines\":0,\"words\":1,\"bytes\":5},"
                        + "\"welcome\":{\"greeting\":\"Hello, Ada!\"}}"));
                softly.assertThat(response.headers().firstValue("X-Faasfed-Run-Status")).as(what)
                        .contains("succeeded");
            }
            case "GET /federation/v1/calls/{id} of /function/welcome" -> {
                JsonNode run = json(body).path("run");
                softly.assertThat(run.path("composition").asString()).as(what).isEqualTo("welcome");
                softly.assertThat(run.path("status").asString()).as(what).isEqualTo("succeeded");
                softly.assertThat(run.path("steps").valueStream().map(step -> step.path("state").asString() + "@"
                        + step.path("platform").asString()).toList()).as(what)
                        .containsExactly("shout@openfaas", "count@fn", "greet@openwhisk");
            }
            case "GET /federation/v1/compositions/welcome" -> {
                softly.assertThat(json(body).path("source").asString()).as(what).isEqualTo(new String(
                        FaasfedSandbox.sampleComposition("welcome.yaml"), StandardCharsets.UTF_8));
                softly.assertThat(json(body).path("functions").toString()).as(what)
                        .isEqualTo("[\"greet\",\"uppercase\",\"wordstats\"]");
            }
            default -> softly.fail("the banner prints a command this test has no expectation for: " + what);
        }
        return command;
    }

    /** The numbers {@code wc} printed: lines, words, bytes. */
    private static List<Integer> wc(String output) {
        return java.util.Arrays.stream(output.strip().split("\\s+")).map(Integer::valueOf).toList();
    }

    /** The body as JSON; a body that is not JSON reads as a missing node, so the checks on it fail and say so. */
    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (tools.jackson.core.JacksonException notJson) {
            return tools.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** The curl commands of the banner, each as its shell words, continuation lines joined. */
    static List<List<String>> curlCommands(String banner) {
        List<List<String>> commands = new ArrayList<>();
        Map<String, String> env = new java.util.HashMap<>();
        StringBuilder current = null;
        for (String line : banner.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("export ") && trimmed.contains("=")) {
                String assignment = trimmed.substring("export ".length());
                env.put(assignment.substring(0, assignment.indexOf('=')),
                        assignment.substring(assignment.indexOf('=') + 1));
            }
            if (current == null && trimmed.startsWith("curl ")) {
                current = new StringBuilder();
            }
            if (current != null) {
                boolean continues = trimmed.endsWith("\\");
                current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
                if (!continues) {
                    commands.add(words(current.toString(), env));
                    current = null;
                }
            }
        }
        return commands;
    }

    /**
     * Splits a command line into words as sh does for '…' and "…" quotes (expanding $NAME from {@code env} inside
     * double quotes; an unknown name fails), dropping a trailing # comment.
     */
    static List<String> words(String line, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean doubleQuoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (doubleQuoted) {
                if (c == '"') {
                    doubleQuoted = false;
                } else if (c == '$') {
                    int end = i + 1;
                    while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end))
                            || line.charAt(end) == '_')) {
                        end++;
                    }
                    String name = line.substring(i + 1, end);
                    if (!env.containsKey(name)) {
                        throw new IllegalArgumentException("the banner uses $" + name + " before exporting it");
                    }
                    word.append(env.get(name));
                    i = end - 1;
                } else {
                    word.append(c);
                }
            } else if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                doubleQuoted = true;
                inWord = true;
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
                case "-i" -> {
                    // shows the answer's headers: nothing to send
                }
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
