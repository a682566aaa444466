package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.openfaas.OpenFaasProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one emulator is started. Build it with {@link #builder()}; every field has a default.
 *
 * @param port the loopback port to bind, {@code 0} for a free one (default {@code 0})
 * @param credentials the Basic-auth credentials the emulator demands where its platform does (OpenFaaS
 *     {@code admin}/password, OpenWhisk {@code uuid:key}); ignored by Fn, which has no auth (default: the sandbox
 *     constants of {@link SandboxPlatforms} for the platform)
 * @param gatewayUrl the federation gateway's URL, handed to every function as env {@code FAASFED_GATEWAY_URL};
 *     {@code null} to leave it out (default {@code null})
 * @param namespace the platform's default namespace (OpenFaaS {@code openfaas-fn}, OpenWhisk {@code guest}); {@code null}
 *     for the platform's own default; ignored by Fn
 * @param blockingWait how long a blocking OpenWhisk invoke or web action waits before answering 202 (default 60 s, the
 *     controller's)
 * @param functionTimeout the timeout of a function that sets none; {@code null} for the platform's default (OpenFaaS
 *     gateway upstream timeout 60 s, OpenWhisk {@code limits.timeout} 60 000 ms, Fn {@code timeout} 30 s)
 * @param maxOutputBytes the most a function may print on stdout (and, separately, stderr) before it is killed and the
 *     call fails (default 10 MiB)
 * @param maxRequestBytes the largest request body accepted, answered 413 above (default 10 MiB)
 * @param catalog the sandbox catalog that maps images to commands (default {@link SandboxCatalog#defaults()})
 * @param fnApiOnly whether the Fn emulator runs as an API-only node ({@code FN_NODE_TYPE=api}): the management API
 *     works, {@code /invoke/…} and {@code /t/…} answer 404 {@code Path not found}; ignored by the others (default
 *     {@code false}, a full node)
 * @param openFaasProvider whose answers the OpenFaaS emulator gives: faas-netes's 202s or faasd's 200s (default
 *     {@link OpenFaasProvider#FAAS_NETES}); ignored by the other emulators
 * @param openWhiskNamespaces further OpenWhisk namespaces, each owned by its own {@code uuid:key} (a key reaches only
 *     its own namespace, as on the controller); ignored by the others (default: none)
 * @param host the address to bind (default {@value EmulatorServer#HOST}; a container on a network binds
 *     {@code 0.0.0.0})
 * @param containers container mode: functions run as containers through the Engine API; null for process mode, the
 *     sandbox default (default null)
 * @param apiHost the URL functions reach the emulator's API at (OpenWhisk's {@code __OW_API_HOST}); null for the
 *     emulator's own {@code http://127.0.0.1:<port>} (default null); ignored by the others
 */
public record EmulatorOptions(
        int port,
        Credentials credentials,
        String gatewayUrl,
        String namespace,
        Duration blockingWait,
        Duration functionTimeout,
        int maxOutputBytes,
        int maxRequestBytes,
        SandboxCatalog catalog,
        boolean fnApiOnly,
        OpenFaasProvider openFaasProvider,
        Map<String, Credentials> openWhiskNamespaces,
        String host,
        io.faasfed.emulator.container.ContainerMode containers,
        String apiHost) {

    /** 10 MiB. */
    public static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

    public EmulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        requireNonNull(blockingWait, "blockingWait");
        if (blockingWait.isNegative() || blockingWait.isZero()) {
            throw new IllegalArgumentException("blockingWait: " + blockingWait + " (expected: > 0)");
        }
        if (functionTimeout != null && (functionTimeout.isNegative() || functionTimeout.isZero())) {
            throw new IllegalArgumentException("functionTimeout: " + functionTimeout + " (expected: > 0)");
        }
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes: " + maxOutputBytes + " (expected: > 0)");
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes: " + maxRequestBytes + " (expected: > 0)");
        }
        requireNonNull(catalog, "catalog");
        requireNonNull(openFaasProvider, "openFaasProvider");
        openWhiskNamespaces = openWhiskNamespaces == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(openWhiskNamespaces));
        host = host == null || host.isBlank() ? EmulatorServer.HOST : host;
        apiHost = apiHost == null || apiHost.isBlank() ? null : apiHost;
        if (gatewayUrl != null && gatewayUrl.endsWith("/")) {
            gatewayUrl = gatewayUrl.substring(0, gatewayUrl.length() - 1);
        }
    }

    /** Options with every default. */
    public static EmulatorOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().port(port).credentials(credentials).gatewayUrl(gatewayUrl).namespace(namespace)
                .blockingWait(blockingWait).functionTimeout(functionTimeout).maxOutputBytes(maxOutputBytes)
                .maxRequestBytes(maxRequestBytes).catalog(catalog).fnApiOnly(fnApiOnly)
                .openFaasProvider(openFaasProvider).openWhiskNamespaces(openWhiskNamespaces).host(host)
                .containers(containers).apiHost(apiHost);
    }

    /** The credentials, or {@code fallback} when none were given. */
    public Credentials credentialsOr(Credentials fallback) {
        return credentials != null ? credentials : fallback;
    }

    /** Whether functions run as containers. */
    public boolean containerMode() {
        return containers != null;
    }

    /** The function timeout, if one was given. */
    public Optional<Duration> functionTimeoutOverride() {
        return Optional.ofNullable(functionTimeout);
    }

    /** Builds {@link EmulatorOptions}. */
    public static final class Builder {

        private int port;
        private Credentials credentials;
        private String gatewayUrl;
        private String namespace;
        private Duration blockingWait = Duration.ofSeconds(60);
        private Duration functionTimeout;
        private int maxOutputBytes = DEFAULT_MAX_BYTES;
        private int maxRequestBytes = DEFAULT_MAX_BYTES;
        private SandboxCatalog catalog;
        private boolean fnApiOnly;
        private OpenFaasProvider openFaasProvider = OpenFaasProvider.FAAS_NETES;
        private Map<String, Credentials> openWhiskNamespaces = new LinkedHashMap<>();
        private String host;
        private io.faasfed.emulator.container.ContainerMode containers;
        private String apiHost;

        private Builder() {
        }

        /** The port to bind, {@code 0} for a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The Basic-auth credentials. */
        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** The federation gateway's URL that functions get as {@code FAASFED_GATEWAY_URL}. */
        public Builder gatewayUrl(String gatewayUrl) {
            this.gatewayUrl = gatewayUrl;
            return this;
        }

        /** The platform's default namespace. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** How long a blocking OpenWhisk call waits before answering 202. */
        public Builder blockingWait(Duration blockingWait) {
            this.blockingWait = blockingWait;
            return this;
        }

        /** The timeout of functions that set none. */
        public Builder functionTimeout(Duration functionTimeout) {
            this.functionTimeout = functionTimeout;
            return this;
        }

        /** The cap on a function's stdout and stderr. */
        public Builder maxOutputBytes(int maxOutputBytes) {
            this.maxOutputBytes = maxOutputBytes;
            return this;
        }

        /** The cap on request bodies. */
        public Builder maxRequestBytes(int maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /** The sandbox catalog. */
        public Builder catalog(SandboxCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** Whether the Fn emulator runs as an API-only node ({@code FN_NODE_TYPE=api}). */
        public Builder fnApiOnly(boolean fnApiOnly) {
            this.fnApiOnly = fnApiOnly;
            return this;
        }

        /** Whose answers the OpenFaaS emulator gives. */
        public Builder openFaasProvider(OpenFaasProvider openFaasProvider) {
            this.openFaasProvider = openFaasProvider;
            return this;
        }

        /** Further OpenWhisk namespaces, each with the key that owns it. */
        public Builder openWhiskNamespaces(Map<String, Credentials> openWhiskNamespaces) {
            this.openWhiskNamespaces = new LinkedHashMap<>(openWhiskNamespaces);
            return this;
        }

        /** One further OpenWhisk namespace, owned by {@code key}. */
        public Builder openWhiskNamespace(String namespace, Credentials key) {
            this.openWhiskNamespaces.put(requireNonNull(namespace, "namespace"), requireNonNull(key, "key"));
            return this;
        }

        /** The address to bind ({@code 0.0.0.0} in a container). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Container mode; null for process mode. */
        public Builder containers(io.faasfed.emulator.container.ContainerMode containers) {
            this.containers = containers;
            return this;
        }

        /** The URL functions reach the emulator's API at (OpenWhisk's {@code __OW_API_HOST}). */
        public Builder apiHost(String apiHost) {
            this.apiHost = apiHost;
            return this;
        }

        /** The options. */
        public EmulatorOptions build() {
            return new EmulatorOptions(port, credentials, gatewayUrl, namespace, blockingWait, functionTimeout,
                    maxOutputBytes, maxRequestBytes, catalog != null ? catalog : SandboxCatalog.defaults(), fnApiOnly,
                    openFaasProvider, openWhiskNamespaces, host, containers, apiHost);
        }
    }
}
