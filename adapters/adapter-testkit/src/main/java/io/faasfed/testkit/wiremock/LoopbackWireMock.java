package io.faasfed.testkit.wiremock;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

/**
 * WireMock's own JUnit 5 extension, bound to 127.0.0.1 on a dynamic port and reset (stubs, request log, scenarios)
 * before each test; the one lifecycle every adapter test that stands a WireMock server in for a platform uses.
 *
 * <p>Register it on a static field: the server then starts once for the class and stops after it. The extension is
 * WireMock's DSL ({@code stubFor}, {@code verify}, {@code findAll}, {@code getAllServeEvents}, ...), so test code
 * written against a {@link WireMockServer} reads the same. Unmatched requests do not fail a test: tests that call
 * unknown paths on purpose check the answer themselves.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LoopbackWireMock wireMock = LoopbackWireMock.create();
 *
 * @Test
 * void listReadsTheFunctions() {
 *     wireMock.stubFor(get("/system/functions").willReturn(okJson("[]")));
 *     ... platform(wireMock.baseUrl()) ...
 * }
 * }</pre>
 */
public final class LoopbackWireMock extends WireMockExtension {

    /** The address the server binds to, and the host of {@link #baseUrl()}. */
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackWireMock() {
        super(WireMockExtension.newInstance()
                .options(wireMockConfig().bindAddress(LOOPBACK).dynamicPort())
                .resetOnEachTest(true)
                .failOnUnmatchedRequests(false));
    }

    /** A new extension; register it with {@code @RegisterExtension} on a static field. */
    public static LoopbackWireMock create() {
        return new LoopbackWireMock();
    }

    /** The server's base URL on the address it listens on, e.g. {@code http://127.0.0.1:41234}. */
    @Override
    public String baseUrl() {
        return "http://" + LOOPBACK + ":" + getPort();
    }

    /** {@code path} on this server, e.g. {@code http://127.0.0.1:41234/system/functions}. */
    @Override
    public String url(String path) {
        return baseUrl() + (path.startsWith("/") ? path : "/" + path);
    }

    /** The port the server listens on. */
    public int port() {
        return getPort();
    }

    /**
     * The running server itself, for helpers written against {@link WireMockServer}. Valid from the extension's
     * {@code beforeAll} (or {@code beforeEach}) on, that is inside {@code @BeforeAll}, {@code @BeforeEach} and tests.
     *
     * @throws IllegalStateException when the server is not running, saying how to register the extension
     */
    public WireMockServer server() {
        // WireMockExtension hands its DSL calls to the server it started, through this protected field.
        if (stubbing instanceof WireMockServer server && server.isRunning()) {
            return server;
        }
        throw new IllegalStateException("the loopback WireMock server is not running: register LoopbackWireMock "
                + "with @RegisterExtension on a static field and use it from @BeforeAll, @BeforeEach or a test");
    }
}
