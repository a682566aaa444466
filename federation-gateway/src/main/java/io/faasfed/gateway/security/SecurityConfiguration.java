package io.faasfed.gateway.security;

import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.config.RedisStoreConnection;
import io.faasfed.gateway.error.ProblemWebExceptionHandler;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.registry.FederatedNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one door. Every route is decided here, by Spring Security's path matchers (the same {@code PathPattern}s, on
 * the same decoded and parameter-free path, that route the request), deny by default:
 * <ul>
 *   <li>anonymous: {@code /healthz}, {@code /actuator/health[/liveness|/readiness]} (status only), the Swagger UI's
 *       static files, and {@code /function/{name}} of public functions;</li>
 *   <li>{@code invoke}: {@code /function/**}, {@code /async-function/**};</li>
 *   <li>{@code view}: reads of {@code /system/*} and {@code /federation/v1/{platforms,functions}}, and
 *       {@code /v3/api-docs} (JSON and {@code .yaml});</li>
 *   <li>{@code view} or {@code invoke}: reads of {@code /federation/v1/calls/*[/tree]} and
 *       {@code /federation/v1/dead-letters[/*]} (the caller's tenant's calls only); {@code invoke}: replay of a dead
 *       letter;</li>
 *   <li>{@code /federation/v1/async} (the queue's size): as {@code /actuator/prometheus};</li>
 *   <li>{@code deploy}: writes of functions and scaling;</li>
 *   <li>{@code admin}: keys, the audit log, alerts, AlertManager's webhook and every other actuator endpoint;</li>
 *   <li>{@code /actuator/prometheus}: the scrape credential, an admin, or {@code view} in the operator's tenant
 *       (its series name every tenant's functions);</li>
 *   <li>anything else: 401 without credentials, 403 with.</li>
 * </ul>
 * No session: every request carries its credentials; no cookie authenticates, so CSRF does not apply.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The tenants. */
    @Bean
    Tenants tenants(SecurityProperties properties, PlatformDirectory directory) {
        return new Tenants(properties, directory);
    }

    /** Issued keys in this process (the embedded default). */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "memory",
            matchIfMissing = true)
    ApiKeyStore inMemoryApiKeyStore() {
        return new InMemoryApiKeyStore();
    }

    /** Issued keys in Redis, shared by every replica. */
    @Bean
    @ConditionalOnProperty(prefix = FaasfedProperties.PREFIX, name = "store", havingValue = "redis")
    ApiKeyStore redisApiKeyStore(RedisStoreConnection redis, JsonMapper json, FaasfedProperties properties) {
        return new RedisApiKeyStore(redis.connection().reactive(), json, properties.getRedis().getKeyPrefix());
    }

    /**
     * The keys: the operator's from configuration (refusing to start without one), the
     * optional scrape credential, and the store's.
     */
    @Bean
    ApiKeyService apiKeyService(ApiKeyStore store, Tenants tenants, SecurityProperties properties) {
        ApiKeyToken admin = configuredKey("admin-key", properties.getAdminKey(), properties.getAdminKeyFile());
        if (admin == null) {
            throw new IllegalStateException("No admin credential: the gateway does not start without one. Set "
                        + "FAASFED_SECURITY_ADMIN_KEY (or faasfed.security.admin-key, or "
                        + "faasfed.security.admin-key-file) to a key of the form ffk_<id>_<secret>, e.g. generate "
                        + "one with: echo \"ffk_admin_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')\"");
        }
        ApiKeyToken scrape = configuredKey("metrics-key", properties.getMetricsKey(),
                properties.getMetricsKeyFile());
        return new ApiKeyService(store, tenants, admin, scrape, Clock.systemUTC());
    }

    /** JWT bearer tokens, when a JWK set URL is configured. */
    @Bean
    @ConditionalOnProperty(prefix = SecurityProperties.PREFIX + ".jwt", name = "jwk-set-uri")
    ReactiveJwtDecoder faasfedJwtDecoder(SecurityProperties properties) {
        SecurityProperties.Jwt jwt = properties.getJwt();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.getJwkSetUri().toString())
                .build();
        OAuth2TokenValidator<Jwt> base = jwt.getIssuer() == null ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(jwt.getIssuer());
        if (jwt.getAudience() != null) {
            base = new DelegatingOAuth2TokenValidator<>(base, new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    audience -> audience != null && audience.contains(jwt.getAudience())));
        }
        decoder.setJwtValidator(base);
        return decoder;
    }

    /** Credentials a browser attached on another site's behalf are refused before anything else. */
    @Bean
    CrossSiteRequestFilter crossSiteRequestFilter(ProblemWebExceptionHandler problems) {
        return new CrossSiteRequestFilter(problems);
    }

    /** Who may invoke what. */
    @Bean
    InvocationAuthorization invocationAuthorization(FederatedNamespace namespace, Tenants tenants,
                                                    FaasfedProperties properties) {
        return new InvocationAuthorization(namespace, tenants, "/function/",
                properties.getCompat().getDefaultNamespace());
    }

    /**
     * What a request Spring Security's firewall refuses (a path with {@code ;}, an encoded slash or dot, {@code //}
     * or {@code /./}) answers: 400 with a problem document rather than an empty 400.
     */
    @Bean
    ServerExchangeRejectedHandler faasfedRejectedRequests(ProblemWebExceptionHandler problemHandler) {
        return new ProblemResponses(problemHandler);
    }

    /** The rules. */
    @Bean
    SecurityWebFilterChain faasfedSecurity(ServerHttpSecurity http, ApiKeyService keys, Tenants tenants,
                                           ObjectProvider<ReactiveJwtDecoder> jwt, SecurityProperties properties,
                                           InvocationAuthorization invocation,
                                           ProblemWebExceptionHandler problemHandler) {
        ProblemResponses problems = new ProblemResponses(problemHandler);
        CallerAuthenticationManager manager = new CallerAuthenticationManager(keys, tenants, jwt.getIfAvailable(),
                properties.getJwt());
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(manager);
        authentication.setServerAuthenticationConverter(manager);
        authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(problems));
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        String operator = tenants.operatorTenant();
        ReactiveAuthorizationManager<AuthorizationContext> scrape = (auth, context) -> auth
                .map(given -> (AuthorizationResult) new AuthorizationDecision(given.getAuthorities().stream().anyMatch(granted -> {
                    String name = granted.getAuthority();
                    return name.equals(ApiKeyService.SCRAPE_AUTHORITY) || name.equals(Role.ADMIN.authority())
                            || (name.equals(Role.VIEW.authority()) && operator.equals(Callers.of(given).tenant()));
                }))).defaultIfEmpty(new AuthorizationDecision(false));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.disable())
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeExchange(exchanges -> exchanges
                        .matchers(read("/healthz", "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness")).permitAll()
                        .matchers(read("/swagger-ui.html", "/swagger-ui/**", "/webjars/swagger-ui/**")).permitAll()
                        .pathMatchers("/function/**").access(invocation)
                        .pathMatchers("/async-function/**").hasAuthority(Role.INVOKE.authority())
                        .matchers(read("/system/functions", "/system/function/*", "/system/info",
                                "/system/namespaces", "/system/namespace/*", "/system/logs", "/system/secrets"))
                        .hasAuthority(Role.VIEW.authority())
                        .pathMatchers(HttpMethod.POST, "/system/functions", "/system/scale-function/*",
                                "/system/secrets").hasAuthority(Role.DEPLOY.authority())
                        .pathMatchers(HttpMethod.PUT, "/system/functions", "/system/secrets")
                        .hasAuthority(Role.DEPLOY.authority())
                        .pathMatchers(HttpMethod.DELETE, "/system/functions", "/system/secrets")
                        .hasAuthority(Role.DEPLOY.authority())
                        .pathMatchers(HttpMethod.POST, "/system/alert").hasAuthority(Role.ADMIN.authority())
                        .matchers(read("/federation/v1/platforms", "/federation/v1/functions",
                                "/federation/v1/functions/*")).hasAuthority(Role.VIEW.authority())
                        .pathMatchers(HttpMethod.PUT, "/federation/v1/functions/*")
                        .hasAuthority(Role.DEPLOY.authority())
                        .pathMatchers(HttpMethod.DELETE, "/federation/v1/functions/*")
                        .hasAuthority(Role.DEPLOY.authority())
                        .matchers(read("/federation/v1/compositions", "/federation/v1/compositions/*"))
                        .hasAuthority(Role.VIEW.authority())
                        .pathMatchers(HttpMethod.PUT, "/federation/v1/compositions/*")
                        .hasAuthority(Role.DEPLOY.authority())
                        .pathMatchers(HttpMethod.DELETE, "/federation/v1/compositions/*")
                        .hasAuthority(Role.DEPLOY.authority())
                        .matchers(read("/federation/v1/calls/*", "/federation/v1/calls/*/tree",
                                "/federation/v1/dead-letters",
                                "/federation/v1/dead-letters/*"))
                        .hasAnyAuthority(Role.VIEW.authority(), Role.INVOKE.authority())
                        .pathMatchers(HttpMethod.POST, "/federation/v1/dead-letters/*/replay")
                        .hasAuthority(Role.INVOKE.authority())
                        .matchers(read("/federation/v1/async")).access(scrape)
                        .pathMatchers("/federation/v1/keys", "/federation/v1/keys/**", "/federation/v1/audit",
                                "/federation/v1/alerts").hasAuthority(Role.ADMIN.authority())
                        .matchers(read("/actuator/prometheus")).access(scrape)
                        .pathMatchers("/actuator/**").hasAuthority(Role.ADMIN.authority())
                        .matchers(read("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml"))
                        .hasAuthority(Role.VIEW.authority())
                        .anyExchange().denyAll())
                .build();
    }

    /** GET and HEAD of {@code patterns}. */
    private static ServerWebExchangeMatcher read(String... patterns) {
        return new OrServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, patterns),
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.HEAD, patterns));
    }

    private static ApiKeyToken configuredKey(String property, String value, Path file) {
        String name = SecurityProperties.PREFIX + "." + property;
        if (value != null && file != null) {
            throw new IllegalStateException(name + " and " + name + "-file are both set (expected: one of them)");
        }
        String text = value;
        if (file != null) {
            try {
                text = Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalStateException(name + "-file: " + file + " cannot be read (" + e.getClass()
                        .getSimpleName() + ")");
            }
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        ApiKeyToken token = ApiKeyToken.parse(text.trim());
        if (token == null) {
            throw new IllegalStateException(name + ": not a key (expected: ffk_<id>_<secret>, the id 1-32 lower-case "
                    + "letters and digits, the secret at least " + ApiKeyToken.MIN_SECRET_LENGTH + " printable "
                    + "characters)");
        }
        log.info("{}: key '{}' configured", name, token.id());
        return token;
    }
}
