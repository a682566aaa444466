package io.faasfed.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.faasfed.gateway.support.ScopeEchoPlatform;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * OIDC/JWT bearer tokens checked against a JWK set the test serves (a JDK HTTP server on 127.0.0.1 with an RSA key
 * made here): a valid token names its tenant and roles and gets exactly those; an expired one, one from another
 * issuer or for another audience, one signed by another key, one naming no configured tenant, and an unsigned one
 * ({@code alg: none}) are all 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class JwtBearerTest {

    private static final String ISSUER = "https://idp.example/realms/faasfed";
    private static final String AUDIENCE = "faasfed-gateway";
    private static final RSAKey KEY = rsaKey("test-key");
    private static final RSAKey OTHER_KEY = rsaKey("test-key");
    private static final HttpServer JWKS = jwkSetServer();

    @Autowired
    private WebTestClient client;

    @TestConfiguration
    static class OnePlatform {

        @Bean
        ScopeEchoPlatform mem() {
            return new ScopeEchoPlatform("mem");
        }
    }

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("faasfed.default-platform", () -> "mem");
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("faasfed.security.tenants.team-a.scopes.mem", () -> "team-a");
        registry.add("faasfed.security.jwt.jwk-set-uri", () -> "http://127.0.0.1:" + JWKS.getAddress().getPort()
                + "/jwks.json");
        registry.add("faasfed.security.jwt.issuer", () -> ISSUER);
        registry.add("faasfed.security.jwt.audience", () -> AUDIENCE);
    }

    @AfterAll
    static void stopJwkSet() {
        JWKS.stop(0);
    }

    @Test
    void aValidTokenActsInItsTenantWithItsRoles() {
        String token = signed(KEY, claims -> claims.claim("roles", List.of("invoke", "deploy", "view", "openid")));
        deploy(token, "jwt-fn").expectStatus().isOk();
        get(token, "/federation/v1/functions").expectStatus().isOk().expectBody()
                .jsonPath("$[0].name").isEqualTo("jwt-fn")
                .jsonPath("$[0].placements[0].scope").isEqualTo("team-a");
        client.post().uri("/function/jwt-fn").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(String.class)
                .isEqualTo(ScopeEchoPlatform.answer("team-a", "jwt-fn"));
        get(token, "/federation/v1/keys").expectStatus().isForbidden();
    }

    @Test
    void rolesMayBeASpaceSeparatedString() {
        String token = signed(KEY, claims -> claims.claim("roles", "view invoke"));
        get(token, "/federation/v1/functions").expectStatus().isOk();
        deploy(token, "nope").expectStatus().isForbidden();
    }

    @Test
    void aViewTokenIsForbiddenToDeploy() {
        String token = signed(KEY, claims -> claims.claim("roles", List.of("view")));
        get(token, "/system/functions").expectStatus().isOk();
        deploy(token, "nope").expectStatus().isForbidden().expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void invalidTokensAre401() {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        List<String> invalid = List.of(
                signed(KEY, claims -> claims.expirationTime(Date.from(past))
                        .issueTime(Date.from(past.minus(Duration.ofMinutes(5))))),
                signed(KEY, claims -> claims.issuer("https://evil.example")),
                signed(KEY, claims -> claims.audience("another-service")),
                signed(OTHER_KEY, claims -> { }),
                signed(KEY, claims -> claims.claim("tenant", "team-z")),
                signed(KEY, claims -> claims.claim("tenant", null)),
                signed(KEY, claims -> claims.subject(null)),
                new PlainJWT(claims(claims -> { })).serialize(),
                unsignedWithHeader("{\"alg\":\"none\",\"kid\":\"test-key\"}"),
                unsignedWithHeader("{\"alg\":\"HS256\",\"kid\":\"test-key\"}"),
                signed(KEY, claims -> { }) + "x",
                "not.a.jwt",
                "eyJhbGciOiJub25lIn0");
        for (String token : invalid) {
            get(token, "/federation/v1/functions").expectStatus().isUnauthorized()
                    .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
            deploy(token, "nope").expectStatus().isUnauthorized();
        }
        // the control: the same claims, validly signed, work
        get(signed(KEY, claims -> { }), "/federation/v1/functions").expectStatus().isOk();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private WebTestClient.ResponseSpec get(String token, String path) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private WebTestClient.ResponseSpec deploy(String token, String name) {
        return client.put().uri("/federation/v1/functions/" + name).header(HttpHeaders.AUTHORIZATION,
                "Bearer " + token).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"image\":\"a/b:1\"}")
                .exchange();
    }

    /** Claims of a valid token of team-a with the view role, changed by {@code change}. */
    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("alice").issuer(ISSUER)
                .audience(AUDIENCE).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("tenant", "team-a").claim("roles", List.of("view"));
        change.accept(builder);
        return builder.build();
    }

    private static String signed(RSAKey key, Consumer<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims(change));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with {@code header}, valid claims and no signature. */
    private static String unsignedWithHeader(String header) {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims(claims -> { }).toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwkSetServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
