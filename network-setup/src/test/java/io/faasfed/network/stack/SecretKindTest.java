package io.faasfed.network.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretKindTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void theStackFilesSecretsAreToldApartByTheirKeys() {
        assertThat(SecretKind.ofKey("faasfed-admin-key")).isEqualTo(SecretKind.ADMIN_KEY);
        assertThat(SecretKind.ofKey("basic-auth-user")).isEqualTo(SecretKind.USER);
        assertThat(SecretKind.ofKey("basic-auth-password")).isEqualTo(SecretKind.PASSWORD);
        assertThat(SecretKind.ofKey("openwhisk-auth-key")).isEqualTo(SecretKind.OPENWHISK_KEY);
        assertThat(SecretKind.ofKey("openwhisk-couchdb-password")).isEqualTo(SecretKind.PASSWORD);
    }

    @Test
    void theSecretTheGatewaysAdminKeyFileNamesIsTheAdminKeyWhateverItsKey() {
        StackDefinition definition = StackFiles.read(List.of(Path.of("../compose/federation.yml"),
                Path.of("../compose/openfaas.yml"), Path.of("../compose/openwhisk.yml")), Map.of());

        assertThat(definition.secrets().values()).allSatisfy(s -> assertThat(s.external()).isTrue());
        assertThat(definition.secrets().values().stream().map(s -> s.key() + "=" + SecretKind.of(definition, s)))
                .containsExactlyInAnyOrder("faasfed-admin-key=ADMIN_KEY", "basic-auth-user=USER",
                        "basic-auth-password=PASSWORD", "openwhisk-couchdb-password=PASSWORD",
                        "openwhisk-auth-key=OPENWHISK_KEY");
    }

    @Test
    void generatedValuesHaveTheFormatTheirReadersAccept() {
        for (int i = 0; i < 50; i++) {
            String admin = SecretKind.ADMIN_KEY.generate(random);
            assertThat(admin).matches("ffk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
            assertThat(SecretKind.wellFormedKey(admin)).isTrue();
            assertThat(SecretKind.OPENWHISK_KEY.generate(random)).matches("[A-Za-z0-9]{64}");
            assertThat(SecretKind.PASSWORD.generate(random)).matches("[A-Za-z0-9_-]{43}");
        }
        assertThat(SecretKind.USER.generate(random)).isEqualTo("admin");
        assertThat(SecretKind.ADMIN_KEY.generate(random)).isNotEqualTo(SecretKind.ADMIN_KEY.generate(random));
    }

    @Test
    void aKeyTheGatewayWouldRefuseIsNotWellFormed() {
        assertThat(SecretKind.wellFormedKey("ffk_admin_" + "x".repeat(32))).isTrue();
        assertThat(SecretKind.wellFormedKey("ffk_Admin_" + "x".repeat(32))).isFalse();
        assertThat(SecretKind.wellFormedKey("ffk_admin_short")).isFalse();
        assertThat(SecretKind.wellFormedKey("not a key")).isFalse();
        assertThat(SecretKind.wellFormedKey(null)).isFalse();
    }
}
