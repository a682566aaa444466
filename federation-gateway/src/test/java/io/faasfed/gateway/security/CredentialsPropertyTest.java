package io.faasfed.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.support.Generated;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of keys: a key survives its own text and HTTP Basic form unchanged and prints without its secret, and a
 * secret with one character changed never matches the stored hash ({@link CredentialsTest} has the parsing ones).
 */
class CredentialsPropertyTest {

    @Test
    void aGeneratedKeyReadsBackTheSameAsBearerAndAsBasic() {
        Generated.forAll("a key reads back as itself", 300, random -> ApiKeyToken.generate(), key -> {
            Credentials bearer = Credentials.parse("Bearer " + key.value());
            Credentials basic = Credentials.parse("Basic " + Base64.getEncoder()
                    .encodeToString((key.id() + ":" + key.secret()).getBytes(StandardCharsets.UTF_8)));

            assertThat(bearer.key()).isEqualTo(key);
            assertThat(basic.key()).isEqualTo(key);
            assertThat(key.toString()).doesNotContain(key.secret());
        });
    }

    @Test
    void aKeyWithOneCharacterOfItsSecretChangedDoesNotMatchItsStoredHash() {
        Generated.forAll("a changed secret never matches", 300, Random::nextLong, seed -> {
            Random random = new Random(seed);
            ApiKeyToken key = ApiKeyToken.generate();
            ApiKey stored = ApiKey.issue(key, "default", "test", java.util.Set.of(Role.VIEW), java.time.Instant.EPOCH);
            char[] secret = key.secret().toCharArray();
            int at = random.nextInt(secret.length);
            secret[at] = secret[at] == 'A' ? 'B' : 'A';

            assertThat(stored.matches(key.secret())).isTrue();
            assertThat(stored.matches(new String(secret))).isFalse();
            assertThat(stored.toString()).doesNotContain(key.secret()).doesNotContain(stored.hash());
        });
    }
}
