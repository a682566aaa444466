package io.faasfed.adapter.openwhisk;

import io.faasfed.adapter.http.HttpPlatformProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.validation.annotation.Validated;

/**
 * The configuration of one OpenWhisk platform instance, bound from {@code faasfed.platforms.<id>.*} for every
 * instance whose {@code type} is {@code openwhisk}. Every property has a default except the key
 * ({@code username}/{@code password}), which the controller always requires.
 *
 * <p>The connection properties come from {@link HttpPlatformProperties}: here {@code url} is the controller's root
 * URL, the API being below {@code /api/v1} (default {@code http://localhost:3233}); {@code username} and
 * {@code password} (or {@code password-file}) are the key's uuid and secret, the parts of
 * {@code wsk property get --auth} before and after the ':'; {@code read-timeout} is also the longest synchronous
 * invocation and defaults to 70 s, above the controller's blocking wait (60 s), after which a blocking call answers
 * 202 and the adapter polls the activation.
 *
 * <p>{@code namespaces} names tenant namespaces, each with its own key: a function whose scope is such a namespace
 * lives in it and is managed and called with that key, never with the platform's own one.
 */
@Validated
public final class OpenWhiskPlatformProperties extends HttpPlatformProperties {

    /** The namespace the functions live in; {@code _} is the key's default namespace. */
    @NotBlank
    private String namespace = "_";

    /** How many actions one list request asks for (the controller allows at most 200). */
    @Min(1)
    @Max(200)
    private int pageSize = 200;

    /** The smallest action memory limit the controller accepts, in MB. */
    @Min(1)
    private int memoryMin = 128;

    /** The largest action memory limit the controller accepts, in MB. */
    @Min(1)
    private int memoryMax = 512;

    /** The memory limit deployed when a function sets none, in MB. */
    @Min(1)
    private int memoryDefault = 256;

    /** The shortest action timeout the controller accepts. */
    @NotNull
    private Duration timeoutMin = Duration.ofMillis(100);

    /** The longest action timeout the controller accepts. */
    @NotNull
    private Duration timeoutMax = Duration.ofMinutes(5);

    /** The action timeout deployed when a function sets none. */
    @NotNull
    private Duration timeoutDefault = Duration.ofSeconds(60);

    /** The highest intra-container concurrency the controller accepts (1 unless the operator raised it). */
    @Min(1)
    private int concurrencyMax = 1;

    /** The first wait before polling an activation whose blocking call answered 202; it doubles per poll. */
    @NotNull
    private Duration pollInitialDelay = Duration.ofMillis(100);

    /** The longest wait between two polls of an activation. */
    @NotNull
    private Duration pollMaxDelay = Duration.ofSeconds(2);

    /** How long past the action's own timeout an activation is polled before the call times out. */
    @NotNull
    private Duration pollMargin = Duration.ofSeconds(10);

    /**
     * The largest argument document (the request body as the action's parameters) sent to the controller, in bytes;
     * OpenWhisk's own payload limit is 1 MB by default. A larger call is refused with 413 as soon as it passes this,
     * instead of the controller cutting the upload (which reaches the caller as a broken connection).
     */
    private long maxPayloadBytes = 1024L * 1024L;

    /**
     * How long what invocation needs to know about an action (web action or not, its timeout) is remembered;
     * {@code 0} reads the action before every call.
     */
    @NotNull
    private Duration actionCacheTtl = Duration.ofSeconds(30);

    /**
     * Tenant namespaces, each with its own key ({@code namespaces.<ns>.auth} or {@code namespaces.<ns>.auth-file}):
     * a scope equal to one of these names means that namespace, reached with that key; any other scope is a package
     * in {@code namespace}. Names with '.', '@' or spaces are written {@code namespaces[team.a]}.
     */
    private Map<String, Namespace> namespaces = new LinkedHashMap<>();

    /** Properties with the defaults of an open-source controller on {@code http://localhost:3233}. */
    public OpenWhiskPlatformProperties() {
        super(URI.create("http://localhost:3233"), Duration.ofSeconds(70));
    }

    /** The namespace. */
    public String getNamespace() {
        return namespace;
    }

    /** Sets the namespace. */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /** The list page size. */
    public int getPageSize() {
        return pageSize;
    }

    /** Sets the list page size. */
    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    /** The smallest memory limit, in MB. */
    public int getMemoryMin() {
        return memoryMin;
    }

    /** Sets the smallest memory limit, in MB. */
    public void setMemoryMin(int memoryMin) {
        this.memoryMin = memoryMin;
    }

    /** The largest memory limit, in MB. */
    public int getMemoryMax() {
        return memoryMax;
    }

    /** Sets the largest memory limit, in MB. */
    public void setMemoryMax(int memoryMax) {
        this.memoryMax = memoryMax;
    }

    /** The default memory limit, in MB. */
    public int getMemoryDefault() {
        return memoryDefault;
    }

    /** Sets the default memory limit, in MB. */
    public void setMemoryDefault(int memoryDefault) {
        this.memoryDefault = memoryDefault;
    }

    /** The shortest action timeout. */
    public Duration getTimeoutMin() {
        return timeoutMin;
    }

    /** Sets the shortest action timeout. */
    public void setTimeoutMin(Duration timeoutMin) {
        this.timeoutMin = timeoutMin;
    }

    /** The longest action timeout. */
    public Duration getTimeoutMax() {
        return timeoutMax;
    }

    /** Sets the longest action timeout. */
    public void setTimeoutMax(Duration timeoutMax) {
        this.timeoutMax = timeoutMax;
    }

    /** The default action timeout. */
    public Duration getTimeoutDefault() {
        return timeoutDefault;
    }

    /** Sets the default action timeout. */
    public void setTimeoutDefault(Duration timeoutDefault) {
        this.timeoutDefault = timeoutDefault;
    }

    /** The highest intra-container concurrency. */
    public int getConcurrencyMax() {
        return concurrencyMax;
    }

    /** Sets the highest intra-container concurrency. */
    public void setConcurrencyMax(int concurrencyMax) {
        this.concurrencyMax = concurrencyMax;
    }

    /** The first wait between activation polls. */
    public Duration getPollInitialDelay() {
        return pollInitialDelay;
    }

    /** Sets the first wait between activation polls. */
    public void setPollInitialDelay(Duration pollInitialDelay) {
        this.pollInitialDelay = pollInitialDelay;
    }

    /** The longest wait between activation polls. */
    public Duration getPollMaxDelay() {
        return pollMaxDelay;
    }

    /** Sets the longest wait between activation polls. */
    public void setPollMaxDelay(Duration pollMaxDelay) {
        this.pollMaxDelay = pollMaxDelay;
    }

    /** The largest argument document sent to the controller, in bytes. */
    public long getMaxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Sets the largest argument document sent to the controller, in bytes. */
    public void setMaxPayloadBytes(long maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The polling margin past the action's timeout. */
    public Duration getPollMargin() {
        return pollMargin;
    }

    /** Sets the polling margin past the action's timeout. */
    public void setPollMargin(Duration pollMargin) {
        this.pollMargin = pollMargin;
    }

    /** How long action lookups are remembered. */
    public Duration getActionCacheTtl() {
        return actionCacheTtl;
    }

    /** Sets how long action lookups are remembered. */
    public void setActionCacheTtl(Duration actionCacheTtl) {
        this.actionCacheTtl = actionCacheTtl;
    }

    /** The tenant namespaces, by name. */
    public Map<String, Namespace> getNamespaces() {
        return namespaces;
    }

    /** Sets the tenant namespaces. */
    public void setNamespaces(Map<String, Namespace> namespaces) {
        this.namespaces = namespaces == null ? new LinkedHashMap<>() : new LinkedHashMap<>(namespaces);
    }

    /**
     * One tenant namespace's key, as {@code wsk property get --auth} prints it ({@code uuid:secret}), inline or in a
     * file. Its {@link #toString()} never shows the key.
     */
    public static final class Namespace {

        /** The namespace's key, {@code uuid:secret}; set either this or {@code auth-file}. */
        private String auth;

        /**
         * A file holding the namespace's key ({@code uuid:secret}), such as a Docker or Kubernetes secret mount; read
         * once at start-up, trailing newline removed.
         */
        private Path authFile;

        /** The inline key, or null. */
        public String getAuth() {
            return auth;
        }

        /** Sets the inline key. */
        public void setAuth(String auth) {
            this.auth = auth;
        }

        /** The file holding the key, or null. */
        public Path getAuthFile() {
            return authFile;
        }

        /** Sets the file holding the key. */
        public void setAuthFile(Path authFile) {
            this.authFile = authFile;
        }

        @Override
        public String toString() {
            return "Namespace[auth=" + (auth == null ? "null" : "****") + ", authFile=" + authFile + "]";
        }
    }
}
