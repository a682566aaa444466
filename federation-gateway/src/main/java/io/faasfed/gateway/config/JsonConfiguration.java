package io.faasfed.gateway.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's {@link JsonMapper} reads within {@code faasfed.json.*} limits. Spring Boot builds its mapper
 * from the {@code JsonMapper.Builder} bean, which cannot change the parser factory afterwards; this builder starts
 * from a factory with the limits and then applies every Boot customizer ({@code spring.jackson.*}) as Boot's own does.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    /** Boot's builder, on a parser factory with the gateway's read limits. */
    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(ObjectProvider<JsonMapperBuilderCustomizer> customizers,
                                         FaasfedProperties properties) {
        FaasfedProperties.Json limits = properties.getJson();
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.getMaxNestingDepth())
                .maxStringLength(toInt("faasfed.json.max-string-length", limits.getMaxStringLength()))
                .maxDocumentLength(toInt("faasfed.json.max-document-length", limits.getMaxDocumentLength()))
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints)
                .build());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    private static int toInt(String property, DataSize size) {
        if (size == null || size.toBytes() <= 0 || size.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalStateException(property + ": " + size + " (expected: a size from 1B to 2GB, e.g. 10MB)");
        }
        return (int) size.toBytes();
    }
}
