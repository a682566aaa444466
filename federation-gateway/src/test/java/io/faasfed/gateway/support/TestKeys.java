package io.faasfed.gateway.support;

import org.springframework.http.HttpHeaders;

/** The operator key every gateway test runs with ({@code src/test/resources/application.properties}). */
public final class TestKeys {

    /** The admin key. */
    public static final String ADMIN = "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";
    /** The admin key as an {@code Authorization} value. */
    public static final String ADMIN_BEARER = "Bearer " + ADMIN;

    private TestKeys() {
    }

    /** Adds the admin key to {@code headers}. */
    public static void admin(HttpHeaders headers) {
        headers.set(HttpHeaders.AUTHORIZATION, ADMIN_BEARER);
    }

    /** Adds the admin key to a Reactor Netty client's {@code headers}. */
    public static void admin(io.netty.handler.codec.http.HttpHeaders headers) {
        headers.set(HttpHeaders.AUTHORIZATION, ADMIN_BEARER);
    }
}
