package io.faasfed.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.faasfed.adapter.api.PlatformId;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The connection properties every HTTP adapter inherits: defaults, binding, constraints and the settings built. */
class HttpPlatformPropertiesTest {

    private static final PlatformId ID = PlatformId.of("edge");

    @Test
    void theSubclassGivesUrlAndReadTimeoutAndTheRestIsShared() {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();

        assertThat(properties.getUrl()).isEqualTo(URI.create("http://localhost:9000"));
        assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.getMaxConnections()).isEqualTo(500);
        assertThat(properties.getUsername()).isNull();
        assertThat(properties.getPassword()).isNull();
        assertThat(properties.getPasswordFile()).isNull();
    }

    @Test
    void inheritedPropertiesBindWithRelaxedNamesNextToThePlatformsOwn() {
        Map<String, String> source = Map.of(
                "faasfed.platforms.edge.url", "https://edge.example.com",
                "faasfed.platforms.edge.username", "gateway",
                "faasfed.platforms.edge.password-file", "/run/secrets/edge",
                "faasfed.platforms.edge.connect-timeout", "2s",
                "faasfed.platforms.edge.max-connections", "50",
                "faasfed.platforms.edge.region", "lon");

        ExamplePlatformProperties bound = new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate(HttpPlatformProperties.PREFIX + ".edge", ExamplePlatformProperties.class);

        assertThat(bound.getUrl()).isEqualTo(URI.create("https://edge.example.com"));
        assertThat(bound.getUsername()).isEqualTo("gateway");
        assertThat(bound.getPasswordFile()).isEqualTo(Path.of("/run/secrets/edge"));
        assertThat(bound.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bound.getMaxConnections()).isEqualTo(50);
        assertThat(bound.getReadTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(bound.getRegion()).isEqualTo("lon");
    }

    @Test
    void inheritedConstraintsAreValidatedOnTheSubclass() {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();
        properties.setUrl(null);
        properties.setConnectTimeout(null);
        properties.setReadTimeout(null);
        properties.setMaxConnections(0);

        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            Set<ConstraintViolation<ExamplePlatformProperties>> violations = validator.validate(properties);

            assertThat(violations.stream().map(violation -> violation.getPropertyPath().toString())
                    .collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("url", "connectTimeout", "readTimeout", "maxConnections");
            assertThat(validator.validate(new ExamplePlatformProperties())).isEmpty();
        }
    }

    @Test
    void withoutAPasswordTheSettingsCarryNoCredentials() {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();
        properties.setUrl(URI.create("http://edge:9000/"));
        properties.setUsername("gateway");
        properties.setPassword("");

        HttpPlatformSettings settings = properties.toSettings(ID);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://edge:9000"));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.maxConnections()).isEqualTo(500);
        assertThat(settings.hasCredentials()).isFalse();
    }

    @Test
    void anInlinePasswordGoesWithTheUsername() {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();
        properties.setUsername("gateway");
        properties.setPassword("s3cret");

        HttpPlatformSettings settings = properties.toSettings(ID);

        assertThat(settings.username()).isEqualTo("gateway");
        assertThat(settings.password()).isEqualTo("s3cret");
    }

    @Test
    void thePasswordFileIsReadWithoutItsTrailingNewline(@TempDir Path dir) throws IOException {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();
        properties.setUsername("gateway");
        properties.setPasswordFile(Files.writeString(dir.resolve("password"), "from-file\n"));

        assertThat(properties.toSettings(ID).password()).isEqualTo("from-file");
    }

    @Test
    void aPasswordAndAPasswordFileTogetherAreRefused(@TempDir Path dir) throws IOException {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();
        properties.setUsername("gateway");
        properties.setPassword("s3cret");
        properties.setPasswordFile(Files.writeString(dir.resolve("password"), "from-file\n"));

        assertThatIllegalArgumentException().isThrownBy(() -> properties.toSettings(ID))
                .withMessage("faasfed.platforms.edge.password and faasfed.platforms.edge.password-file are both set "
                        + "(expected: one of them)");
    }

    @Test
    void anUnreadablePasswordFileIsRefusedNamingTheFile(@TempDir Path dir) {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();
        properties.setUsername("gateway");
        properties.setPasswordFile(dir.resolve("missing"));

        assertThatIllegalArgumentException().isThrownBy(() -> properties.toSettings(ID))
                .withMessageStartingWith("faasfed.platforms.edge.password-file: " + dir.resolve("missing")
                        + " cannot be read (expected: a readable file");
    }

    @Test
    void aPasswordWithoutAUsernameIsRefused() {
        ExamplePlatformProperties properties = new ExamplePlatformProperties();
        properties.setUsername(" ");
        properties.setPassword("s3cret");

        assertThatIllegalArgumentException().isThrownBy(() -> properties.toSettings(ID))
                .withMessage("faasfed.platforms.edge.username: \" \" (expected: the Basic auth user that goes with "
                        + "the password)");
    }

    @Test
    void aUrlThatIsNotAnAbsoluteHttpUrlIsRefused() {
        for (String url : new String[] {"edge:9000", "/api", "ftp://edge", "http:///path"}) {
            ExamplePlatformProperties properties = new ExamplePlatformProperties();
            properties.setUrl(URI.create(url));

            assertThatIllegalArgumentException().as(url).isThrownBy(() -> properties.toSettings(ID))
                    .withMessage("faasfed.platforms.edge.url: " + url
                            + " (expected: an absolute http(s) URL such as http://gateway:8080)");
        }
        ExamplePlatformProperties unset = new ExamplePlatformProperties();
        unset.setUrl(null);
        assertThatIllegalArgumentException().isThrownBy(() -> unset.toSettings(ID))
                .withMessageStartingWith("faasfed.platforms.edge.url: null (expected:");
    }

    @Test
    void timeoutsMustBePositiveAndThePoolNotEmpty() {
        ExamplePlatformProperties zero = new ExamplePlatformProperties();
        zero.setReadTimeout(Duration.ZERO);
        ExamplePlatformProperties negative = new ExamplePlatformProperties();
        negative.setConnectTimeout(Duration.ofSeconds(-1));
        ExamplePlatformProperties unset = new ExamplePlatformProperties();
        unset.setConnectTimeout(null);
        ExamplePlatformProperties pool = new ExamplePlatformProperties();
        pool.setMaxConnections(0);

        assertThatIllegalArgumentException().isThrownBy(() -> zero.toSettings(ID))
                .withMessage("faasfed.platforms.edge.read-timeout: PT0S (expected: > 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> negative.toSettings(ID))
                .withMessage("faasfed.platforms.edge.connect-timeout: PT-1S (expected: > 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> unset.toSettings(ID))
                .withMessage("faasfed.platforms.edge.connect-timeout: null (expected: a duration > 0, e.g. 30s)");
        assertThatIllegalArgumentException().isThrownBy(() -> pool.toSettings(ID))
                .withMessage("faasfed.platforms.edge.max-connections: 0 (expected: > 0)");
    }

    @Test
    void theChecksNameThePlatformsProperties() {
        assertThat(PropertyChecks.prefix(ID)).isEqualTo("faasfed.platforms.edge.");
        assertThat(PropertyChecks.invalid("faasfed.platforms.edge.region", PropertyChecks.quote("a b"), "a region"))
                .hasMessage("faasfed.platforms.edge.region: \"a b\" (expected: a region)");
        assertThat(PropertyChecks.quote(null)).isEqualTo("null");
        assertThat(PropertyChecks.positive("poll", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    }

    /** A platform's properties class as an adapter writes one: its defaults and one property of its own. */
    public static final class ExamplePlatformProperties extends HttpPlatformProperties {

        /** A platform-specific property. */
        private String region;

        /** Properties with the example platform's defaults. */
        public ExamplePlatformProperties() {
            super(URI.create("http://localhost:9000"), Duration.ofSeconds(45));
        }

        /** The region. */
        public String getRegion() {
            return region;
        }

        /** Sets the region. */
        public void setRegion(String region) {
            this.region = region;
        }
    }
}
