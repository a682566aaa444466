package io.faasfed.adapter.fn;

import io.faasfed.adapter.http.HttpPlatformProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.validation.annotation.Validated;

/**
 * The configuration of one Fn server instance: the gateway binds {@code faasfed.platforms.<id>.*} onto it for every
 * platform whose {@code type} is {@code fn}. Every property has a default except the credentials, which open-source
 * Fn does not need (they are for a proxy in front of it).
 *
 * <p>The connection properties come from {@link HttpPlatformProperties}: here {@code url} is the Fn server's base
 * URL, serving both its API and invocations (default {@code http://localhost:8080}); {@code username} and
 * {@code password} (or {@code password-file}) are the Basic auth of a proxy in front of Fn, both set or neither;
 * {@code read-timeout} defaults to 60 s, and since the first call of a function pulls its image it should stay
 * generous.
 */
@Validated
public final class FnPlatformProperties extends HttpPlatformProperties {

    /**
     * The Fn app that holds the federated functions; created on the first deploy when it does not exist. Letters,
     * digits, '-' and '_'.
     */
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9_-]{1,255}")
    private String app = "faasfed";

    /**
     * Further apps whose functions the federation lists and reaches, as the scope named like the app
     * ({@code /function/<name>.<app>}); functions of {@code app} itself have no scope. A deploy may name any app as
     * its scope, but only the apps listed here (and {@code app}) are kept by discovery.
     */
    private List<@Pattern(regexp = "[A-Za-z0-9_-]{1,255}") String> apps = new ArrayList<>();

    /**
     * Whether a deploy creates an HTTP trigger ({@code source: /<name>}) for the function, so that calls get full
     * HTTP semantics through {@code /t/<app>/<name>}; without one, calls go to {@code POST /invoke/<id>}.
     */
    private boolean createTriggers = true;

    /**
     * The Docker network the Fn server puts every function container on ({@code FN_DOCKER_NETWORKS}); a spec that
     * names this network is accepted, any other network is rejected because Fn cannot set one per function. Unset
     * means specs must not name a network.
     */
    private String network;

    /** How many functions or triggers to ask for per page when listing (Fn allows at most 100). */
    @Min(1)
    @Max(100)
    private int pageSize = 100;

    /** Properties with the defaults of a local Fn server on {@code http://localhost:8080}. */
    public FnPlatformProperties() {
        super(URI.create("http://localhost:8080"), Duration.ofSeconds(60));
    }

    /** The app that holds the federated functions. */
    public String getApp() {
        return app;
    }

    /** Sets the app that holds the federated functions. */
    public void setApp(String app) {
        this.app = app;
    }

    /** The further apps listing covers. */
    public List<String> getApps() {
        return apps;
    }

    /** Sets the further apps listing covers. */
    public void setApps(List<String> apps) {
        this.apps = apps == null ? new ArrayList<>() : new ArrayList<>(apps);
    }

    /** Whether deploys create HTTP triggers. */
    public boolean isCreateTriggers() {
        return createTriggers;
    }

    /** Sets whether deploys create HTTP triggers. */
    public void setCreateTriggers(boolean createTriggers) {
        this.createTriggers = createTriggers;
    }

    /** The Fn server's function network, or null. */
    public String getNetwork() {
        return network;
    }

    /** Sets the Fn server's function network. */
    public void setNetwork(String network) {
        this.network = network;
    }

    /** The page size for listings. */
    public int getPageSize() {
        return pageSize;
    }

    /** Sets the page size for listings. */
    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }
}
