package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.OpenWhiskEmulatorTest.loopAction;
import static io.faasfed.emulator.openwhisk.OpenWhiskEmulatorTest.parameter;
import static io.faasfed.emulator.openwhisk.OpenWhiskEmulatorTest.pythonAction;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.TestHttp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Actions run as the OpenWhisk action proxy (the action loop of openwhisk-runtime-go, which the python, go and other
 * runtimes use) and the invoker run them: one init per container, the activation's envelope as one line on stdin,
 * the result as one JSON line on fd 3, stdout and stderr kept as the activation's logs.
 */
class OpenWhiskActionLoopTest {

    private static final Credentials KEY = Credentials.parse("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:some-key");
    private static final String AUTH = KEY.basicHeader();
    private static final String ACTIONS = "/api/v1/namespaces/_/actions/";

    @TempDir
    Path temp;
    private OpenWhiskEmulator emulator;
    private TestHttp http;

    @BeforeEach
    void start() {
        emulator = OpenWhiskEmulator.start(EmulatorOptions.builder().credentials(KEY)
                .blockingWait(Duration.ofSeconds(30)).build());
        http = new TestHttp(emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private void put(String name, String body) {
        HttpResponse<String> response = http.send("PUT", ACTIONS + name + "?overwrite=true", AUTH, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> invoke(String name, String params) {
        return http.send("POST", ACTIONS + name + "?blocking=true", AUTH, params);
    }

    private static JsonNode result(HttpResponse<String> response) {
        return TestHttp.json(response).path("response").path("result");
    }

    // The envelope: CONTRACTS.md line 158-159 ("POST /run takes {"value":{params}, "namespace", "action_name",
    // "activation_id", "transaction_id", ..., "api_key", "deadline"}"), built by the invoker's ContainerProxy
    // (apache/openwhisk 1fae641, initializeAndRun: namespace, action_name, action_version, activation_id,
    // transaction_id, deadline, and api_key only when provide-api-key is truthy); the proxy strips newlines and writes
    // it as ONE line on stdin (openwhisk-runtime-go runHandler.go, executor.go Interact). Init parameters become the
    // process env at /init (CONTRACTS.md line 154-157), not arguments.
    @Test
    void eachActivationIsOneEnvelopeLineOnStdinAndInitParametersAreTheEnv() {
        put("env", loopAction("printf '{\"secret\":\"%s\",\"envelope\":%s}\\n' \"$SECRET\" \"$line\" >&3",
                parameter("SECRET", "s3", true), parameter("bound", "b", false)));

        HttpResponse<String> response = http.send("POST", ACTIONS + "env?blocking=true&result=true", AUTH,
                "{\"given\":1,\"text\":\"two\\nlines\"}");
        JsonNode result = TestHttp.json(response);
        JsonNode envelope = result.path("envelope");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(result.path("secret").asString()).isEqualTo("s3");
        assertThat(envelope.path("value").path("given").asInt()).isEqualTo(1);
        assertThat(envelope.path("value").path("bound").asString()).isEqualTo("b");
        assertThat(envelope.path("value").path("text").asString()).isEqualTo("two\nlines");
        assertThat(envelope.path("value").has("SECRET")).as("init parameters are not arguments").isFalse();
        assertThat(envelope.path("namespace").asString()).isEqualTo("guest");
        assertThat(envelope.path("action_name").asString()).isEqualTo("/guest/env");
        assertThat(envelope.path("action_version").asString()).isEqualTo("0.0.1");
        assertThat(envelope.path("activation_id").asString())
                .isEqualTo(response.headers().firstValue("x-openwhisk-activation-id").orElseThrow());
        assertThat(envelope.path("transaction_id").asString()).isNotBlank();
        assertThat(envelope.path("deadline").isString()).isTrue();
        assertThat(envelope.has("api_key")).as("provide-api-key defaults to false on create").isFalse();
    }

    // The controller adds provide-api-key=false on create; when it is true the invoker puts api_key ("uuid:key") in
    // the envelope (ContainerProxy authEnvironment), and the python launcher exports it as __OW_API_KEY.
    @Test
    void provideApiKeyPutsTheKeyInTheEnvelope() {
        put("keyed", "{\"exec\":{\"kind\":\"python:3.11\",\"code\":\"import os\\ndef main(args):\\n    return "
                + "{'key': os.environ.get('__OW_API_KEY'), 'id': os.environ.get('__OW_ACTIVATION_ID')}\\n\"},"
                + "\"annotations\":[{\"key\":\"provide-api-key\",\"value\":true}]}");

        HttpResponse<String> response = invoke("keyed", "{}");

        assertThat(result(response).path("key").asString()).isEqualTo(KEY.joined());
        assertThat(result(response).path("id").asString())
                .isEqualTo(response.headers().firstValue("x-openwhisk-activation-id").orElseThrow());
    }

    // CONTRACTS.md line 154-155: /init "is called once per container"; the invoker keeps the container warm and
    // sends the next activations to it, so the action's module state survives between activations. A new revision of
    // the action gets new containers.
    @Test
    void aWarmContainerIsInitialisedOnceAndServesTheNextActivations() {
        String counter = "count = 0\ndef main(args):\n    global count\n    count += 1\n    return {'count': count}\n";
        put("counter", pythonAction(counter));

        assertThat(result(invoke("counter", "{}")).path("count").asInt()).isEqualTo(1);
        assertThat(result(invoke("counter", "{}")).path("count").asInt()).isEqualTo(2);
        put("counter", pythonAction(counter));
        assertThat(result(invoke("counter", "{}")).path("count").asInt()).as("a new revision, a new container")
                .isEqualTo(1);
    }

    // openwhisk-runtime-go runHandler.go: the answer on fd 3 may be a JSON object OR array ("The action did not
    // return a dictionary or array." otherwise, 502), and the invoker stores an array as a successful result.
    @Test
    void anActionMayReturnAnArray() {
        put("list", pythonAction("def main(args):\n    return [1, 'two']\n"));

        HttpResponse<String> response = http.send("POST", ACTIONS + "list?blocking=true&result=true", AUTH, "{}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestHttp.json(response).isArray()).isTrue();
        assertThat(TestHttp.json(response).get(1).asString()).isEqualTo("two");
    }

    // runHandler.go: neither an object nor an array is 502 "The action did not return a dictionary or array.", which
    // the invoker records as an action developer error.
    @Test
    void aResultThatIsNeitherAnObjectNorAnArrayIsADeveloperError() {
        put("none", pythonAction("def main(args):\n    return None\n"));

        HttpResponse<String> response = invoke("none", "{}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(response).path("response").path("status").asString())
                .isEqualTo("action developer error");
        assertThat(result(response).path("error").asString())
                .isEqualTo("The action did not return a dictionary or array.");
    }

    // The invoker's log lines: DockerToActivationLogStore's LogLine.toFormattedString, f"$time%-30s $stream: $log"
    // with the engine's RFC 3339 nano timestamp; stdout and stderr of the action process are both kept.
    @Test
    void stdoutAndStderrAreTheActivationsLogsInTheInvokersFormat() {
        put("talk", pythonAction("import sys\ndef main(args):\n    print('to stdout')\n"
                + "    print('to stderr', file=sys.stderr)\n    return {}\n"));

        JsonNode logs = TestHttp.json(invoke("talk", "{}")).path("logs");

        assertThat(logs).hasSize(2);
        assertThat(logs.get(0).asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z stdout: to stdout");
        assertThat(logs.get(1).asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z stderr: to stderr");
    }

    // runHandler.go: when the process ends without answering on fd 3 the proxy answers 400 {"error":"command exited"}
    // (a developer error); the invoker destroys that container and the next activation gets a new one.
    @Test
    void aProcessThatExitsWithoutAnsweringIsADeveloperErrorAndTheNextActivationGetsANewContainer() {
        put("once", loopAction("if [ -e \"$MARK\" ]; then echo '{\"again\":true}' >&3; else touch \"$MARK\"; "
                + "exit 3; fi", parameter("MARK", temp.resolve("mark").toString(), true)));

        HttpResponse<String> first = invoke("once", "{}");
        HttpResponse<String> second = invoke("once", "{}");

        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(first).path("response").path("status").asString()).isEqualTo("action developer error");
        assertThat(result(first).path("error").asString()).isEqualTo("command exited");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(result(second).path("again").asBoolean()).isTrue();
    }

    // The python runtime's launcher loads the action when the container starts: an action that cannot be loaded
    // fails its init (502 "cannot start action: ..."), a developer error whose logs hold the traceback.
    @Test
    void anActionThatCannotBeLoadedFailsItsInitAsADeveloperError() {
        put("broken", pythonAction("def main(args)\n    return {}\n"));

        HttpResponse<String> response = invoke("broken", "{}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(TestHttp.json(response).path("response").path("status").asString())
                .isEqualTo("action developer error");
        assertThat(result(response).path("error").asString()).startsWith("cannot start action");
        assertThat(TestHttp.json(response).path("logs").toString()).contains("SyntaxError");
    }
}
