package io.faasfed.adapter.openfaas;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.validation.annotation.Validated;

/**
 * The configuration of one OpenFaaS platform instance, bound from {@code faasfed.platforms.<id>.*} for every
 * instance whose {@code type} is {@code openfaas}. Bound configuration only: {@link OpenFaasPlatformFactory}
 * validates it and builds the immutable {@link OpenFaasPlatform} from it.
 */
@Validated
public class OpenFaasPlatformProperties {

    /** The prefix under which platform instances are configured, one map entry per instance id. */
    public static final String PREFIX = "faasfed.platforms";

    /** The OpenFaaS gateway's base URL. */
    @NotNull
    private URI url = URI.create("http://127.0.0.1:8080");

    /** The Basic auth user for {@code /system/*}; only sent when a password (or password file) is set. */
    @NotBlank
    private String username = "admin";

    /** The Basic auth password for {@code /system/*}; leave unset when the gateway has auth turned off. */
    private String password;

    /**
     * A file holding the Basic auth password, such as the Docker secret {@code /run/secrets/basic-auth-password};
     * read once at start-up, trailing newline removed. Set either this or {@code password}.
     */
    private Path passwordFile;

    /** How long to wait for a TCP connection to the gateway. */
    @NotNull
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** How long to wait for an answer: management calls, and invocations that carry no timeout of their own. */
    @NotNull
    private Duration readTimeout = Duration.ofSeconds(60);

    /** The size of this gateway's connection pool. */
    @Positive
    private int maxConnections = 500;

    /**
     * The namespace functions are deployed to, read from and invoked in when the spec or the call names none;
     * unset means the provider's default ({@code openfaas-fn} on faas-netes and faasd; faas-swarm has none).
     */
    @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
    private String namespace;

    /**
     * Whether {@code list} covers every namespace the gateway reports ({@code GET /system/namespaces}) instead of
     * only {@code namespace}.
     */
    private boolean allNamespaces;

    /**
     * Which provider runs behind the gateway; it decides the units of memory and CPU limits
     * ({@code swarm}: {@code 128m} and nano-CPUs; {@code kubernetes} and {@code faasd}: {@code 128Mi} and
     * millicores) and whether a per-function network is honoured (Swarm only).
     */
    @NotNull
    private Provider provider = Provider.SWARM;

    /**
     * The Docker network sent as {@code network} on every deploy and update whose spec names none. faas-swarm
     * otherwise re-picks the first network labelled {@code openfaas=true} on each update.
     */
    @Pattern(regexp = "\\S+")
    private String network;

    /** Whether deploy waits until the function has at least one available replica before it completes. */
    private boolean waitForReady;

    /** How long deploy waits for readiness when {@code wait-for-ready} is on. */
    @NotNull
    private Duration readyTimeout = Duration.ofMinutes(2);

    /** How often deploy polls the function's status while it waits for readiness. */
    @NotNull
    private Duration readyPollInterval = Duration.ofSeconds(1);

    /**
     * Whether the gateway has asynchronous invocation ({@code /async-function/}, which needs NATS and the
     * queue-worker); when off, {@code invokeAsync} answers "unsupported" and the gateway runs such calls itself.
     */
    private boolean asyncInvoke = true;

    /** The provider behind an OpenFaaS gateway, as far as the units of its limits and its networking go. */
    public enum Provider {
        /** faas-swarm on Docker Swarm: memory like {@code 128m}, CPU as integer nano-CPUs, per-function network. */
        SWARM,
        /** faas-netes on Kubernetes: memory like {@code 128Mi}, CPU in millicores ({@code 500m}). */
        KUBERNETES,
        /** faasd on containerd: Kubernetes-style quantities, functions on faasd's own CNI bridge. */
        FAASD
    }

    /** See {@link #url}. */
    public URI getUrl() {
        return url;
    }

    /** See {@link #url}. */
    public void setUrl(URI url) {
        this.url = url;
    }

    /** See {@link #username}. */
    public String getUsername() {
        return username;
    }

    /** See {@link #username}. */
    public void setUsername(String username) {
        this.username = username;
    }

    /** See {@link #password}. */
    public String getPassword() {
        return password;
    }

    /** See {@link #password}. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** See {@link #passwordFile}. */
    public Path getPasswordFile() {
        return passwordFile;
    }

    /** See {@link #passwordFile}. */
    public void setPasswordFile(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    /** See {@link #connectTimeout}. */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** See {@link #connectTimeout}. */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** See {@link #readTimeout}. */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** See {@link #readTimeout}. */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** See {@link #maxConnections}. */
    public int getMaxConnections() {
        return maxConnections;
    }

    /** See {@link #maxConnections}. */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** See {@link #namespace}. */
    public String getNamespace() {
        return namespace;
    }

    /** See {@link #namespace}. */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /** See {@link #allNamespaces}. */
    public boolean isAllNamespaces() {
        return allNamespaces;
    }

    /** See {@link #allNamespaces}. */
    public void setAllNamespaces(boolean allNamespaces) {
        this.allNamespaces = allNamespaces;
    }

    /** See {@link #provider}. */
    public Provider getProvider() {
        return provider;
    }

    /** See {@link #provider}. */
    public void setProvider(Provider provider) {
        this.provider = provider;
    }

    /** See {@link #network}. */
    public String getNetwork() {
        return network;
    }

    /** See {@link #network}. */
    public void setNetwork(String network) {
        this.network = network;
    }

    /** See {@link #waitForReady}. */
    public boolean isWaitForReady() {
        return waitForReady;
    }

    /** See {@link #waitForReady}. */
    public void setWaitForReady(boolean waitForReady) {
        this.waitForReady = waitForReady;
    }

    /** See {@link #readyTimeout}. */
    public Duration getReadyTimeout() {
        return readyTimeout;
    }

    /** See {@link #readyTimeout}. */
    public void setReadyTimeout(Duration readyTimeout) {
        this.readyTimeout = readyTimeout;
    }

    /** See {@link #readyPollInterval}. */
    public Duration getReadyPollInterval() {
        return readyPollInterval;
    }

    /** See {@link #readyPollInterval}. */
    public void setReadyPollInterval(Duration readyPollInterval) {
        this.readyPollInterval = readyPollInterval;
    }

    /** See {@link #asyncInvoke}. */
    public boolean isAsyncInvoke() {
        return asyncInvoke;
    }

    /** See {@link #asyncInvoke}. */
    public void setAsyncInvoke(boolean asyncInvoke) {
        this.asyncInvoke = asyncInvoke;
    }
}
