package io.faasfed.gateway.security;

import io.faasfed.gateway.platform.PlatformDirectory;
import java.time.Clock;
import java.util.List;

/** An {@link ApiKeyService} over an empty in-memory store, with the test admin key, for unit tests. */
final class ApiKeyServiceTestSupport {

    /** The admin key of these tests. */
    static final String ADMIN = "ffk_testadmin0_T3st-Adm1n-S3cret-0123456789abcdefghijklmno";

    private ApiKeyServiceTestSupport() {
    }

    static ApiKeyService service() {
        Tenants tenants = new Tenants(new SecurityProperties(), new PlatformDirectory(List.of(), null));
        return new ApiKeyService(new InMemoryApiKeyStore(), tenants, ApiKeyToken.parse(ADMIN), null,
                Clock.systemUTC());
    }
}
