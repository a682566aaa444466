package io.faasfed.gateway.api;

import io.faasfed.gateway.api.NativeModel.Descriptor;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The native API reads its documents strictly: an unknown field, a duplicate key, a value of the wrong type (no
 * {@code "128"} for a number, no {@code 5} for a string) or trailing content is a 400 naming the field, so a typo
 * such as {@code imagee} is never deployed as a function without an image. Only {@link Descriptor} bodies are read
 * this way; the OpenFaaS-compatible API keeps ignoring fields it does not model, as the OpenFaaS gateway does, for
 * faas-cli and the Terraform provider.
 */
@Configuration(proxyBeanMethods = false)
public class NativeApiJson {

    /** Runs after Spring Boot's own Jackson codec customizer (order 0), replacing its decoder with this one. */
    @Bean
    @Order(10)
    CodecCustomizer strictNativeApiDecoder(JsonMapper json) {
        JsonMapper strict = strict(json);
        return configurer -> {
            JacksonJsonDecoder decoder = new JacksonJsonDecoder(json);
            decoder.registerMappersForType(Descriptor.class, mappers -> {
                mappers.put(MediaType.APPLICATION_JSON, strict);
                mappers.put(new MediaType("application", "*+json"), strict);
            });
            configurer.defaultCodecs().jacksonJsonDecoder(decoder);
        };
    }

    /** {@code json} (with its read limits and modules), refusing what the native API does not define. */
    static JsonMapper strict(JsonMapper json) {
        return json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
