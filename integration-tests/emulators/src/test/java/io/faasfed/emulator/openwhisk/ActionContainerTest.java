package io.faasfed.emulator.openwhisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's proxy side, which the controller API does not expose. */
class ActionContainerTest {

    @TempDir
    Path work;

    // openwhisk-runtime-go initHandler.go: "if ap.initialized && !Debugging { sendError(w, http.StatusForbidden,
    // "Cannot initialize the action more than once.") }" — exactly one /init per container.
    @Test
    void aSecondInitIsRefusedAsTheProxyRefusesIt() throws Exception {
        ActionContainer.Launch launch = new ActionContainer.Launch(
                List.of("sh", "-c", "while IFS= read -r line; do echo '{\"n\":1}' >&3; done"), Map.of(), false);
        try (ActionContainer container = new ActionContainer(work, 1024)) {
            ActionContainer.Answer first = container.init(launch);
            ActionContainer.Answer second = container.init(launch);

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(403);
            assertThat(second.body().path("error").asString()).isEqualTo("Cannot initialize the action more than once.");
            assertThat(container.run(Json.object().set("value", Json.object())).body().path("n").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anActionSeesTheBaseAndItsOwnVariablesNotTheEmulatorsEnvironment() throws Exception {
        ActionContainer.Launch launch = new ActionContainer.Launch(List.of("sh", "-c",
                "while IFS= read -r line; do printf '{\"names\":\"%s\"}\\n' \"$(env | cut -d= -f1 | sort | "
                        + "tr '\\n' ' ')\" >&3; done"), Map.of("DB_PASSWORD", "hunter2", "__OW_API_HOST", "http://x"),
                false);
        try (ActionContainer container = new ActionContainer(work, 4096)) {
            assertThat(container.init(launch).status()).isEqualTo(200);
            ActionContainer.Answer answer = container.run(Json.object().set("value", Json.object()));

            java.util.Set<String> names = new java.util.TreeSet<>(List.of(
                    answer.body().path("names").asString().trim().split(" ")));
            names.removeAll(List.of("PWD", "SHLVL", "_", "OLDPWD")); // what a shell itself exports
            java.util.Set<String> expected = new java.util.TreeSet<>(io.faasfed.emulator.FunctionEnvironment.BASE_NAMES);
            expected.addAll(List.of("DB_PASSWORD", "__OW_API_HOST"));
            assertThat(names).isEqualTo(expected);
        }
    }

    // runHandler.go: a /run before any /init is 500 "no action defined yet".
    @Test
    void aRunBeforeInitIsRefused() throws Exception {
        try (ActionContainer container = new ActionContainer(work, 1024)) {
            ActionContainer.Answer answer = container.run(Json.object());

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.body().path("error").asString()).isEqualTo("no action defined yet");
        }
    }
}
