package io.faasfed.gateway.support;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * Tests only: the auto-configured {@code WebTestClient} sends the operator key by default; a test about other
 * credentials overrides the header, or {@code mutate()}s it away.
 */
@AutoConfiguration
public class AdminKeyTestClientConfiguration {

    /** Adds the admin key to every request of the test client. */
    @Bean
    WebTestClientBuilderCustomizer adminKeyHeader() {
        return builder -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER);
    }
}
