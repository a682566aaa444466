package io.faasfed.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.testkit.wiremock.LoopbackWireMock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The behaviour every platform adapter shares. Subclass it once per adapter: create the platform against
 * {@link #baseUrl()} (a {@link LoopbackWireMock}: a WireMock server on 127.0.0.1 started for the class and reset
 * before each test) and implement the stubs in the platform's own API, so that the same checks run against all
 * three platforms.
 *
 * <p>The tests never reach beyond loopback and wait on conditions, not sleeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractFaasPlatformContractTest {

    /**
     * The per-call timeout the platforms under test are created with: generous, so that no call of a class (cold
     * client, cold stub, a busy 2-core machine) can come near it; only {@link #aCallThatOutlivesTheTimeoutIsTimeout}
     * uses a shorter one.
     */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * The timeout of the one test that wants a timeout to fire. Its stub answers only after {@link #SLOW}, far beyond
     * both this and {@link #VERIFY}, so that no load on the machine can make the answer come first.
     */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(2);

    /** How long the slow stub takes: longer than the whole verification, so in practice never. */
    private static final Duration SLOW = Duration.ofSeconds(120);

    private static final Duration VERIFY = Duration.ofSeconds(30);

    // Static so that it starts before the subclass's tests and stops after them (test classes run one at a time).
    @RegisterExtension
    static final LoopbackWireMock LOOPBACK_WIRE_MOCK = LoopbackWireMock.create();

    /** The WireMock server standing in for the platform (the server itself, for stub helpers that take one). */
    protected WireMockServer wireMock;

    @BeforeAll
    void bindWireMock() {
        wireMock = LOOPBACK_WIRE_MOCK.server();
    }

    /** The stub platform's base URL, e.g. {@code http://127.0.0.1:41234}. */
    protected final String baseUrl() {
        return LOOPBACK_WIRE_MOCK.baseUrl();
    }

    // ---- what each adapter supplies ------------------------------------------------------------------------

    /** A platform whose API is at {@code baseUrl}, whose calls time out after {@code timeout}. */
    protected abstract FaasPlatform createPlatform(String baseUrl, Duration timeout);

    /** Make a deploy of {@code spec} succeed, and a later get or list of it return it. */
    protected abstract void stubDeploy(FunctionSpec spec);

    /** Make the platform list exactly these functions. */
    protected abstract void stubList(List<FunctionSpec> specs);

    /** Make get, delete and invoke of {@code name} answer the platform's "not found". */
    protected abstract void stubUnknown(String name);

    /** Make calls of {@code name} answer with {@code response}, the platform passing the function's answer on. */
    protected abstract void stubInvoke(String name, StubResponse response);

    /** Check that the call {@code sent} reached the platform with its method, path, query, headers and body. */
    protected abstract void verifyInvoked(String name, Invocation sent);

    /** Make calls of {@code name} fail in the function itself with {@code status} and {@code body}. */
    protected abstract void stubFunctionFailure(String name, int status, String body);

    /** Make calls of {@code name} answer only after {@code delay} (far longer than the call's timeout). */
    protected abstract void stubSlowInvoke(String name, Duration delay);

    /** Make every endpoint that {@link FaasPlatform#probe()} reads answer healthy. */
    protected abstract void stubHealthy();

    /** A scope of this platform other than the default one: an OpenFaaS namespace, an OpenWhisk package, an Fn app. */
    protected abstract String otherScope();

    /**
     * Make {@code name} deployable, and then exist, both in the default scope and in {@link #otherScope()}, each
     * separately: a deploy of {@code sampleSpec(name)} with either scope succeeds; get of each reports its own scope;
     * a call of the one in the default scope answers 200 with body {@code "default"}, of the other 200 with the
     * other scope's name as body; delete of each succeeds, and only of each by its own scoped request.
     */
    protected abstract void stubInTwoScopes(String name);

    /**
     * Check that exactly one delete of {@code name} reached the platform for {@code scope} (null: the default scope)
     * and none for the other scope.
     */
    protected abstract void verifyDeletedOnlyIn(String name, String scope);

    /**
     * Exactly the capabilities the platform created by {@link #createPlatform} declares, as its adapter page in
     * {@code docs/adapters/} documents them for that configuration.
     */
    protected abstract Set<Capability> expectedCapabilities();

    /** The spec the deploy tests use; override when the platform needs a different artifact. */
    protected FunctionSpec sampleSpec(String name) {
        return FunctionSpec.builder(name).image("faasfed/samples:uppercase").env("GREETING", "hi")
                .label("team", "fed").limits(Limits.none().withMemoryMiB(128).withTimeout(Duration.ofSeconds(30)))
                .build();
    }

    // ---- the contract --------------------------------------------------------------------------------------

    @Test
    void deployThenGetReturnsTheFunction() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        FunctionSpec spec = sampleSpec("hello");
        stubDeploy(spec);

        StepVerifier.create(platform.deploy(spec))
                .assertNext(info -> assertDescribes(info, spec, platform))
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.get(FunctionRef.of("hello")))
                .assertNext(info -> assertDescribes(info, spec, platform))
                .expectComplete().verify(VERIFY);
    }

    @Test
    void listReturnsEveryFunction() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubList(List.of(sampleSpec("alpha"), sampleSpec("beta"), sampleSpec("gamma")));

        StepVerifier.create(platform.list().map(FunctionInfo::name).collectList())
                .assertNext(names -> assertThat(names).containsExactlyInAnyOrder("alpha", "beta", "gamma"))
                .expectComplete().verify(VERIFY);
    }

    @Test
    void listOfAnEmptyPlatformIsEmpty() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubList(List.of());

        StepVerifier.create(platform.list()).expectComplete().verify(VERIFY);
    }

    @Test
    void getOfAnUnknownFunctionIsFunctionNotFound() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubUnknown("ghost");

        StepVerifier.create(platform.get(FunctionRef.of("ghost")))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionNotFound.class,
                                notFound -> assertThat(notFound.function()).isEqualTo("ghost")))
                .verify(VERIFY);
    }

    @Test
    void deleteOfAnUnknownFunctionIsFunctionNotFound() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubUnknown("ghost");

        StepVerifier.create(platform.delete(FunctionRef.of("ghost")))
                .expectError(FaasException.FunctionNotFound.class)
                .verify(VERIFY);
    }

    @Test
    void invokeOfAnUnknownFunctionIsFunctionNotFound() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubUnknown("ghost");

        StepVerifier.create(platform.invoke(Invocation.builder("ghost").body("x").build()))
                .expectError(FaasException.FunctionNotFound.class)
                .verify(VERIFY);
    }

    @Test
    void invokePassesMethodBodyHeadersAndQueryAndReturnsStatusBodyAndHeaders() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubInvoke("echo", new StubResponse(201, Map.of("X-Reply", "yes", "Content-Type", "text/plain"), "pong"));
        Invocation call = Invocation.builder("echo").method("PUT").path("/items/7").query("a=1&b=two")
                .headers(Headers.of("X-Test", "t1", "Content-Type", "text/plain")).body("ping")
                .callId("call-123").build();

        StepVerifier.create(platform.invoke(call).flatMap(result -> result.bodyAsString().map(body -> {
                    assertThat(result.status()).isEqualTo(201);
                    assertThat(result.headers().first("X-Reply")).contains("yes");
                    assertThat(result.platform()).isEqualTo(platform.id());
                    assertThat(result.callId()).isNotBlank();
                    return body;
                })))
                .expectNext("pong")
                .expectComplete().verify(VERIFY);
        verifyInvoked("echo", call);
    }

    @Test
    void aFunctionsOwnFailureIsFunctionFailedWithStatusAndBody() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubFunctionFailure("broken", 500, "boom: the function crashed");

        StepVerifier.create(platform.invoke(Invocation.builder("broken").body("x").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionFailed.class, failed -> {
                            assertThat(failed.status()).isGreaterThanOrEqualTo(500);
                            assertThat(failed.body()).contains("boom: the function crashed");
                        }))
                .verify(VERIFY);
    }

    @Test
    void anUnreachablePlatformIsPlatformUnavailable() {
        FaasPlatform platform = createPlatform(closedPortUrl(), TIMEOUT);

        StepVerifier.create(platform.invoke(Invocation.builder("echo").body("x").build()))
                .expectError(FaasException.PlatformUnavailable.class)
                .verify(VERIFY);
        StepVerifier.create(platform.list())
                .expectError(FaasException.PlatformUnavailable.class)
                .verify(VERIFY);
    }

    @Test
    void aCallThatOutlivesTheTimeoutIsTimeout() {
        FaasPlatform platform = createPlatform(baseUrl(), SHORT_TIMEOUT);
        stubSlowInvoke("sleepy", SLOW);

        StepVerifier.create(platform.invoke(Invocation.builder("sleepy").body("x").build()))
                .expectError(FaasException.Timeout.class)
                .verify(VERIFY);
    }

    @Test
    void probeOfAHealthyPlatformIsUp() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubHealthy();

        StepVerifier.create(platform.probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.UP);
                    assertThat(health.platform()).isEqualTo(platform.id());
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void probeOfAnUnreachablePlatformIsDownNotAnError() {
        FaasPlatform platform = createPlatform(closedPortUrl(), TIMEOUT);

        StepVerifier.create(platform.probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.DOWN);
                    assertThat(health.detail()).isNotBlank();
                })
                .expectComplete().verify(VERIFY);
    }

    @Test
    void capabilitiesAreExactlyTheDocumentedOnes() {
        assertThat(createPlatform(baseUrl(), TIMEOUT).capabilities())
                .containsExactlyInAnyOrderElementsOf(expectedCapabilities());
    }

    @Test
    void scaleIsRefusedUpFrontExactlyWhenThePlatformCannotScale() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubUnknown("ghost");
        Throwable error = platform.scale(FunctionRef.of("ghost"), 2).then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just).block(VERIFY);

        if (platform.capabilities().contains(Capability.SCALE)) {
            assertThat(error instanceof FaasException.UnsupportedCapability)
                    .as("SCALE: the platform is asked, not refused up front (%s)", error).isFalse();
            assertThat(wireMock.getAllServeEvents()).isNotEmpty();
        } else {
            assertThat(error).isInstanceOfSatisfying(FaasException.UnsupportedCapability.class,
                    unsupported -> assertThat(unsupported.capability()).isEqualTo(Capability.SCALE));
            assertThat(wireMock.getAllServeEvents()).as("nothing was sent to the platform").isEmpty();
        }
    }

    @Test
    void asyncResultsAreRefusedUpFrontExactlyWhenThePlatformKeepsNone() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        Throwable error = platform.asyncResult("01CALL").then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just).block(VERIFY);

        if (platform.capabilities().contains(Capability.ASYNC_RESULT_LOOKUP)) {
            assertThat(error instanceof FaasException.UnsupportedCapability)
                    .as("ASYNC_RESULT_LOOKUP: the platform is asked, not refused up front (%s)", error).isFalse();
            assertThat(wireMock.getAllServeEvents()).as("the platform was asked").isNotEmpty();
        } else {
            assertThat(error).isInstanceOfSatisfying(FaasException.UnsupportedCapability.class, unsupported ->
                    assertThat(unsupported.capability()).isEqualTo(Capability.ASYNC_RESULT_LOOKUP));
            assertThat(wireMock.getAllServeEvents()).as("nothing was sent to the platform").isEmpty();
        }
    }

    @Test
    void forwardTargetsExistExactlyWhenThePlatformForwards() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubInvoke("echo", new StubResponse(200, Map.of(), "pong"));

        ForwardTarget target = platform.forwardTarget(FunctionRef.of("echo")).block(VERIFY);
        if (platform.capabilities().contains(Capability.HTTP_FORWARD)) {
            assertThat(target).as("HTTP_FORWARD: a callable function has a forward target").isNotNull();
            assertThat(target.uri().toString()).startsWith(baseUrl() + "/").contains("echo");
        } else {
            assertThat(target).as("no HTTP_FORWARD: every call is translated").isNull();
        }
    }

    @Test
    void aNameInTwoScopesIsReachedThroughEachReferenceAndTheOtherIsUntouched() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        String other = otherScope();
        stubInTwoScopes("twin");

        StepVerifier.create(platform.deploy(sampleSpec("twin")))
                .assertNext(info -> assertThat(info.scope()).isNull())
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.deploy(sampleSpec("twin").toBuilder().scope(other).build()))
                .assertNext(info -> assertThat(info.scope()).isEqualTo(other))
                .expectComplete().verify(VERIFY);

        FunctionInfo inDefault = platform.get(FunctionRef.of("twin")).block(VERIFY);
        FunctionInfo inOther = platform.get(FunctionRef.of("twin", other)).block(VERIFY);
        assertThat(inDefault).isNotNull();
        assertThat(inOther).isNotNull();
        assertThat(inDefault.ref().scope()).isNull();
        assertThat(inOther.ref().scope()).isEqualTo(other);
        assertThat(inDefault.ref().name()).isEqualTo("twin");
        assertThat(inOther.ref().name()).isEqualTo("twin");

        StepVerifier.create(platform.invoke(Invocation.builder(inDefault.ref()).body("x").build())
                        .flatMap(Invocation.Result::bodyAsString))
                .expectNext("default").expectComplete().verify(VERIFY);
        StepVerifier.create(platform.invoke(Invocation.builder(inOther.ref()).body("x").build())
                        .flatMap(Invocation.Result::bodyAsString))
                .expectNext(other).expectComplete().verify(VERIFY);

        ForwardTarget defaultTarget = platform.forwardTarget(inDefault.ref()).block(VERIFY);
        ForwardTarget otherTarget = platform.forwardTarget(inOther.ref()).block(VERIFY);
        assertThat(defaultTarget == null).as("both or neither forward").isEqualTo(otherTarget == null);
        if (defaultTarget != null) {
            assertThat(defaultTarget.uri()).isNotEqualTo(otherTarget.uri());
        }

        StepVerifier.create(platform.delete(inOther.ref())).expectComplete().verify(VERIFY);
        verifyDeletedOnlyIn("twin", other);
    }

    @Test
    void theDefaultScopesOwnNameMeansTheDefaultScope() {
        FaasPlatform platform = createPlatform(baseUrl(), TIMEOUT);
        stubInTwoScopes("twin");
        String ownName = platform.defaultScope();
        if (ownName == null) {
            ownName = platform.get(FunctionRef.of("twin")).then(Mono.fromSupplier(platform::defaultScope))
                    .block(VERIFY);
        }
        assertThat(ownName).as("the platform's name for its default scope").isNotBlank();

        StepVerifier.create(platform.invoke(Invocation.builder(FunctionRef.of("twin", ownName)).body("x").build())
                        .flatMap(Invocation.Result::bodyAsString))
                .expectNext("default").expectComplete().verify(VERIFY);
        StepVerifier.create(platform.get(FunctionRef.of("twin", ownName)))
                .assertNext(info -> assertThat(info.scope()).isNull())
                .expectComplete().verify(VERIFY);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void assertDescribes(FunctionInfo info, FunctionSpec spec, FaasPlatform platform) {
        assertThat(info.name()).isEqualTo(spec.name());
        assertThat(info.platform()).isEqualTo(platform.id());
        if (spec.image() != null && info.image() != null) {
            assertThat(info.image()).isEqualTo(spec.image());
        }
    }

    /** A loopback URL on which nothing listens. */
    protected static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free loopback port", e);
        }
    }
}
