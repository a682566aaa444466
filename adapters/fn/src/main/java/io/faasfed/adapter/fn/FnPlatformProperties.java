package io.faasfed.adapter.fn;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.validation.annotation.Validated;

/**
 * The configuration of one Fn server instance: the gateway binds {@code faasfed.platforms.<id>.*} onto it for every
 * platform whose {@code type} is {@code fn}. Every property has a default except the credentials, which open-source
 * Fn does not need (they are for a proxy in front of it).
 */
@Validated
public class FnPlatformProperties {

    /** The prefix under which platform instances are configured, each under its own id. */
    public static final String PREFIX = "faasfed.platforms";

    /** The Fn server's base URL (its API and invocation listener), e.g. {@code http://fnserver:8080}. */
    @NotNull
    private URI url = URI.create("http://localhost:8080");

    /**
     * The Fn app that holds the federated functions; created on the first deploy when it does not exist. Letters,
     * digits, '-' and '_'.
     */
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9_-]{1,255}")
    private String app = "faasfed";

    /** The Basic auth user of a proxy in front of Fn (open-source Fn has no authentication); unset for none. */
    private String username;

    /** The Basic auth password that goes with {@code username}; prefer {@code password-file}. */
    private String password;

    /** A file holding the password (a Docker or Kubernetes secret mount); read once at start-up. */
    private Path passwordFile;

    /** How long to wait for a TCP connection to the Fn server. */
    @NotNull
    private Duration connectTimeout = Duration.ofSeconds(5);

    /**
     * How long to wait for an answer: management calls, and invocations that carry no timeout of their own. The
     * first call of a function pulls its image, so keep it generous.
     */
    @NotNull
    private Duration readTimeout = Duration.ofSeconds(60);

    /** The size of the connection pool to the Fn server. */
    @Min(1)
    private int maxConnections = 500;

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

    /** The Fn server's base URL. */
    public URI getUrl() {
        return url;
    }

    /** Sets the Fn server's base URL. */
    public void setUrl(URI url) {
        this.url = url;
    }

    /** The app that holds the federated functions. */
    public String getApp() {
        return app;
    }

    /** Sets the app that holds the federated functions. */
    public void setApp(String app) {
        this.app = app;
    }

    /** The Basic auth user, or null. */
    public String getUsername() {
        return username;
    }

    /** Sets the Basic auth user. */
    public void setUsername(String username) {
        this.username = username;
    }

    /** The inline Basic auth password, or null. */
    public String getPassword() {
        return password;
    }

    /** Sets the inline Basic auth password. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** The file holding the Basic auth password, or null. */
    public Path getPasswordFile() {
        return passwordFile;
    }

    /** Sets the file holding the Basic auth password. */
    public void setPasswordFile(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    /** The connect timeout. */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** Sets the connect timeout. */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** The read timeout. */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** Sets the read timeout. */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** The connection pool size. */
    public int getMaxConnections() {
        return maxConnections;
    }

    /** Sets the connection pool size. */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
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
