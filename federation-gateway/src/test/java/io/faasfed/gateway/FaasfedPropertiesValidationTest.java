package io.faasfed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.config.FaasfedProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

class FaasfedPropertiesValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAreTheEmbeddedOnes() {
        runner.run(context -> {
            FaasfedProperties properties = context.getBean(FaasfedProperties.class);
            assertThat(properties.getStore()).isEqualTo(FaasfedProperties.StoreType.MEMORY);
            assertThat(properties.getPlatforms()).isEmpty();
            assertThat(properties.getInvoke().getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(10));
        });
    }

    @Test
    void bindsPlatformInstancesUnderOnePrefix() {
        runner.withPropertyValues("faasfed.platforms.openfaas-lon.type=openfaas",
                        "faasfed.platforms.openfaas-lon.priority=5", "faasfed.store=redis")
                .run(context -> {
                    FaasfedProperties properties = context.getBean(FaasfedProperties.class);
                    assertThat(properties.getPlatforms()).containsOnlyKeys("openfaas-lon");
                    assertThat(properties.getPlatforms().get("openfaas-lon").getPriority()).isEqualTo(5);
                    assertThat(properties.getStore()).isEqualTo(FaasfedProperties.StoreType.REDIS);
                });
    }

    @Test
    void anInvalidPlatformIdFailsStartUpNamingTheRule() {
        runner.withPropertyValues("faasfed.platforms.Open_FaaS.type=openfaas").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("platform ids are lowercase letters, digits and '-'");
        });
    }

    @Test
    void aPlatformWithoutTypeFailsStartUp() {
        runner.withPropertyValues("faasfed.platforms.fn.priority=1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("platforms[fn].type");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FaasfedProperties.class)
    static class Config {
    }
}
