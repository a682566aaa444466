package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.TestHttp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh OpenWhisk emulator for each test, with a fixed key; register it with {@code @RegisterExtension} and send
 * requests through {@link #send} (authenticated) or {@link #http()}.
 */
final class RunningWhisk implements BeforeEachCallback, AfterEachCallback {

    /** The {@code uuid:key} the emulator demands. */
    static final Credentials KEY = Credentials.parse("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:some-key");
    /** The Basic header of {@link #KEY}. */
    static final String AUTH = KEY.basicHeader();

    private OpenWhiskEmulator emulator;
    private TestHttp http;

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator = OpenWhiskEmulator.start(EmulatorOptions.builder().credentials(KEY).build());
        http = new TestHttp(emulator.baseUrl());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        emulator.close();
    }

    OpenWhiskEmulator emulator() {
        return emulator;
    }

    TestHttp http() {
        return http;
    }

    /** A request with the key's Basic header and an optional JSON body. */
    HttpResponse<String> send(String method, String path, String body) {
        return http.send(method, path, AUTH, body);
    }

    /** The {@code error} member of a controller error body. */
    static String error(HttpResponse<String> response) {
        return TestHttp.json(response).path("error").asString();
    }
}
