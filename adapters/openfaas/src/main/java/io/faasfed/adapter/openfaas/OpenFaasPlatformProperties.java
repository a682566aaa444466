package io.faasfed.adapter.openfaas;

import io.faasfed.adapter.http.HttpPlatformProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.validation.annotation.Validated;

/**
 * The configuration of one OpenFaaS platform instance, bound from {@code faasfed.platforms.<id>.*} for every
 * instance whose {@code type} is {@code openfaas}. Bound configuration only: {@link OpenFaasPlatformFactory}
 * validates it and builds the immutable {@link OpenFaasPlatform} from it.
 *
 * <p>The connection properties come from {@link HttpPlatformProperties}: here {@code url} is the OpenFaaS gateway
 * (default {@code http://127.0.0.1:8080}) and the credentials are its Basic auth for {@code /system/*}: user
 * {@code admin} by default, sent only with a password; leave the password unset when the gateway has auth off.
 */
@Validated
public final class OpenFaasPlatformProperties extends HttpPlatformProperties {

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

    /** Properties with OpenFaaS's defaults: a gateway at {@code http://127.0.0.1:8080}, Basic auth user admin. */
    public OpenFaasPlatformProperties() {
        super(URI.create("http://127.0.0.1:8080"), Duration.ofSeconds(60));
        setUsername("admin");
    }

    /** The provider behind an OpenFaaS gateway, as far as the units of its limits and its networking go. */
    public enum Provider {
        /** faas-swarm on Docker Swarm: memory like {@code 128m}, CPU as integer nano-CPUs, per-function network. */
        SWARM,
        /** faas-netes on Kubernetes: memory like {@code 128Mi}, CPU in millicores ({@code 500m}). */
        KUBERNETES,
        /** faasd on containerd: Kubernetes-style quantities, functions on faasd's own CNI bridge. */
        FAASD
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
