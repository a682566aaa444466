package io.faasfed.gateway.config;

import io.faasfed.gateway.ratelimit.StoreFailurePolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the gateway, under {@value #PREFIX}. Platform instances are configured under
 * {@code faasfed.platforms.<id>}: the common keys are bound here, the adapter-specific ones by the adapter's own
 * properties class.
 */
@Validated
@ConfigurationProperties(FaasfedProperties.PREFIX)
public class FaasfedProperties {

    /** The prefix of every gateway setting. */
    public static final String PREFIX = "faasfed";

    /** Which store holds the registry (and later the queue, call log and rate limits). */
    @NotNull
    private StoreType store = StoreType.MEMORY;

    /** The Redis used when {@code store=redis}. */
    @Valid
    private Redis redis = new Redis();

    /** The configured platform instances, by id (lowercase letters, digits and '-'). */
    @Valid
    private Map<@Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
            message = "platform ids are lowercase letters, digits and '-'") String, PlatformDefinition> platforms =
            new LinkedHashMap<>();

    /** The platform a deploy goes to when it names none (label or annotation faasfed.platform); null: the first. */
    private String defaultPlatform;

    /** Discovery of functions deployed on the platforms directly. */
    @Valid
    private Discovery discovery = new Discovery();

    /** Invocation through /function and /async-function. */
    @Valid
    private Invoke invoke = new Invoke();

    /** The OpenFaaS-compatible management API (/system/*). */
    @Valid
    private Compat compat = new Compat();

    /** Limits on incoming connections and requests. */
    @Valid
    private Server server = new Server();

    /** The audit log of writes (deploy, update, delete, scale, key changes). */
    @Valid
    private Audit audit = new Audit();

    /** Limits on the JSON documents the gateway reads (management API bodies, its own stored records). */
    @Valid
    private Json json = new Json();

    /** The gateway's own URL as functions reach it (given to functions as FAASFED_GATEWAY_URL); null: not given. */
    private URI publicUrl;

    /** Rate limits per key, per tenant and per anonymous client address (token buckets). */
    @Valid
    private RateLimit rateLimit = new RateLimit();

    public StoreType getStore() {
        return store;
    }

    public void setStore(StoreType store) {
        this.store = store;
    }

    public Redis getRedis() {
        return redis;
    }

    public void setRedis(Redis redis) {
        this.redis = redis;
    }

    public Map<String, PlatformDefinition> getPlatforms() {
        return platforms;
    }

    public void setPlatforms(Map<String, PlatformDefinition> platforms) {
        this.platforms = platforms;
    }

    public String getDefaultPlatform() {
        return defaultPlatform;
    }

    public void setDefaultPlatform(String defaultPlatform) {
        this.defaultPlatform = defaultPlatform;
    }

    public Discovery getDiscovery() {
        return discovery;
    }

    public void setDiscovery(Discovery discovery) {
        this.discovery = discovery;
    }

    public Invoke getInvoke() {
        return invoke;
    }

    public void setInvoke(Invoke invoke) {
        this.invoke = invoke;
    }

    public Compat getCompat() {
        return compat;
    }

    public void setCompat(Compat compat) {
        this.compat = compat;
    }

    public Server getServer() {
        return server;
    }

    public void setServer(Server server) {
        this.server = server;
    }

    public Audit getAudit() {
        return audit;
    }

    public void setAudit(Audit audit) {
        this.audit = audit;
    }

    public Json getJson() {
        return json;
    }

    public void setJson(Json json) {
        this.json = json;
    }

    public URI getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(URI publicUrl) {
        this.publicUrl = publicUrl;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(RateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** Where the gateway keeps its state. */
    public enum StoreType {
        /** In this process only: the embedded default; state is lost on restart and not shared between replicas. */
        MEMORY,
        /** In Redis (Lettuce): shared by every gateway replica. */
        REDIS
    }

    /** The Redis connection. */
    public static class Redis {
        /** The Redis URL, e.g. redis://localhost:6379 or rediss://user:pass@host:6380/0. */
        @NotBlank
        private String url = "redis://localhost:6379";

        /** The prefix of every key the gateway writes, so that several federations can share one Redis. */
        @NotBlank
        private String keyPrefix = "faasfed:";

        /**
         * How long one Redis command may take before it fails (and the registry is treated as unavailable); also how
         * long a start-up connection attempt waits.
         */
        @NotNull
        private Duration commandTimeout = Duration.ofSeconds(3);

        /** How long opening a connection to Redis may take. */
        @NotNull
        private Duration connectTimeout = Duration.ofSeconds(3);

        /** The longest pause between two reconnection attempts after Redis went away (they start fast and grow). */
        @NotNull
        private Duration reconnectMaxDelay = Duration.ofSeconds(5);

        /** The copy of the registry each gateway keeps, from which calls resolve while Redis is unavailable. */
        @Valid
        private LocalCopy localCopy = new LocalCopy();

        public String getUrl() {
            return url;
        }

        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReconnectMaxDelay() {
            return reconnectMaxDelay;
        }

        public void setReconnectMaxDelay(Duration reconnectMaxDelay) {
            this.reconnectMaxDelay = reconnectMaxDelay;
        }

        public LocalCopy getLocalCopy() {
            return localCopy;
        }

        public void setLocalCopy(LocalCopy localCopy) {
            this.localCopy = localCopy;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }

    /** The local copy of the registry kept by each gateway when the registry lives in Redis. */
    public static class LocalCopy {
        /** How often the whole registry is re-read from Redis into the copy (and Redis pinged while it is away). */
        @NotNull
        private Duration refreshInterval = Duration.ofSeconds(15);

        /**
         * The oldest copy (time since its last complete re-read) that calls resolve from while Redis is unavailable;
         * older, they get 503 "Registry unavailable".
         */
        @NotNull
        private Duration maxStaleness = Duration.ofMinutes(5);

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }

        public Duration getMaxStaleness() {
            return maxStaleness;
        }

        public void setMaxStaleness(Duration maxStaleness) {
            this.maxStaleness = maxStaleness;
        }
    }

    /** The common settings of one platform instance; the adapter binds the rest of faasfed.platforms.&lt;id&gt;. */
    public static class PlatformDefinition {
        /** The platform type: openfaas, openwhisk or fn. */
        @NotBlank
        private String type;

        /** Whether the platform takes part in the namespace. */
        private boolean enabled = true;

        /** Collision priority: when two platforms host the same name, the lower number wins. */
        private int priority = 100;

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPriority() {
            return priority;
        }

        public void setPriority(int priority) {
            this.priority = priority;
        }
    }

    /** The audit log's settings. */
    public static class Audit {
        /**
         * How many audit records the store keeps for GET /federation/v1/audit, the oldest dropped first (in Redis the
         * stream is trimmed approximately: up to about 100 more); every record is also one line of the faasfed.audit
         * log.
         */
        @Positive
        private int maxRecords = 10_000;

        public int getMaxRecords() {
            return maxRecords;
        }

        public void setMaxRecords(int maxRecords) {
            this.maxRecords = maxRecords;
        }
    }

    /** Discovery settings. */
    public static class Discovery {
        /** How often every platform is listed. */
        @NotNull
        private Duration interval = Duration.ofSeconds(30);

        /** Whether a name that is not in the registry triggers a refresh before answering 404. */
        private boolean refreshOnMiss = true;

        /** Bounds on the platform lookups caused by names the registry does not know. */
        @Valid
        private Miss miss = new Miss();

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public boolean isRefreshOnMiss() {
            return refreshOnMiss;
        }

        public void setRefreshOnMiss(boolean refreshOnMiss) {
            this.refreshOnMiss = refreshOnMiss;
        }

        public Miss getMiss() {
            return miss;
        }

        public void setMiss(Miss miss) {
            this.miss = miss;
        }
    }

    /** How names unknown to the registry are looked up on the platforms. */
    public static class Miss {
        /**
         * How long a name that no platform had is answered from memory (404, or 503 when a platform could not be
         * asked) without asking the platforms again; 0 disables the negative cache.
         */
        @NotNull
        private Duration negativeTtl = Duration.ofSeconds(5);

        /** The most names remembered as missing; the oldest are forgotten first. */
        @Positive
        private int negativeMaxNames = 10_000;

        /** On-miss lookups (each asks every platform once) allowed per second, all names together. */
        @Positive
        private double lookupsPerSecond = 5;

        /** On-miss lookups allowed back to back before lookups-per-second applies. */
        @Positive
        private int lookupBurst = 20;

        public Duration getNegativeTtl() {
            return negativeTtl;
        }

        public void setNegativeTtl(Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
        }

        public int getNegativeMaxNames() {
            return negativeMaxNames;
        }

        public void setNegativeMaxNames(int negativeMaxNames) {
            this.negativeMaxNames = negativeMaxNames;
        }

        public double getLookupsPerSecond() {
            return lookupsPerSecond;
        }

        public void setLookupsPerSecond(double lookupsPerSecond) {
            this.lookupsPerSecond = lookupsPerSecond;
        }

        public int getLookupBurst() {
            return lookupBurst;
        }

        public void setLookupBurst(int lookupBurst) {
            this.lookupBurst = lookupBurst;
        }
    }

    /** Invocation settings. */
    public static class Invoke {
        /** The largest request body /function accepts; larger ones get 413. */
        @NotNull
        private DataSize maxBodySize = DataSize.ofMegabytes(10);

        /** How long a synchronous call may take before the gateway answers 504. */
        @NotNull
        private Duration timeout = Duration.ofSeconds(60);

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** Limits on what callers send, so that slow or unfinished requests cannot hold connections open. */
    public static class Server {
        /**
         * How long a connection may wait for a request, between requests and while a request's headers are not
         * complete; then it is closed.
         */
        @NotNull
        private Duration idleTimeout = Duration.ofSeconds(60);

        /** The longest pause while a request body arrives; then the request is cut (408) and the connection closed. */
        @NotNull
        private Duration readTimeout = Duration.ofSeconds(30);

        /**
         * How long receiving one request body may take in all, however steadily it trickles in (a body sent at
         * 1 byte/s is cut when this runs out).
         */
        @NotNull
        private Duration requestTimeout = Duration.ofMinutes(2);

        /**
         * The largest request header section (all header lines together); a request with more gets 431 and its
         * connection is closed.
         */
        @NotNull
        private DataSize maxHeaderSize = DataSize.ofKilobytes(16);

        /**
         * The longest request line (method, path with query, version); a longer one gets 414 and its connection is
         * closed.
         */
        @NotNull
        private DataSize maxInitialLineLength = DataSize.ofKilobytes(8);

        public DataSize getMaxHeaderSize() {
            return maxHeaderSize;
        }

        public void setMaxHeaderSize(DataSize maxHeaderSize) {
            this.maxHeaderSize = maxHeaderSize;
        }

        public DataSize getMaxInitialLineLength() {
            return maxInitialLineLength;
        }

        public void setMaxInitialLineLength(DataSize maxInitialLineLength) {
            this.maxInitialLineLength = maxInitialLineLength;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }
    }

    /**
     * Limits of the gateway's JSON reader ({@code StreamReadConstraints}): a document past one is refused with 400
     * before it is bound, so a deeply nested or huge body costs no stack and little memory. Bodies are also bounded
     * by {@code spring.codec.max-in-memory-size} (413 past it).
     */
    public static class Json {
        /** The deepest nesting of objects and arrays. */
        @Positive
        private int maxNestingDepth = 64;

        /** The longest string value (a function's code travels as one). */
        @NotNull
        private DataSize maxStringLength = DataSize.ofMegabytes(10);

        /** The longest document. */
        @NotNull
        private DataSize maxDocumentLength = DataSize.ofMegabytes(10);

        public int getMaxNestingDepth() {
            return maxNestingDepth;
        }

        public void setMaxNestingDepth(int maxNestingDepth) {
            this.maxNestingDepth = maxNestingDepth;
        }

        public DataSize getMaxStringLength() {
            return maxStringLength;
        }

        public void setMaxStringLength(DataSize maxStringLength) {
            this.maxStringLength = maxStringLength;
        }

        public DataSize getMaxDocumentLength() {
            return maxDocumentLength;
        }

        public void setMaxDocumentLength(DataSize maxDocumentLength) {
            this.maxDocumentLength = maxDocumentLength;
        }
    }

    /** The OpenFaaS-compatible API's settings. */
    public static class Compat {
        /** The namespace reported to faas-cli and accepted as the default scope in name.namespace. */
        @NotBlank
        private String defaultNamespace = "openfaas-fn";

        /**
         * How long GET /system/function/{name} may answer from a previous live read of the platform before asking it
         * again; 0 asks on every read. Deploys, updates, scales and deletes through the gateway drop the entry.
         */
        private Duration statusCacheTtl = Duration.ofSeconds(1);

        public String getDefaultNamespace() {
            return defaultNamespace;
        }

        public void setDefaultNamespace(String defaultNamespace) {
            this.defaultNamespace = defaultNamespace;
        }

        public Duration getStatusCacheTtl() {
            return statusCacheTtl;
        }

        public void setStatusCacheTtl(Duration statusCacheTtl) {
            if (statusCacheTtl == null || statusCacheTtl.isNegative()) {
                throw new IllegalArgumentException("faasfed.compat.status-cache-ttl: " + statusCacheTtl
                        + " (expected: >= 0, e.g. 1s; 0 reads the platform every time)");
            }
            this.statusCacheTtl = statusCacheTtl;
        }
    }

    /**
     * Rate limits: token buckets in the store ({@code faasfed.store}: in this process, or in Redis shared by every
     * replica). An authenticated request draws from its key's and its tenant's bucket of its route class (invoke,
     * deploy, admin, view); an anonymous one from its client address's bucket.
     */
    public static class RateLimit {
        /** Whether requests are rate limited at all. */
        private boolean enabled = true;

        /**
         * Each key's (or token subject's) bucket, per route class. Writes allow a burst of 200: faas-cli deploys a
         * stack as a PUT and a POST per function, so a 100-function stack.yml goes through at once.
         */
        @Valid
        private RouteLimits perKey = new RouteLimits(new Limit(200, 100), new Limit(200, 20), new Limit(100, 10),
                new Limit(100, 50));

        /** Each tenant's bucket, per route class, shared by all the tenant's keys. */
        @Valid
        private RouteLimits perTenant = new RouteLimits(new Limit(1000, 500), new Limit(400, 40), new Limit(200, 20),
                new Limit(200, 100));

        /** The bucket of each client address, for anonymous requests (public functions), whatever the route. */
        @Valid
        private Limit perAddress = new Limit(40, 20);

        /** What a request does, per route class, when the store (Redis) cannot answer: open or closed. */
        @Valid
        private OnStoreFailure onStoreFailure = new OnStoreFailure();

        /** The longest a check waits for the store; then the route class's on-store-failure setting applies. */
        @NotNull
        private Duration storeTimeout = Duration.ofSeconds(1);

        /**
         * How many proxies of your own stand in front of the gateway, each appending to X-Forwarded-For; 0 (the
         * default) trusts no header and counts anonymous callers by their TCP peer address.
         */
        @PositiveOrZero
        private int trustedProxyHops = 0;

        /** With store=memory: the most buckets held at once (buckets idle until full again are dropped anyway). */
        @Positive
        private int maxBuckets = 100_000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public RouteLimits getPerKey() {
            return perKey;
        }

        public void setPerKey(RouteLimits perKey) {
            this.perKey = perKey;
        }

        public RouteLimits getPerTenant() {
            return perTenant;
        }

        public void setPerTenant(RouteLimits perTenant) {
            this.perTenant = perTenant;
        }

        public Limit getPerAddress() {
            return perAddress;
        }

        public void setPerAddress(Limit perAddress) {
            this.perAddress = perAddress;
        }

        public OnStoreFailure getOnStoreFailure() {
            return onStoreFailure;
        }

        public void setOnStoreFailure(OnStoreFailure onStoreFailure) {
            this.onStoreFailure = onStoreFailure;
        }

        public Duration getStoreTimeout() {
            return storeTimeout;
        }

        public void setStoreTimeout(Duration storeTimeout) {
            this.storeTimeout = storeTimeout;
        }

        public int getTrustedProxyHops() {
            return trustedProxyHops;
        }

        public void setTrustedProxyHops(int trustedProxyHops) {
            this.trustedProxyHops = trustedProxyHops;
        }

        public int getMaxBuckets() {
            return maxBuckets;
        }

        public void setMaxBuckets(int maxBuckets) {
            this.maxBuckets = maxBuckets;
        }
    }

    /** One bucket per route class. */
    public static class RouteLimits {
        /** Calls to functions (/function/**, /async-function/**). */
        @Valid
        @NotNull
        private Limit invoke;

        /** Writes: deploy, update, scale, delete, and any other non-read request. */
        @Valid
        @NotNull
        private Limit deploy;

        /** Keys and the audit log (/federation/v1/keys/**, /federation/v1/audit/**). */
        @Valid
        @NotNull
        private Limit admin;

        /** Every other read (GET, HEAD, OPTIONS). */
        @Valid
        @NotNull
        private Limit view;

        public RouteLimits() {
            this(new Limit(), new Limit(), new Limit(), new Limit());
        }

        RouteLimits(Limit invoke, Limit deploy, Limit admin, Limit view) {
            this.invoke = invoke;
            this.deploy = deploy;
            this.admin = admin;
            this.view = view;
        }

        public Limit getInvoke() {
            return invoke;
        }

        public void setInvoke(Limit invoke) {
            this.invoke = invoke;
        }

        public Limit getDeploy() {
            return deploy;
        }

        public void setDeploy(Limit deploy) {
            this.deploy = deploy;
        }

        public Limit getAdmin() {
            return admin;
        }

        public void setAdmin(Limit admin) {
            this.admin = admin;
        }

        public Limit getView() {
            return view;
        }

        public void setView(Limit view) {
            this.view = view;
        }
    }

    /** A token bucket: capacity requests back to back, then refill-per-second. */
    public static class Limit {
        /** The most requests back to back (the bucket's size). */
        @Positive
        @Max(1L << 40)
        private long capacity = 100;

        /** Requests per second once the burst is spent (may be fractional, e.g. 0.5 for one every two seconds). */
        @Positive
        private double refillPerSecond = 50;

        public Limit() {
        }

        Limit(long capacity, double refillPerSecond) {
            this.capacity = capacity;
            this.refillPerSecond = refillPerSecond;
        }

        public long getCapacity() {
            return capacity;
        }

        public void setCapacity(long capacity) {
            this.capacity = capacity;
        }

        public double getRefillPerSecond() {
            return refillPerSecond;
        }

        public void setRefillPerSecond(double refillPerSecond) {
            this.refillPerSecond = refillPerSecond;
        }
    }

    /**
     * What each route class does when the rate limit store cannot answer: open lets requests through unmetered,
     * closed refuses them with 503.
     */
    public static class OnStoreFailure {
        /** Calls to functions: open, so that a Redis outage does not stop the functions. */
        @NotNull
        private StoreFailurePolicy invoke = StoreFailurePolicy.OPEN;

        /** Writes: closed, so that an outage cannot be used to deploy without limit. */
        @NotNull
        private StoreFailurePolicy deploy = StoreFailurePolicy.CLOSED;

        /** Keys and audit: closed, so that an outage cannot be used to guess or mint keys without limit. */
        @NotNull
        private StoreFailurePolicy admin = StoreFailurePolicy.CLOSED;

        /**
         * Reads: open, because reads change nothing, are what an operator needs to see during an outage, and the
         * registry's own reads already go on from the local copy.
         */
        @NotNull
        private StoreFailurePolicy view = StoreFailurePolicy.OPEN;

        public StoreFailurePolicy getInvoke() {
            return invoke;
        }

        public void setInvoke(StoreFailurePolicy invoke) {
            this.invoke = invoke;
        }

        public StoreFailurePolicy getDeploy() {
            return deploy;
        }

        public void setDeploy(StoreFailurePolicy deploy) {
            this.deploy = deploy;
        }

        public StoreFailurePolicy getAdmin() {
            return admin;
        }

        public void setAdmin(StoreFailurePolicy admin) {
            this.admin = admin;
        }

        public StoreFailurePolicy getView() {
            return view;
        }

        public void setView(StoreFailurePolicy view) {
            this.view = view;
        }
    }
}
