package io.faasfed.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.support.Generated;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** How an {@code Authorization} header is taken apart: keys, Basic, JWTs, and everything that authenticates nobody. */
class CredentialsTest {

    private static final String ID = "abc123def456";
    private static final String SECRET = "S3cret-0123456789abcdefghijklmnopqrstuvw";

    @Test
    void noHeaderIsAnonymous() {
        assertThat(Credentials.parse(null).kind()).isEqualTo(Credentials.Kind.NONE);
        assertThat(Credentials.of(MockServerHttpRequest.get("/").build()).kind()).isEqualTo(Credentials.Kind.NONE);
    }

    @Test
    void aBearerKeyIsAnApiKey() {
        Credentials credentials = Credentials.parse("Bearer ffk_" + ID + "_" + SECRET);
        assertThat(credentials.kind()).isEqualTo(Credentials.Kind.API_KEY);
        assertThat(credentials.key()).isEqualTo(new ApiKeyToken(ID, SECRET));
        assertThat(Credentials.parse("bearer   ffk_" + ID + "_" + SECRET + "  ").key())
                .isEqualTo(new ApiKeyToken(ID, SECRET));
    }

    @Test
    void basicWithTheKeysIdAndSecretIsAnApiKeyAsFaasCliSendsIt() {
        for (String user : new String[] {ID, "ffk_" + ID}) {
            String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(Credentials.parse(basic).key()).as(user).isEqualTo(new ApiKeyToken(ID, SECRET));
        }
    }

    @Test
    void anotherBearerTokenIsAJwtToCheck() {
        Credentials credentials = Credentials.parse("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        assertThat(credentials.kind()).isEqualTo(Credentials.Kind.JWT);
        assertThat(credentials.token()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
    }

    @Test
    void malformedHeadersAuthenticateNobody() {
        for (String header : new String[] {"", " ", "Bearer", "Bearer ", "Bearer ffk_x", "Bearer ffk_" + ID,
                "Bearer ffk_" + ID + "_short", "Bearer ffk_ABC_" + SECRET, "Bearer a b", "Basic !!!",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                "Basic " + Base64.getEncoder().encodeToString((ID + ":short").getBytes(StandardCharsets.UTF_8)),
                "Basic " + Base64.getEncoder().encodeToString(":".getBytes(StandardCharsets.UTF_8)),
                "Digest username=x", "ffk_" + ID + "_" + SECRET, "Bearer\tffk_" + ID + "_" + SECRET,
                "Bearer ffk_" + ID + "_" + SECRET.replace('S', '\u00e9'),
                "Bearer " + "x".repeat(Credentials.MAX_LENGTH)}) {
            Credentials credentials = Credentials.parse(header);
            assertThat(credentials.kind()).as("'%s'", header).isEqualTo(Credentials.Kind.MALFORMED);
            assertThat(credentials.key()).isNull();
        }
    }

    @Test
    void twoAuthorizationHeadersAreMalformedEvenWhenBothAreValid() {
        String value = "Bearer ffk_" + ID + "_" + SECRET;
        MockServerHttpRequest request = MockServerHttpRequest.get("/").header("Authorization", value, value).build();
        assertThat(Credentials.of(request).kind()).isEqualTo(Credentials.Kind.MALFORMED);
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(Credentials.parse("Bearer ffk_" + ID + "_" + SECRET).toString()).doesNotContain(SECRET)
                .contains(ID);
    }

    // ---- properties ------------------------------------------------------------------------------------------

    @Test
    void parseNeverThrowsOnAnyString() {
        Generated.forAll("parse answers any string", 2000, random -> Generated.anyString(random, 300), header -> {
            Credentials credentials = Credentials.parse(header);
            assertThat(credentials).isNotNull();
            assertThat(credentials.kind()).isNotNull();
        });
    }

    @Test
    void parseNeverThrowsOnSchemeShapedGarbage() {
        Generated.forAll("scheme-shaped garbage reads as well-formed or nothing", 2000, CredentialsTest::schemeShaped,
                header -> {
                    Credentials credentials = Credentials.parse(header);
                    if (credentials.kind() == Credentials.Kind.API_KEY) {
                        // a key is only ever one of the well-formed shape
                        assertThat(ApiKeyToken.validId(credentials.key().id())).isTrue();
                        assertThat(credentials.key().secret().length()).isBetween(ApiKeyToken.MIN_SECRET_LENGTH,
                                128);
                        assertThat(credentials.key().secret().chars()).allMatch(c -> c > ' ' && c < 127);
                    }
                    if (credentials.kind() == Credentials.Kind.JWT) {
                        assertThat(credentials.token()).isNotBlank().doesNotContain(" ");
                    }
                });
    }

    @Test
    void garbageNeverAuthenticatesAsTheAdmin() {
        ApiKeyService service = ApiKeyServiceTestSupport.service();
        Generated.forAll("garbage never authenticates", 500, CredentialsTest::schemeShaped, header -> {
            Caller caller = service.authenticate(Credentials.parse(header).key()).blockOptional().orElse(null);
            assertThat(caller).isNull();
        });
    }

    private static String schemeShaped(java.util.Random random) {
        String scheme = Generated.oneOf(random, "Bearer", "bearer", "Basic", "BASIC", "Token", "", "Bearer ffk_",
                "Basic ZmZr");
        String rest = switch (random.nextInt(3)) {
            case 0 -> Generated.anyString(random, 200);
            case 1 -> Generated.stringOf(random, "ffk_abcdefghijklmnopqrstuvwxyz0123456789-=:+/ ", 0, 120);
            default -> Base64.getEncoder().encodeToString(Generated.stringOf(random,
                    "abcdefghijklmnopqrstuvwxyz0123456789:_-ffk ", 0, 80).getBytes(StandardCharsets.UTF_8));
        };
        return scheme + Generated.oneOf(random, " ", "  ", "\t", "", " \u00a0") + rest;
    }
}
