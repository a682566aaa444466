package io.faasfed.adapter.fn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The on/off switch, and the factory's checks on configuration bound the way the gateway binds it. */
class FnAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FnAutoConfiguration.class));

    @Test
    void theFactoryIsContributedByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(FnPlatformFactory.class);
            assertThat(context.getBean(FnPlatformFactory.class).type()).isEqualTo(PlatformType.FN);
        });
    }

    @Test
    void theAdapterSwitchesOff() {
        runner.withPropertyValues("faasfed.adapters.fn.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FnPlatformFactory.class));
    }

    @Test
    void anApplicationsOwnFactoryWins() {
        runner.withUserConfiguration(OwnFactory.class).run(context -> {
            assertThat(context).hasSingleBean(FnPlatformFactory.class);
            assertThat(context).getBean("ownFactory").isSameAs(context.getBean(FnPlatformFactory.class));
        });
    }

    @Test
    void relaxedBindingFillsEveryPropertyAndTheFactoryBuildsThePlatform(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("password"), "s3cret\n");
        runner.withPropertyValues("faasfed.platforms.fn-lon.type=fn",
                "faasfed.platforms.fn-lon.url=http://fnserver:8080",
                "faasfed.platforms.fn-lon.app=federated",
                "faasfed.platforms.fn-lon.username=admin",
                "faasfed.platforms.fn-lon.password-file=" + secret,
                "faasfed.platforms.fn-lon.read-timeout=90s",
                "faasfed.platforms.fn-lon.create-triggers=false",
                "faasfed.platforms.fn-lon.network=faasnet",
                "faasfed.platforms.fn-lon.page-size=50").run(context -> {
                    FnPlatformProperties properties = bind(context, "fn-lon");
                    assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(properties.isCreateTriggers()).isFalse();
                    assertThat(properties.getPageSize()).isEqualTo(50);
                    FaasPlatform platform = context.getBean(FnPlatformFactory.class)
                            .create(PlatformId.of("fn-lon"), properties);
                    assertThat(platform.id()).isEqualTo(PlatformId.of("fn-lon"));
                    assertThat(((FnPlatform) platform).app()).isEqualTo("federated");
                });
    }

    @Test
    void defaultsNeedNoConfigurationAtAll() {
        runner.run(context -> {
            FnPlatformProperties properties = bind(context, "fn");
            assertThat(properties.getUrl()).hasToString("http://localhost:8080");
            assertThat(properties.getApp()).isEqualTo("faasfed");
            assertThat(properties.isCreateTriggers()).isTrue();
            assertThat(context.getBean(FnPlatformFactory.class).create(PlatformId.of("fn"), properties).type())
                    .isEqualTo(PlatformType.FN);
        });
    }

    @Test
    void theFactoryNamesThePropertyTheValueAndWhatIsExpected() {
        assertRejected("url=ftp://fnserver", "faasfed.platforms.fn.url: ftp://fnserver (expected: an absolute "
                + "http(s) URL");
        assertRejected("app=my app", "faasfed.platforms.fn.app: \"my app\" (expected: the Fn app");
        assertRejected("page-size=500", "faasfed.platforms.fn.page-size: 500 (expected: 1-100");
        assertRejected("username=admin", "faasfed.platforms.fn.username/password: only one of them is set");
        assertRejected("read-timeout=0s", "faasfed.platforms.fn.read-timeout: PT0S (expected: > 0)");
        assertRejected("network=a b", "faasfed.platforms.fn.network: \"a b\" (expected: one Docker network");
        assertRejected("password-file=/nonexistent/secret", "faasfed.platforms.fn.password-file: /nonexistent/secret "
                + "cannot be read");
    }

    private void assertRejected(String property, String message) {
        runner.withPropertyValues("faasfed.platforms.fn." + property).run(context -> {
            FnPlatformProperties properties = bind(context, "fn");
            assertThatThrownBy(() -> context.getBean(FnPlatformFactory.class).create(PlatformId.of("fn"), properties))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        });
    }

    private static FnPlatformProperties bind(AssertableApplicationContext context, String id) {
        return Binder.get(context.getEnvironment())
                .bindOrCreate(FnPlatformProperties.PREFIX + "." + id, FnPlatformProperties.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {
        @Bean
        FnPlatformFactory ownFactory() {
            return new FnPlatformFactory();
        }
    }
}
