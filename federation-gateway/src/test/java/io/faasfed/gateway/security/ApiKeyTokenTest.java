package io.faasfed.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import io.faasfed.gateway.support.Generated;
import org.junit.jupiter.api.Test;

/** The text of an API key: {@code ffk_<id>_<secret>}, what parses and what does not, and what is never shown. */
class ApiKeyTokenTest {

    private static final String SECRET = "S3cret-0123456789abcdefghijklmnopqrstuvw";

    @Test
    void aGeneratedKeyParsesBackToItself() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ApiKeyToken token = ApiKeyToken.generate();
            assertThat(token.id()).matches("[a-z0-9]{12}");
            assertThat(token.secret()).matches("[A-Za-z0-9_-]{43}");
            assertThat(ApiKeyToken.parse(token.value())).isEqualTo(token);
            ids.add(token.id());
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void theSecretMayHoldUnderscores() {
        assertThat(ApiKeyToken.parse("ffk_abc_" + SECRET + "_x")).isEqualTo(new ApiKeyToken("abc", SECRET + "_x"));
    }

    @Test
    void malformedKeysDoNotParse() {
        for (String text : new String[] {null, "", "ffk_", "ffk__" + SECRET, "ffk_abc", "ffk_abc_",
                "ffk_abc_short", "ffk_ABC_" + SECRET, "ffk_a-b_" + SECRET, "ffx_abc_" + SECRET, "abc_" + SECRET,
                "ffk_" + "a".repeat(33) + "_" + SECRET, "ffk_abc_" + "s".repeat(129),
                "ffk_abc_" + SECRET + " ", "ffk_abc_" + SECRET.replace('S', '\u00fc'), "ffk_abc_" + "x".repeat(300)}) {
            assertThat(ApiKeyToken.parse(text)).as("'%s'", text).isNull();
        }
    }

    @Test
    void basicCredentialsAcceptTheIdWithOrWithoutItsPrefix() {
        assertThat(ApiKeyToken.of("abc", SECRET)).isEqualTo(new ApiKeyToken("abc", SECRET));
        assertThat(ApiKeyToken.of("ffk_abc", SECRET)).isEqualTo(new ApiKeyToken("abc", SECRET));
        assertThat(ApiKeyToken.of(null, SECRET)).isNull();
        assertThat(ApiKeyToken.of("abc", null)).isNull();
        assertThat(ApiKeyToken.of("", SECRET)).isNull();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ApiKeyToken token = ApiKeyToken.generate();
        assertThat(token.toString()).doesNotContain(token.secret()).isEqualTo("ffk_" + token.id() + "_***");
    }

    @Test
    void parseNeverThrowsAndOnlyAcceptsWellFormedKeys() {
        Generated.forAll("parse accepts only well-formed keys", 2000, random -> random.nextBoolean()
                ? Generated.anyString(random, 300)
                : "ffk_" + Generated.stringOf(random, "abc019_", 0, 14) + Generated.anyString(random, 60), text -> {
            ApiKeyToken token = ApiKeyToken.parse(text);
            if (token != null) {
                assertThat(text).startsWith("ffk_");
                assertThat(ApiKeyToken.validId(token.id())).isTrue();
                assertThat(token.secret().length()).isBetween(ApiKeyToken.MIN_SECRET_LENGTH, 128);
                assertThat(token.value()).isEqualTo(text);
            }
        });
    }

    @Test
    void parseOfAPrefixedStringNeverThrows() {
        Generated.forAll("parse of ffk_ and anything answers", 1000, random -> Generated.anyString(random, 200),
                rest -> {
                    ApiKeyToken token = ApiKeyToken.parse("ffk_" + rest);
                    if (token != null) {
                        assertThat(token.value()).isEqualTo("ffk_" + rest);
                    }
                });
    }
}
