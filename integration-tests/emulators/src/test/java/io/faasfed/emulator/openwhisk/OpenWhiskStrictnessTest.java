package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.RunningWhisk.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.TestHttp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What the controller refuses when an action or package is stored, with its status and error body. */
class OpenWhiskStrictnessTest {

    private static final String ACTIONS = "/api/v1/namespaces/_/actions/";
    private static final String MALFORMED = "The request content was malformed:\n";
    /** specs/openwhisk/apiv1swagger.json lines 2001-2025, the ActionExec.kind enum, without the :default aliases. */
    private static final List<String> SPEC_KINDS = List.of("blackbox", "dotnet:3.1", "dotnet:6.0", "go:1.20",
            "java:8", "nodejs:16", "nodejs:18", "nodejs:20", "php:8.1", "python:3.10", "python:3.11", "ruby:2.5",
            "rust:1.34", "sequence", "swift:5.3", "swift:5.7");

    @RegisterExtension
    final RunningWhisk whisk = new RunningWhisk();

    private HttpResponse<String> put(String name, String body) {
        return whisk.send("PUT", ACTIONS + name + "?overwrite=true", body);
    }

    // The runtimes manifest is the spec's: apiv1swagger.json lines 2001-2025 list every kind the controller takes.
    @Test
    void theManifestListsExactlyTheSpecsKinds() {
        JsonNode runtimes = TestHttp.json(whisk.http().send("GET", "/api/v1", null, null)).path("runtimes");
        List<String> kinds = new ArrayList<>(List.of("blackbox", "sequence"));
        runtimes.properties().forEach(family -> family.getValue().forEach(k -> kinds.add(k.path("kind").asString())));

        assertThat(kinds).containsExactlyInAnyOrderElementsOf(SPEC_KINDS);
        assertThat(whisk.emulator().kinds()).containsExactlyInAnyOrderElementsOf(SPEC_KINDS);
    }

    // A kind outside the manifest (python:3 is not in apiv1swagger.json lines 2001-2025) is refused by Exec's reader
    // with Messages.invalidRuntimeError (apache/openwhisk 1fae641, common/scala/.../entity/Exec.scala and
    // core/entity/.../Messages.scala): "The specified runtime '<kind>' is not supported by this platform. Valid
    // values are: '<kinds>'.", which akka-http answers 400 after "The request content was malformed:".
    @Test
    void aKindOutsideTheManifestIsRefusedAsTheControllerRefusesIt() {
        HttpResponse<String> python3 = put("old", "{\"exec\":{\"kind\":\"python:3\",\"code\":\"def main(a): return a\"}}");
        HttpResponse<String> nodejs = put("old", "{\"exec\":{\"kind\":\"nodejs\",\"code\":\"x\"}}");

        assertThat(python3.statusCode()).isEqualTo(400);
        assertThat(error(python3)).isEqualTo(MALFORMED + "The specified runtime 'python:3' is not supported by this "
                + "platform. Valid values are: '" + String.join("', '", SPEC_KINDS) + "'.");
        assertThat(TestHttp.json(python3).path("code").asString()).isNotBlank();
        assertThat(nodejs.statusCode()).isEqualTo(400);
        assertThat(error(nodejs)).contains("'nodejs' is not supported");
    }

    // Exec's reader trims and lower-cases the kind and resolves family:default to the family's default kind, which is
    // what the stored action then shows (apiv1swagger.json lists nodejs:default and python:default).
    @Test
    void aDefaultAliasIsStoredAsTheFamilysDefaultKind() {
        HttpResponse<String> stored = put("d", "{\"exec\":{\"kind\":\" NodeJS:Default \",\"code\":\"x\"}}");

        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(TestHttp.json(stored).path("exec").path("kind").asString()).isEqualTo("nodejs:20");
    }

    // Exec's reader: "'code' must be a string defined in 'exec' for '<kind>' actions" and "'image' must be a string
    // defined in 'exec' for 'blackbox' actions".
    @Test
    void codeAndImageMustBeStrings() {
        HttpResponse<String> code = put("c", "{\"exec\":{\"kind\":\"python:3.11\"}}");
        HttpResponse<String> image = put("i", "{\"exec\":{\"kind\":\"blackbox\"}}");

        assertThat(code.statusCode()).isEqualTo(400);
        assertThat(error(code)).isEqualTo(MALFORMED + "'code' must be a string defined in 'exec' for 'python:3.11' "
                + "actions");
        assertThat(image.statusCode()).isEqualTo(400);
        assertThat(error(image)).isEqualTo(MALFORMED + "'image' must be a string defined in 'exec' for 'blackbox' "
                + "actions");
    }

    // Parameters and annotations are KeyValue arrays (apiv1swagger.json line 1732, KeyValue {key: string, value});
    // the controller's Parameters reader (apache/openwhisk common/scala/.../entity/Parameter.scala) refuses anything
    // else — an object, an entry without a string key or without value — with "parameters malformed!", answered 400.
    @Test
    void parametersAndAnnotationsMustBeKeyValueArrays() {
        String exec = "\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:greet\"}";
        List<HttpResponse<String>> refused = List.of(
                put("p", "{" + exec + ",\"parameters\":{\"name\":\"x\"}}"),
                put("p", "{" + exec + ",\"annotations\":{\"web-export\":true}}"),
                put("p", "{" + exec + ",\"parameters\":[{\"name\":\"x\"}]}"),
                put("p", "{" + exec + ",\"parameters\":[{\"key\":\"name\"}]}"),
                put("p", "{" + exec + ",\"annotations\":[\"web-export\"]}"),
                whisk.send("PUT", "/api/v1/namespaces/_/packages/pk", "{\"parameters\":{\"a\":1}}"));

        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(error(response)).isEqualTo(MALFORMED + "parameters malformed!");
        }
        assertThat(whisk.send("GET", ACTIONS + "p", null).statusCode()).isEqualTo(404);
    }

    // Parameters.toJsArray writes each entry as {key, value} (init only when true): unknown members are not kept.
    @Test
    void keyValueArraysAreAnsweredAsTheControllerWritesThem() {
        HttpResponse<String> stored = put("kv", "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:greet\"},"
                + "\"parameters\":[{\"key\":\"a\",\"value\":1,\"extra\":true},{\"key\":\"b\",\"value\":{\"x\":[2]},"
                + "\"init\":false},{\"key\":\"c\",\"value\":\"s\",\"init\":true}]}");

        JsonNode parameters = TestHttp.json(stored).path("parameters");
        assertThat(parameters.toString())
                .isEqualTo("[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":{\"x\":[2]}},"
                        + "{\"key\":\"c\",\"value\":\"s\",\"init\":true}]");
        assertThat(TestHttp.json(whisk.send("GET", ACTIONS + "kv", null)).path("parameters")).isEqualTo(parameters);
    }
}
