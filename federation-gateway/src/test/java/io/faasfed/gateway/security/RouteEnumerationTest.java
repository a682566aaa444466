package io.faasfed.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import io.faasfed.gateway.support.IssuedKeys;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.RawSocket;
import io.faasfed.gateway.support.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.AbstractUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route the application maps, read from its handler mappings (controllers, actuator endpoints, springdoc,
 * router functions, resource handlers) and Spring Cloud Gateway's routes, answers 401 with a problem document and a
 * challenge to a request without credentials, except the short list of public routes; a new endpoint without a rule
 * makes this test fail (the chain denies what no rule names, and an endpoint that answers anonymously shows up here).
 * The spellings that bypassed the old prefix filter are refused, or decided by the same rule as the canonical path.
 * Requests go over a plain socket so that the path reaches the gateway byte for byte.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@AutoConfigureMetrics
class RouteEnumerationTest {

    private static final PlatformStubs STUBS = new PlatformStubs();

    /** Public routes: GET (and HEAD) only, everything else on them needs credentials. */
    private static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/actuator/health",
            "/actuator/health/liveness", "/actuator/health/readiness");
    private static final List<String> PUBLIC_PREFIXES = List.of("/swagger-ui.html", "/swagger-ui/",
            "/webjars/swagger-ui/");

    /**
     * Routes that are mapped but that no rule opens, on purpose: Spring Boot's default static resources (the gateway
     * serves none) answer 401 or 403 to everyone.
     */
    private static final Set<String> DENIED_TO_EVERYONE = Set.of("/**", "/webjars/**");

    /** Methods tried on a route that does not restrict them. */
    private static final Set<HttpMethod> ANY_METHOD = new LinkedHashSet<>(List.of(HttpMethod.GET, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH));

    @Autowired
    private ApplicationContext context;

    @Autowired
    private RouteLocator routeLocator;

    @Autowired
    private WebTestClient client;

    @LocalServerPort
    private int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("faasfed.platforms.openfaas.type", () -> "openfaas");
        registry.add("faasfed.platforms.openfaas.url", STUBS.openfaas::baseUrl);
        registry.add("faasfed.platforms.openfaas.password", () -> PlatformStubs.OPENFAAS_PASSWORD);
        registry.add("faasfed.discovery.interval", () -> "1h");
        registry.add("faasfed.invoke.timeout", () -> "5s");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformHoldsEcho() {
        STUBS.openfaas.resetAll();
        STUBS.openfaasHealthyWith("echo");
        STUBS.openfaasFunction("echo", 200, "echo answered");
    }

    // ---- every mapped route --------------------------------------------------------------------------------------

    @Test
    void everyMappedRouteAnswers401WithoutCredentialsExceptThePublicOnes() throws Exception {
        Set<MappedRoute> routes = mappedRoutes();
        Set<String> found = new TreeSet<>();
        routes.forEach(route -> route.methods().forEach(method -> found.add(method.name() + " " + route.pattern())));
        // the enumeration itself must work: these are known to exist
        assertThat(found).as("routes read from the handler mappings").contains(
                "GET /system/functions", "POST /system/functions", "PUT /system/functions",
                "DELETE /system/functions", "GET /system/function/{name}", "POST /system/scale-function/{name}",
                "GET /system/info", "GET /system/namespaces", "POST /system/alert",
                "GET /federation/v1/platforms", "GET /federation/v1/functions", "PUT /federation/v1/functions/{name}",
                "DELETE /federation/v1/functions/{name}", "GET /federation/v1/alerts",
                "POST /federation/v1/keys", "GET /federation/v1/keys", "POST /federation/v1/keys/{id}/rotate",
                "DELETE /federation/v1/keys/{id}", "GET /healthz", "GET /system/logs", "GET /v3/api-docs.yaml", "GET /async-function/**",
                "POST /function/**", "GET /actuator/prometheus", "GET /actuator/health", "GET /v3/api-docs");
        assertThat(routes.size()).isGreaterThan(30);

        RawSocket http = new RawSocket(port);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (MappedRoute route : routes) {
            String path = concrete(route.pattern());
            for (HttpMethod method : route.methods()) {
                boolean write = !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD);
                RawSocket.Response answer = http.send(method.name(), path, List.of(), write ? "{}" : null);
                checked++;
                if (isPublic(path) && !write) {
                    if (answer.status() == 401 || answer.status() == 403) {
                        wrong.add(method + " " + path + " (public) -> " + answer.status());
                    }
                } else if (answer.status() != 401 || answer.header("WWW-Authenticate") == null
                        || !String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json")
                        || !answer.body().contains("\"status\":401")) {
                    wrong.add(method + " " + path + " [" + route.source() + " " + route.pattern() + "] -> "
                            + answer.status() + " " + answer.header("Content-Type") + " " + abbreviate(answer.body()));
                }
            }
        }
        assertThat(wrong).as("routes that do not answer an anonymous request as they should").isEmpty();

        // deny-by-default also makes a route no rule names a 403 for everyone, the operator included: a new endpoint
        // without a rule fails here (every route's own methods; GET of routes that take any method)
        List<String> unruled = new ArrayList<>();
        List<String[]> admin = List.<String[]>of(new String[] {"Authorization", TestKeys.ADMIN_BEARER});
        for (MappedRoute route : routes) {
            if (DENIED_TO_EVERYONE.contains(route.pattern())) {
                continue;
            }
            String path = concrete(route.pattern());
            for (HttpMethod method : route.methods() == ANY_METHOD ? Set.of(HttpMethod.GET) : route.methods()) {
                boolean write = !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD);
                RawSocket.Response answer = http.send(method.name(), path, admin, write ? "{}" : null);
                if (answer.status() == 403 || answer.status() == 401) {
                    unruled.add(method + " " + route.pattern() + " [" + route.source() + "] -> " + answer.status());
                }
            }
        }
        assertThat(unruled).as("routes no rule in SecurityConfiguration names (even the admin is refused)")
                .isEmpty();
        assertThat(checked).isGreaterThan(50);
        assertThat(STUBS.openfaas.findAll(anyRequestedFor(urlMatching("/function/.*")))).isEmpty();
    }

    @Test
    void thePublicRoutesAnswerAnonymouslyAndHealthShowsOnlyItsStatus() throws Exception {
        RawSocket http = new RawSocket(port);
        for (String path : List.of("/healthz", "/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness")) {
            assertThat(http.send("GET", path).status()).as(path).isEqualTo(200);
        }
        // the Swagger UI's files are public (the page asks for a key before it reads /v3/api-docs); under the tests'
        // BlockHound the page itself is a 500 (springdoc reads it from its jar on the event loop), so only
        // "not refused" is asserted here
        assertThat(http.send("GET", "/swagger-ui/index.html").status()).isNotIn(401, 403);
        assertThat(http.send("GET", "/swagger-ui.html").status()).isNotIn(401, 403);
        assertThat(http.send("GET", "/v3/api-docs").status()).isEqualTo(401);

        JsonNode health = json.readTree(http.send("GET", "/actuator/health").body());
        assertThat(health.has("status")).isTrue();
        assertThat(health.has("components")).isFalse();
        assertThat(health.has("details")).isFalse();
        // the probe groups' names (liveness, readiness) are listed; nothing about platforms or the store
        assertThat(health.propertyNames()).as("anonymous health fields").isSubsetOf("status", "groups");
        // an admin sees the details the anonymous caller does not
        JsonNode adminHealth = json.readTree(http.send("GET", "/actuator/health", TestKeys.ADMIN_BEARER).body());
        assertThat(adminHealth.has("components")).isTrue();
    }

    // ---- spellings that bypassed the old prefix filter -----------------------------------------------------------

    /** A spelling and the canonical request it could be mistaken for. */
    private record Spelling(String method, String target, String canonical) {
    }

    private static final List<Spelling> SPELLINGS = List.of(
            new Spelling("GET", "/%73ystem/functions", "/system/functions"),
            new Spelling("GET", "/system;x=1/functions", "/system/functions"),
            new Spelling("GET", "/system/functions;x=1", "/system/functions"),
            new Spelling("GET", "//system/functions", "/system/functions"),
            new Spelling("GET", "/./system/functions", "/system/functions"),
            new Spelling("GET", "/System/functions", "/system/functions"),
            new Spelling("GET", "/SYSTEM/functions", "/system/functions"),
            new Spelling("GET", "/system/functions/", "/system/functions"),
            new Spelling("GET", "/federation/v1/../v1/functions", "/federation/v1/functions"),
            new Spelling("GET", "/federation/v1/%2E%2E/v1/functions", "/federation/v1/functions"),
            new Spelling("GET", "/actuator/%70rometheus", "/actuator/prometheus"),
            new Spelling("GET", "/actuator;x/prometheus", "/actuator/prometheus"),
            new Spelling("GET", "/v3/api-docs;x", "/v3/api-docs"),
            new Spelling("POST", "/function/..%2Fsystem%2Ffunctions", "/system/functions"),
            new Spelling("DELETE", "/%73ystem/functions", "/system/functions"),
            new Spelling("PUT", "/federation/v1/functions/x;y=1", "/federation/v1/functions/x"));

    @Test
    void bypassSpellingsWithoutCredentialsAre401AndReachNoPlatform() {
        RawSocket http = new RawSocket(port);
        List<String> wrong = new ArrayList<>();
        for (Spelling spelling : SPELLINGS) {
            boolean write = !spelling.method().equals("GET");
            RawSocket.Response answer = http.send(spelling.method(), spelling.target(), List.of(), write ? "{}" : null);
            boolean problem = String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json");
            if (!Set.of(400, 401, 404).contains(answer.status()) || !problem) {
                wrong.add(spelling.method() + " " + spelling.target() + " -> " + answer.status() + " "
                        + abbreviate(answer.body()));
            }
        }
        assertThat(wrong).as("anonymous bypass spellings that were not refused").isEmpty();
        assertThat(STUBS.openfaas.findAll(anyRequestedFor(urlMatching("/function/.*")))).isEmpty();
        assertThat(STUBS.openfaas.getAllServeEvents()).noneMatch(event -> !event.getRequest().getMethod()
                .equals(RequestMethod.GET));
    }

    @Test
    void bypassSpellingsAreDecidedByTheCanonicalPathsRuleOrRefused() {
        RawSocket http = new RawSocket(port);
        // a key that may invoke but not read /system, the native API, metrics or the API description: a spelling
        // that some weaker rule (e.g. /function/**'s) decided would answer it with a 2xx
        String invokeOnly = IssuedKeys.bearer(IssuedKeys.issue(client, "default", "invoke"));
        List<String> wrong = new ArrayList<>();
        for (Spelling spelling : SPELLINGS) {
            boolean write = !spelling.method().equals("GET");
            String body = write ? "{}" : null;
            List<String[]> admin = List.<String[]>of(new String[] {"Authorization", TestKeys.ADMIN_BEARER});
            RawSocket.Response canonical = http.send(spelling.method(), spelling.canonical(), admin, body);
            RawSocket.Response spelled = http.send(spelling.method(), spelling.target(), admin, body);
            if (spelled.status() != canonical.status() && !Set.of(400, 403, 404).contains(spelled.status())) {
                wrong.add("admin " + spelling.method() + " " + spelling.target() + " -> " + spelled.status()
                        + " (canonical " + canonical.status() + ") " + abbreviate(spelled.body()));
            }
            if (spelled.status() >= 500) {
                wrong.add("admin " + spelling.method() + " " + spelling.target() + " -> " + spelled.status());
            }
            RawSocket.Response weak = http.send(spelling.method(), spelling.target(),
                    List.<String[]>of(new String[] {"Authorization", invokeOnly}), body);
            if (weak.status() < 400 || weak.status() >= 500) {
                wrong.add("invoke-only " + spelling.method() + " " + spelling.target() + " -> " + weak.status()
                        + " " + abbreviate(weak.body()));
            }
        }
        assertThat(wrong).as("spellings decided by another rule than their canonical path's").isEmpty();
        assertThat(STUBS.openfaas.findAll(anyRequestedFor(urlMatching("/function/.*")))).isEmpty();
    }

    // ---- credentials that are not credentials ------------------------------------------------------------------

    @Test
    void aViewOnlyKeyIsForbiddenToDeploy() {
        String view = IssuedKeys.bearer(IssuedKeys.issue(client, "default", "view"));
        RawSocket http = new RawSocket(port);
        List<String[]> headers = List.<String[]>of(new String[] {"Authorization", view});
        assertThat(http.send("GET", "/federation/v1/functions", headers, null).status()).isEqualTo(200);
        RawSocket.Response deploy = http.send("PUT", "/federation/v1/functions/x", headers,
                "{\"image\":\"faasfed/samples:echo\"}");
        assertThat(deploy.status()).isEqualTo(403);
        assertThat(deploy.header("Content-Type")).startsWith("application/problem+json");
        assertThat(http.send("POST", "/system/functions", headers, "{\"service\":\"x\",\"image\":\"i\"}").status())
                .isEqualTo(403);
        assertThat(STUBS.openfaas.getAllServeEvents()).noneMatch(event -> !event.getRequest().getMethod()
                .equals(RequestMethod.GET));
    }

    @Test
    void malformedAuthorizationIs401NeverA500() {
        RawSocket http = new RawSocket(port);
        String longToken = "Bearer " + "a".repeat(7_000);
        String tooLong = "Bearer " + "b".repeat(10 * 1024);
        for (String value : List.of("Bearer ffk_x", "Bearer ffk_", "Bearer ffk_testadmin0_short", "Basic !!!",
                "Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()),
                "Basic " + java.util.Base64.getEncoder().encodeToString(":".getBytes()),
                "Bearer", "Bearer ", "bearer  ", "Negotiate abc", "ffk_testadmin0_T3st", "Bearer a b",
                "Bearer " + TestKeys.ADMIN + "x", longToken)) {
            RawSocket.Response answer = http.send("GET", "/federation/v1/functions", value);
            assertThat(answer.status()).as("Authorization: %s", abbreviate(value)).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).as(abbreviate(value)).isNotNull();
        }
        // past the server's header limit: refused before the chain sees it; a 4xx, never a 5xx or a 2xx
        assertThat(http.send("GET", "/federation/v1/functions", tooLong).status()).isIn(401, 400, 431);
        // two Authorization headers, even both valid, authenticate nobody
        RawSocket.Response twice = http.send("GET", "/federation/v1/functions", List.of(
                new String[] {"Authorization", TestKeys.ADMIN_BEARER},
                new String[] {"Authorization", TestKeys.ADMIN_BEARER}), null);
        assertThat(twice.status()).isEqualTo(401);
        RawSocket.Response mixed = http.send("GET", "/federation/v1/functions", List.of(
                new String[] {"Authorization", "Bearer ffk_x"},
                new String[] {"Authorization", TestKeys.ADMIN_BEARER}), null);
        assertThat(mixed.status()).isEqualTo(401);
    }

    // ---- the enumeration -----------------------------------------------------------------------------------------

    /**
     * A route: a path pattern, the methods it answers, and where it was found.
     *
     * @param pattern the path pattern
     * @param methods the methods
     * @param source  the handler mapping or route it came from
     */
    private record MappedRoute(String pattern, Set<HttpMethod> methods, String source) {
    }

    private Set<MappedRoute> mappedRoutes() {
        Set<MappedRoute> routes = new LinkedHashSet<>();
        // annotated controllers, springdoc's resources, actuator endpoints (web and controller endpoints)
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).forEach((bean, mapping) -> {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<HttpMethod> methods = new LinkedHashSet<>();
                info.getMethodsCondition().getMethods().forEach(method -> methods.add(method.asHttpMethod()));
                for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                    routes.add(new MappedRoute(pattern.getPatternString(), methods.isEmpty() ? ANY_METHOD : methods,
                            bean));
                }
            }
        });
        // functional routes (/healthz, the not-yet-federated OpenFaaS routes)
        context.getBeansOfType(RouterFunctionMapping.class).forEach((bean, mapping) -> {
            RouterFunction<?> functions = mapping.getRouterFunction();
            if (functions != null) {
                functions.accept(new RouteCollector(routes, bean));
            }
        });
        // resource handlers (the Swagger UI's files, static resources)
        context.getBeansOfType(AbstractUrlHandlerMapping.class).forEach((bean, mapping) -> mapping.getHandlerMap()
                .keySet().forEach(pattern -> routes.add(new MappedRoute(pattern.getPatternString(),
                        Set.of(HttpMethod.GET), bean))));
        // Spring Cloud Gateway's routes (/function/**)
        routeLocator.getRoutes().collectList().block(Duration.ofSeconds(10)).forEach(route -> {
            List<String> patterns = new ArrayList<>();
            route.getPredicate().accept(config -> {
                if (config.getConfig() instanceof PathRoutePredicateFactory.Config path) {
                    patterns.addAll(path.getPatterns());
                }
            });
            assertThat(patterns).as("path patterns of gateway route %s", route.getId()).isNotEmpty();
            patterns.forEach(pattern -> routes.add(new MappedRoute(pattern, ANY_METHOD, "route " + route.getId())));
        });
        return routes;
    }

    /** Collects the path and method predicates of router functions. */
    private static final class RouteCollector implements RouterFunctions.Visitor {

        private final Collection<MappedRoute> routes;
        private final String source;
        private final List<String> prefixes = new ArrayList<>();

        RouteCollector(Collection<MappedRoute> routes, String source) {
            this.routes = routes;
            this.source = source;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            PredicateParts parts = PredicateParts.of(predicate);
            prefixes.add(parts.paths.isEmpty() ? "" : parts.paths.get(0));
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            prefixes.remove(prefixes.size() - 1);
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            PredicateParts parts = PredicateParts.of(predicate);
            assertThat(parts.paths).as("router function %s in %s has a path", predicate, source).isNotEmpty();
            String prefix = String.join("", prefixes);
            for (String path : parts.paths) {
                routes.add(new MappedRoute(prefix + path, parts.methods.isEmpty() ? ANY_METHOD : parts.methods,
                        source));
            }
        }

        @Override
        public void resources(java.util.function.Function<ServerRequest, Mono<org.springframework.core.io.Resource>>
                                      lookup) {
            throw new AssertionError("resource router in " + source + ": cannot enumerate " + lookup);
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> function) {
            throw new AssertionError("router function " + function + " in " + source + " cannot be enumerated");
        }
    }

    /** The paths and methods a request predicate names. */
    private static final class PredicateParts implements RequestPredicates.Visitor {

        final List<String> paths = new ArrayList<>();
        final Set<HttpMethod> methods = new LinkedHashSet<>();

        static PredicateParts of(RequestPredicate predicate) {
            PredicateParts parts = new PredicateParts();
            predicate.accept(parts);
            return parts;
        }

        @Override
        public void method(Set<HttpMethod> given) {
            methods.addAll(given);
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }

    /** A request path the pattern matches: every variable and wildcard becomes {@code x}. */
    static String concrete(String pattern) {
        // a whole-segment wildcard becomes x; one inside a segment (springdoc's /webjars/*swagger-ui) matches nothing
        String path = pattern.replaceAll("\\{\\*[^}]+}", "x").replaceAll("\\{[^}]+}", "x")
                .replace("**", "x").replaceAll("(?<=/)\\*(?=/|$)", "x").replace("*", "");
        return path.isEmpty() ? "/" : path;
    }

    private static boolean isPublic(String path) {
        return PUBLIC_PATHS.contains(path) || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }
}
