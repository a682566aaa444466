package io.faasfed.emulator.openwhisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.Json;
import io.faasfed.emulator.container.FunctionResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What container mode sends to {@code /init} and how it reads the answers, without an engine: ContainerProxy's
 * {@code containerInitializer} body and ActivationResponse's reading of {@code /run} answers.
 */
class ContainerActivationsTest {

    @Test
    void initSendsNameMainBinaryCodeAndTheInitParametersAsStringsWithTheOwContext() {
        ObjectNode action = Json.parseObject(("{\"namespace\":\"guest/pkg\",\"name\":\"hello\",\"exec\":{\"kind\":"
                + "\"blackbox\",\"image\":\"img:1\",\"code\":\"echo hi\",\"main\":\"start\",\"binary\":false}}")
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode initParams = Json.parseObject("{\"GREETING\":\"hi\",\"N\":3,\"OBJ\":{\"a\":[1]},\"NONE\":null}"
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode envelope = Json.parseObject(("{\"value\":{\"x\":1},\"namespace\":\"guest\",\"action_name\":"
                + "\"/guest/pkg/hello\",\"action_version\":\"0.0.1\",\"activation_id\":\"abc\",\"transaction_id\":\"t\","
                + "\"deadline\":\"123\",\"api_key\":\"u:k\"}").getBytes(StandardCharsets.UTF_8));

        JsonNode value = ContainerActivations.initBody(action, initParams, envelope).path("value");

        assertThat(value.path("name").asString()).isEqualTo("hello");
        assertThat(value.path("main").asString()).isEqualTo("start");
        assertThat(value.path("binary").asBoolean(true)).isFalse();
        assertThat(value.path("code").asString()).isEqualTo("echo hi");
        JsonNode env = value.path("env");
        assertThat(env.path("GREETING").asString()).isEqualTo("hi");
        assertThat(env.path("N").asString()).isEqualTo("3");
        assertThat(env.path("OBJ").asString()).isEqualTo("{\"a\":[1]}");
        assertThat(env.path("NONE").asString()).isEmpty();
        assertThat(env.path("__OW_ACTION_NAME").asString()).isEqualTo("/guest/pkg/hello");
        assertThat(env.path("__OW_ACTIVATION_ID").asString()).isEqualTo("abc");
        assertThat(env.path("__OW_DEADLINE").asString()).isEqualTo("123");
        assertThat(env.path("__OW_API_KEY").asString()).isEqualTo("u:k");
        assertThat(env.has("__OW_VALUE")).isFalse();
    }

    @Test
    void aBlackboxWithoutCodeSendsNoCodeAndMainDefaultsToMain() {
        ObjectNode action = Json.parseObject("{\"namespace\":\"guest\",\"name\":\"x\",\"exec\":{\"kind\":\"blackbox\"}}"
                .getBytes(StandardCharsets.UTF_8));
        JsonNode value = ContainerActivations.initBody(action, Json.object(), Json.object()).path("value");
        assertThat(value.has("code")).isFalse();
        assertThat(value.path("main").asString()).isEqualTo("main");
        assertThat(value.path("env").size()).isZero();
    }

    @Test
    void runAnswersAreReadAsProcessModeReadsThem() {
        assertThat(read(200, "{\"ok\":1}").statusCode()).isEqualTo(ActionExecutor.SUCCESS);
        assertThat(read(200, "[1,2]").statusCode()).isEqualTo(ActionExecutor.SUCCESS);
        assertThat(read(200, "{\"error\":\"bad input\"}").statusCode()).isEqualTo(ActionExecutor.APPLICATION_ERROR);

        ActionExecutor.Result notDictionary = read(502, "{\"error\":\"The action did not return a dictionary.\"}");
        assertThat(notDictionary.statusCode()).isEqualTo(ActionExecutor.DEVELOPER_ERROR);
        assertThat(notDictionary.result().path("error").asString()).isEqualTo("The action did not return a dictionary.");

        ActionExecutor.Result notJson = read(200, "plain text");
        assertThat(notJson.statusCode()).isEqualTo(ActionExecutor.DEVELOPER_ERROR);
        assertThat(notJson.result().path("error").asString())
                .isEqualTo("The action did not produce a valid JSON response: plain text");
    }

    private static ActionExecutor.Result read(int status, String body) {
        return ActionExecutor.fromAnswer(ContainerActivations.answer(new FunctionResponse(status, List.of(),
                body.getBytes(StandardCharsets.UTF_8))), List.of());
    }
}
