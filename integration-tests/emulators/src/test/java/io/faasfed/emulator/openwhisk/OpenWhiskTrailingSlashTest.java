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

/**
 * Where the controller takes a trailing slash. The spec (apiv1swagger.json) names no path with one, so these follow
 * the controller's routes (apache/openwhisk core/controller): {@code collectionOps = pathEndOrSingleSlash & get} in
 * AuthorizedRouteDispatcher.scala and Namespaces.scala, {@code get & pathSingleSlash} (list a package's actions) in
 * Actions.scala {@code innerRoutes}, {@code pathEndOrSingleSlash} in Activations.scala {@code fetch}; an entity path
 * otherwise ends in {@code pathEnd}, so a slash there is no route: akka-http's default rejection handler answers 404
 * "The requested resource could not be found.", wrapped by BasicHttpService.customRejectionHandler.
 */
class OpenWhiskTrailingSlashTest {

    private static final String NS = "/api/v1/namespaces/_";
    private static final String ACTION = "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:greet\"}}";
    private static final String NO_ROUTE = "The requested resource could not be found.";

    @RegisterExtension
    final RunningWhisk whisk = new RunningWhisk();

    private HttpResponse<String> send(String method, String path, String body) {
        return whisk.send(method, path, body);
    }

    private static List<String> names(HttpResponse<String> list) {
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        TestHttp.json(list).forEach(entity -> names.add(entity.path("name").asString()));
        return names;
    }

    @Test
    void collectionListsTakeOneTrailingSlash() {
        assertThat(send("PUT", NS + "/actions/hello", ACTION).statusCode()).isEqualTo(200);
        assertThat(send("PUT", NS + "/packages/tools", "{}").statusCode()).isEqualTo(200);

        assertThat(names(send("GET", NS + "/actions/", null))).containsExactly("hello");
        assertThat(names(send("GET", NS + "/packages/", null))).containsExactly("tools");
        assertThat(send("GET", NS + "/activations/", null).statusCode()).isEqualTo(200);
        // an activation is fetched under pathEndOrSingleSlash too: the route is there, the record is not
        HttpResponse<String> activation = send("GET", NS + "/activations/0123456789abcdef0123456789abcdef/", null);
        assertThat(activation.statusCode()).isEqualTo(404);
        assertThat(error(activation)).isEqualTo("The requested resource does not exist.");
        JsonNode namespaces = TestHttp.json(send("GET", "/api/v1/namespaces/", null));
        assertThat(namespaces.get(0).asString()).isEqualTo(whisk.emulator().namespace());
        // pathEndOrSingleSlash takes one slash, not two
        HttpResponse<String> twice = send("GET", NS + "/actions//", null);
        assertThat(twice.statusCode()).isEqualTo(404);
        assertThat(error(twice)).isEqualTo(NO_ROUTE);
    }

    @Test
    void aPackageNameWithASlashListsThePackagesActions() {
        send("PUT", NS + "/packages/tools", "{}");
        send("PUT", NS + "/actions/tools/resize", ACTION);
        send("PUT", NS + "/actions/hello", ACTION);

        assertThat(names(send("GET", NS + "/actions/tools/", null))).containsExactly("resize");
        assertThat(names(send("GET", NS + "/actions/", null))).containsExactlyInAnyOrder("resize", "hello");
    }

    // PackageCollection.checkPackageReadPermission: no document is RejectRequest(NotFound) for the owner; an action's
    // document read as a package is DocumentTypeMismatchException, so RejectRequest(Conflict, conformanceMessage).
    @Test
    void anActionNameWithASlashIsReadAsAPackage() {
        send("PUT", NS + "/actions/hello", ACTION);

        HttpResponse<String> action = send("GET", NS + "/actions/hello/", null);
        HttpResponse<String> nothing = send("GET", NS + "/actions/nothing/", null);

        assertThat(action.statusCode()).isEqualTo(409);
        assertThat(error(action)).isEqualTo("Resource by this name exists but is not in this collection.");
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(error(nothing)).isEqualTo("The requested resource does not exist.");
    }

    @Test
    void entityPathsWithATrailingSlashAreNoRoute() {
        send("PUT", NS + "/packages/tools", "{}");
        send("PUT", NS + "/actions/tools/resize", ACTION);

        List<HttpResponse<String>> answers = List.of(send("PUT", NS + "/actions/x/", ACTION),
                send("POST", NS + "/actions/tools/resize/", "{}"), send("DELETE", NS + "/actions/tools/resize/", null),
                send("GET", NS + "/actions/tools/resize/", null), send("GET", NS + "/packages/tools/", null),
                send("GET", NS + "/activations/0123456789abcdef0123456789abcdef/result/", null));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(error(answer)).isEqualTo(NO_ROUTE);
        });
        assertThat(send("GET", NS + "/actions/x", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", NS + "/actions/tools/resize", null).statusCode()).isEqualTo(200);
    }
}
