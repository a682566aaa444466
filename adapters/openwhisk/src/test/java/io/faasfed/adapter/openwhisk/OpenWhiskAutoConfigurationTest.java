package io.faasfed.adapter.openwhisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration's switch, and the factory's start-up checks and their "how to fix" messages. */
class OpenWhiskAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenWhiskAutoConfiguration.class));

    @Test
    void theFactoryIsContributedByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(OpenWhiskPlatformFactory.class);
            assertThat(context.getBean(OpenWhiskPlatformFactory.class).type()).isEqualTo(PlatformType.OPENWHISK);
        });
    }

    @Test
    void theAdapterSwitchesOffWithOneProperty() {
        runner.withPropertyValues("faasfed.adapters.openwhisk.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OpenWhiskPlatformFactory.class));
    }

    @Test
    void anApplicationsOwnFactoryWins() {
        runner.withUserConfiguration(OwnFactory.class).run(context -> {
            assertThat(context).hasSingleBean(OpenWhiskPlatformFactory.class);
            assertThat(context).hasBean("customOpenWhiskFactory");
        });
    }

    @Test
    void relaxedPropertiesBindOntoThePropertiesClass() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(java.util.Map.of(
                "faasfed.platforms.ow-lon.url", "http://openwhisk:3233",
                "faasfed.platforms.ow-lon.username", "uuid",
                "faasfed.platforms.ow-lon.password", "key",
                "faasfed.platforms.ow-lon.namespace", "team-a",
                "faasfed.platforms.ow-lon.read-timeout", "90s",
                "faasfed.platforms.ow-lon.memory-max", "2048",
                "faasfed.platforms.ow-lon.action-cache-ttl", "0s"));

        OpenWhiskPlatformProperties bound = new Binder(source)
                .bind(OpenWhiskPlatformProperties.PREFIX + ".ow-lon", OpenWhiskPlatformProperties.class).get();

        assertThat(bound.getUrl()).isEqualTo(URI.create("http://openwhisk:3233"));
        assertThat(bound.getNamespace()).isEqualTo("team-a");
        assertThat(bound.getReadTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bound.getMemoryMax()).isEqualTo(2048);
        assertThat(bound.getMemoryMin()).isEqualTo(128);
        assertThat(bound.getActionCacheTtl()).isZero();
        FaasPlatform platform = new OpenWhiskPlatformFactory().create(PlatformId.of("ow-lon"), bound);
        assertThat(platform.id().value()).isEqualTo("ow-lon");
        assertThat(platform.type()).isEqualTo(PlatformType.OPENWHISK);
    }

    @Test
    void theDefaultsAreTheOpenSourceControllers() {
        OpenWhiskPlatformProperties defaults = new OpenWhiskPlatformProperties();

        assertThat(defaults.getUrl()).isEqualTo(URI.create("http://localhost:3233"));
        assertThat(defaults.getNamespace()).isEqualTo("_");
        assertThat(defaults.getMemoryMin()).isEqualTo(128);
        assertThat(defaults.getMemoryMax()).isEqualTo(512);
        assertThat(defaults.getTimeoutMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.getTimeoutMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.getReadTimeout()).isGreaterThan(Duration.ofSeconds(60));
    }

    @Test
    void aMissingUsernameSaysWhereTheKeysUuidComesFrom() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.setUsername(null)))
                .withMessageContaining("faasfed.platforms.ow.username is not set")
                .withMessageContaining("wsk property get --auth");
    }

    @Test
    void aMissingPasswordSaysToSetItInlineOrAsAFile() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.setPassword(null)))
                .withMessageContaining("faasfed.platforms.ow.password is not set")
                .withMessageContaining("password-file");
    }

    @Test
    void thePasswordIsReadFromItsFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ow-key"), "from-file\n");

        FaasPlatform platform = create(p -> {
            p.setPassword(null);
            p.setPasswordFile(file);
        });

        assertThat(platform.id().value()).isEqualTo("ow");
    }

    @Test
    void anUnreadablePasswordFileNamesTheProperty(@TempDir Path dir) {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> {
            p.setPassword(null);
            p.setPasswordFile(dir.resolve("missing"));
        })).withMessageContaining("password-file").withMessageContaining("cannot be read");
    }

    @Test
    void aBadUrlNamesThePropertyAndAnExample() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.setUrl(URI.create("openwhisk:3233"))))
                .withMessageContaining("faasfed.platforms.ow.url")
                .withMessageContaining("http://");
    }

    @Test
    void anInvertedMemoryRangeIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.setMemoryMin(1024)))
                .withMessageContaining("faasfed.platforms.ow.memory-min/memory-max: 1024/512");
    }

    @Test
    void aPageSizeAboveTheControllersMaximumIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.setPageSize(500)))
                .withMessageContaining("page-size: 500 (expected: 1-200");
    }

    @Test
    void aNamespaceWithASlashIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.setNamespace("guest/pkg")))
                .withMessageContaining("namespace: \"guest/pkg\"");
    }

    @Test
    void tenantNamespacesBindWithTheirKeysInlineOrFromAFile(@TempDir Path dir) throws IOException {
        Path keyFile = Files.writeString(dir.resolve("team-b.key"), "uuid-b:secret-b\n");
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(java.util.Map.of(
                "faasfed.platforms.ow.username", "uuid",
                "faasfed.platforms.ow.password", "key",
                "faasfed.platforms.ow.namespaces[team.a].auth", "uuid-a:secret-a",
                "faasfed.platforms.ow.namespaces.team-b.auth-file", keyFile.toString()));

        OpenWhiskPlatformProperties bound = new Binder(source)
                .bind(OpenWhiskPlatformProperties.PREFIX + ".ow", OpenWhiskPlatformProperties.class).get();

        assertThat(bound.getNamespaces()).containsOnlyKeys("team.a", "team-b");
        assertThat(bound.getNamespaces().get("team.a").getAuth()).isEqualTo("uuid-a:secret-a");
        assertThat(bound.getNamespaces().get("team.a").toString()).doesNotContain("secret-a");
        assertThat(bound.getNamespaces().get("team-b").getAuthFile()).isEqualTo(keyFile);
        FaasPlatform platform = new OpenWhiskPlatformFactory().create(PlatformId.of("ow"), bound);
        assertThat(platform.id().value()).isEqualTo("ow");
    }

    @Test
    void aTenantKeyThatIsNoUuidColonSecretIsRefusedWithoutRepeatingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.getNamespaces()
                        .put("team-a", namespace("just-a-secret-no-colon"))))
                .withMessageContaining("faasfed.platforms.ow.namespaces.team-a.auth")
                .withMessageContaining("uuid:secret")
                .withMessageNotContaining("just-a-secret-no-colon");
    }

    @Test
    void aTenantNamespaceWithoutAKeySaysHowToSetOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.getNamespaces()
                        .put("team-a", namespace(null))))
                .withMessageContaining("faasfed.platforms.ow.namespaces.team-a.auth: not set")
                .withMessageContaining("auth-file");
    }

    @Test
    void thePlatformsOwnNamespaceCannotBeATenantNamespace() {
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> {
            p.setNamespace("guest");
            p.getNamespaces().put("guest", namespace("u:s"));
        })).withMessageContaining("faasfed.platforms.ow.namespaces.guest").withMessageContaining("platform's own");
        assertThatIllegalArgumentException().isThrownBy(() -> create(p -> p.getNamespaces()
                .put("_", namespace("u:s")))).withMessageContaining("faasfed.platforms.ow.namespaces");
    }

    private static OpenWhiskPlatformProperties.Namespace namespace(String auth) {
        OpenWhiskPlatformProperties.Namespace namespace = new OpenWhiskPlatformProperties.Namespace();
        namespace.setAuth(auth);
        return namespace;
    }

    private static FaasPlatform create(Consumer<OpenWhiskPlatformProperties> change) {
        OpenWhiskPlatformProperties properties = new OpenWhiskPlatformProperties();
        properties.setUsername("uuid");
        properties.setPassword("key");
        change.accept(properties);
        return new OpenWhiskPlatformFactory().create(PlatformId.of("ow"), properties);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {
        @Bean
        OpenWhiskPlatformFactory customOpenWhiskFactory() {
            return new OpenWhiskPlatformFactory();
        }
    }
}
