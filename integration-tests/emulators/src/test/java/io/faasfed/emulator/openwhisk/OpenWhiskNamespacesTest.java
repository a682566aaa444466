package io.faasfed.emulator.openwhisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several namespaces, each owned by its own key, as on the controller: a key reaches only its own namespace (401 for
 * an unknown key, 403 for another namespace), an action runs as its namespace's owner (the key it may be given is
 * that owner's), and a web action's {@code require-whisk-auth} is checked as {@code WebActions.confirmAuthenticated}
 * does.
 */
class OpenWhiskNamespacesTest {

    private static final Credentials GUEST = Credentials.parse("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:guest-key");
    private static final Credentials TEAM_A = Credentials.parse("7a1d2c3b-0000-4000-8000-00000000000a:team-a-key");
    private static final Credentials UNKNOWN = Credentials.parse("00000000-0000-4000-8000-000000000000:nobody");
    private static final String TEAM_A_ACTIONS = "/api/v1/namespaces/team-a/actions/";
    private static final String KEY_READER = "{\"exec\":{\"kind\":\"python:3.11\",\"code\":\"import os\\ndef "
            + "main(args):\\n    return {'key': os.environ.get('__OW_API_KEY')}\\n\"},\"annotations\":["
            + "{\"key\":\"provide-api-key\",\"value\":true},{\"key\":\"web-export\",\"value\":true}]}";

    private OpenWhiskEmulator emulator;
    private TestHttp http;

    @BeforeEach
    void start() {
        emulator = OpenWhiskEmulator.start(EmulatorOptions.builder().credentials(GUEST)
                .openWhiskNamespace("team-a", TEAM_A).blockingWait(Duration.ofSeconds(30)).build());
        http = new TestHttp(emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static String image(String annotations) {
        return "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"openwhisk/dockerskeleton\"},\"annotations\":["
                + annotations + "]}";
    }

    @Test
    void eachKeyReachesOnlyItsOwnNamespace() {
        assertThat(http.send("PUT", TEAM_A_ACTIONS + "a1", TEAM_A.basicHeader(), image("")).statusCode())
                .isEqualTo(200);
        assertThat(http.send("PUT", "/api/v1/namespaces/_/actions/g1", GUEST.basicHeader(), image(""))
                .statusCode()).isEqualTo(200);

        HttpResponse<String> asGuest = http.send("PUT", TEAM_A_ACTIONS + "a2", GUEST.basicHeader(), image(""));
        assertThat(asGuest.statusCode()).isEqualTo(403);
        assertThat(RunningWhisk.error(asGuest)).isEqualTo("The supplied authentication is not authorized to access "
                + "'team-a'.");
        assertThat(http.send("GET", TEAM_A_ACTIONS + "a1", UNKNOWN.basicHeader(), null).statusCode())
                .isEqualTo(401);
        assertThat(http.send("GET", "/api/v1/namespaces/team-b/actions", TEAM_A.basicHeader(), null).statusCode())
                .as("a namespace that does not exist is refused like another's").isEqualTo(403);

        HttpResponse<String> own = http.send("GET", "/api/v1/namespaces/_/actions", TEAM_A.basicHeader(), null);
        assertThat(TestHttp.json(own).findValuesAsString("name")).containsExactly("a1");
        assertThat(TestHttp.json(own).get(0).path("namespace").asString()).isEqualTo("team-a");
        assertThat(TestHttp.json(http.send("GET", "/api/v1/namespaces", TEAM_A.basicHeader(), null)).toString())
                .isEqualTo("[\"team-a\"]");
        assertThat(emulator.namespaceKeys()).containsEntry("team-a", TEAM_A).containsEntry("guest", GUEST);
    }

    @Test
    void anActionGetsTheKeyOfItsNamespacesOwnerAndItsActivationStaysThere() {
        assertThat(http.send("PUT", TEAM_A_ACTIONS + "reader", TEAM_A.basicHeader(), KEY_READER).statusCode())
                .isEqualTo(200);

        HttpResponse<String> invoked = http.send("POST", TEAM_A_ACTIONS + "reader?blocking=true&result=true",
                TEAM_A.basicHeader(), "{}");
        HttpResponse<String> web = http.send("GET", "/api/v1/web/team-a/default/reader.json", null, null);

        assertThat(TestHttp.json(invoked).path("key").asString()).isEqualTo(TEAM_A.joined());
        assertThat(TestHttp.json(web).path("key").asString()).as("an anonymous web call runs as the owner")
                .isEqualTo(TEAM_A.joined());
        String activation = invoked.headers().firstValue("x-openwhisk-activation-id").orElseThrow();
        assertThat(http.send("GET", "/api/v1/namespaces/_/activations/" + activation, GUEST.basicHeader(), null)
                .statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/api/v1/namespaces/_/activations/" + activation, TEAM_A.basicHeader(), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anActionWithoutProvideApiKeyIsGivenNoKey() {
        String reader = KEY_READER.replace("{\"key\":\"provide-api-key\",\"value\":true},", "");
        assertThat(http.send("PUT", TEAM_A_ACTIONS + "quiet", TEAM_A.basicHeader(), reader).statusCode())
                .isEqualTo(200);

        HttpResponse<String> invoked = http.send("POST", TEAM_A_ACTIONS + "quiet?blocking=true&result=true",
                TEAM_A.basicHeader(), "{}");

        assertThat(TestHttp.json(invoked).path("key").isNull()).as(invoked.body()).isTrue();
    }

    // WebActions.confirmAuthenticated: `JsTrue => authenticatedUser.isDefined` — any valid key, not only the owner's.
    @Test
    void aWebActionRequiringAKeyTakesAnyValidKeyAndNothingElse() {
        assertThat(http.send("PUT", TEAM_A_ACTIONS + "secured", TEAM_A.basicHeader(),
                image("{\"key\":\"web-export\",\"value\":true},{\"key\":\"require-whisk-auth\",\"value\":true}"))
                .statusCode()).isEqualTo(200);
        String url = "/api/v1/web/team-a/default/secured.http";

        assertThat(http.send("GET", url, null, null).statusCode()).isEqualTo(401);
        assertThat(http.send("GET", url, UNKNOWN.basicHeader(), null).statusCode()).isEqualTo(401);
        assertThat(http.send("GET", url, TEAM_A.basicHeader(), null).statusCode()).isNotIn(401, 403, 404);
        assertThat(http.send("GET", url, GUEST.basicHeader(), null).statusCode()).isNotIn(401, 403, 404);
    }

    // `case _ => false`: a require-whisk-auth that is neither a secret nor true (false, null) lets nobody in.
    @Test
    void aRequireWhiskAuthOfFalseLetsNobodyIn() {
        assertThat(http.send("PUT", TEAM_A_ACTIONS + "shut", TEAM_A.basicHeader(),
                image("{\"key\":\"web-export\",\"value\":true},{\"key\":\"require-whisk-auth\",\"value\":false}"))
                .statusCode()).isEqualTo(200);

        assertThat(http.send("GET", "/api/v1/web/team-a/default/shut.http", TEAM_A.basicHeader(), null)
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aWebActionInANamespaceThatDoesNotExistIsNotFound() {
        assertThat(http.send("GET", "/api/v1/web/team-b/default/x.http", null, null).statusCode()).isEqualTo(404);
    }
}
