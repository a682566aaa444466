package io.faasfed.adapter.openfaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.adapter.openfaas.OpenFaasPlatformProperties.Provider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The adapter's on/off switch, its factory bean, binding of its properties and the factory's messages. */
class OpenFaasAutoConfigurationTest {

    private static final PlatformId ID = PlatformId.of("openfaas-lon");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenFaasAutoConfiguration.class));

    @Test
    void theFactoryIsThereByDefault() {
        runner.run(context -> assertThat(context).hasSingleBean(OpenFaasPlatformFactory.class)
                .getBean(OpenFaasPlatformFactory.class).extracting(OpenFaasPlatformFactory::type)
                .isEqualTo(PlatformType.OPENFAAS));
    }

    @Test
    void theAdapterSwitchesOffWithOneProperty() {
        runner.withPropertyValues("faasfed.adapters.openfaas.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OpenFaasPlatformFactory.class));
    }

    @Test
    void anApplicationsOwnFactoryWins() {
        runner.withUserConfiguration(OwnFactory.class).run(context -> assertThat(context)
                .hasSingleBean(OpenFaasPlatformFactory.class)
                .getBean(OpenFaasPlatformFactory.class).isSameAs(OwnFactory.FACTORY));
    }

    @Test
    void theImportsFileRegistersTheAutoConfiguration() throws Exception {
        try (var in = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes())).contains(OpenFaasAutoConfiguration.class.getName());
        }
    }

    @Test
    void propertiesBindWithRelaxedNamesAndKeepTheirDefaults() {
        Map<String, String> source = Map.of(
                "faasfed.platforms.openfaas-lon.url", "http://gateway:8080",
                "faasfed.platforms.openfaas-lon.password-file", "/run/secrets/basic-auth-password",
                "faasfed.platforms.openfaas-lon.read-timeout", "90s",
                "faasfed.platforms.openfaas-lon.provider", "faasd",
                "faasfed.platforms.openfaas-lon.wait-for-ready", "true",
                "faasfed.platforms.openfaas-lon.network", "faasnet");

        OpenFaasPlatformProperties bound = new Binder(new MapConfigurationPropertySource(source))
                .bind(OpenFaasPlatformProperties.PREFIX + ".openfaas-lon", OpenFaasPlatformProperties.class).get();

        assertThat(bound.getUrl()).isEqualTo(URI.create("http://gateway:8080"));
        assertThat(bound.getPasswordFile()).isEqualTo(Path.of("/run/secrets/basic-auth-password"));
        assertThat(bound.getReadTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bound.getProvider()).isEqualTo(Provider.FAASD);
        assertThat(bound.isWaitForReady()).isTrue();
        assertThat(bound.getNetwork()).isEqualTo("faasnet");
        assertThat(bound.getUsername()).isEqualTo("admin");
        assertThat(bound.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bound.getReadyTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(bound.isAsyncInvoke()).isTrue();
    }

    @Test
    void theFactoryBuildsAPlatformWithTheGivenId() {
        FaasPlatform platform = new OpenFaasPlatformFactory().create(ID, new OpenFaasPlatformProperties());

        assertThat(platform.id()).isEqualTo(ID);
        assertThat(platform.type()).isEqualTo(PlatformType.OPENFAAS);
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedNamingTheProperty() {
        OpenFaasPlatformProperties properties = new OpenFaasPlatformProperties();
        properties.setUrl(URI.create("gateway:8080"));

        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, properties))
                .withMessageContaining("faasfed.platforms.openfaas-lon.url: gateway:8080")
                .withMessageContaining("expected: an absolute http(s) URL such as http://gateway:8080");
    }

    @Test
    void aPasswordAndAPasswordFileTogetherAreRefused() {
        OpenFaasPlatformProperties properties = new OpenFaasPlatformProperties();
        properties.setPassword("secret123");
        properties.setPasswordFile(Path.of("/run/secrets/basic-auth-password"));

        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, properties))
                .withMessageContaining("password-file are both set").withMessageContaining("one of them");
    }

    @Test
    void anUnreadablePasswordFileIsRefusedNamingTheFile(@TempDir Path dir) {
        OpenFaasPlatformProperties properties = new OpenFaasPlatformProperties();
        properties.setPasswordFile(dir.resolve("missing"));

        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, properties))
                .withMessageContaining("password-file: " + dir.resolve("missing"))
                .withMessageContaining("cannot be read");
    }

    @Test
    void aNamespaceOnSwarmIsRefusedSayingWhichProviderToSet() {
        OpenFaasPlatformProperties properties = new OpenFaasPlatformProperties();
        properties.setNamespace("openfaas-fn");

        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, properties))
                .withMessageContaining("faasfed.platforms.openfaas-lon.namespace")
                .withMessageContaining("set provider to kubernetes or faasd");
    }

    @Test
    void aDottedNamespaceIsRefused() {
        OpenFaasPlatformProperties properties = new OpenFaasPlatformProperties();
        properties.setProvider(Provider.KUBERNETES);
        properties.setNamespace("team.a");

        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, properties))
                .withMessageContaining("namespace: \"team.a\"").withMessageContaining("no dots");
    }

    @Test
    void nonPositiveTimeoutsAndAPollSlowerThanTheWaitAreRefused() {
        OpenFaasPlatformProperties zero = new OpenFaasPlatformProperties();
        zero.setReadTimeout(Duration.ZERO);
        OpenFaasPlatformProperties slowPoll = new OpenFaasPlatformProperties();
        slowPoll.setReadyPollInterval(Duration.ofMinutes(5));
        OpenFaasPlatformProperties pool = new OpenFaasPlatformProperties();
        pool.setMaxConnections(0);

        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, zero))
                .withMessageContaining("read-timeout: PT0S (expected: > 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, slowPoll))
                .withMessageContaining("ready-poll-interval: PT5M (expected: shorter than ready-timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenFaasPlatformFactory().create(ID, pool))
                .withMessageContaining("max-connections: 0 (expected: > 0)");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {
        static final OpenFaasPlatformFactory FACTORY = new OpenFaasPlatformFactory();

        @Bean
        OpenFaasPlatformFactory ownOpenFaasPlatformFactory() {
            return FACTORY;
        }
    }
}
