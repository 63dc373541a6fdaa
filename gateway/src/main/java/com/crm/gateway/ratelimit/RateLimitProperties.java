package com.crm.gateway.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-client rate limits ({@code crm.gateway.rate-limit.*}): a token bucket per client id (the JWT's
 * {@code client_id} claim, else {@code sub}) holding {@code capacity} requests, refilled at {@code capacity} per
 * {@code period}. {@code clients.<client-id>} overrides the default for one client.
 */
@ConfigurationProperties("crm.gateway.rate-limit")
public class RateLimitProperties {

    /** Off: no limits and no quota headers. */
    private boolean enabled = true;
    /** Where buckets live: {@code memory} (per replica) or {@code redis} (shared by all replicas). */
    private Store store = Store.MEMORY;

    private Redis redis = new Redis();
    private Limit defaults = new Limit();
    private Map<String, Limit> clients = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public Redis getRedis() {
        return redis;
    }

    public void setRedis(Redis redis) {
        this.redis = redis;
    }

    public Limit getDefaults() {
        return defaults;
    }

    public void setDefaults(Limit defaults) {
        this.defaults = defaults;
    }

    public Map<String, Limit> getClients() {
        return clients;
    }

    public void setClients(Map<String, Limit> clients) {
        this.clients = clients;
    }

    public Limit forClient(String clientId) {
        return clients.getOrDefault(clientId, defaults);
    }

    public static class Limit {
        /** Requests a client may make per period (and the burst it may make at once). */
        private long capacity = 600;
        /** The period over which capacity refills (continuously). */
        private Duration period = Duration.ofMinutes(1);

        public long getCapacity() {
            return capacity;
        }

        public void setCapacity(long capacity) {
            this.capacity = capacity;
        }

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }
    }

    public enum Store {
        MEMORY,
        REDIS
    }

    /** The shared store's connection ({@code store=redis}). A password goes in the URL, from the environment. */
    public static class Redis {
        /** e.g. {@code redis://localhost:6379} or {@code rediss://:password@redis:6379/0}. */
        private String url = "redis://localhost:6379";
        /** How long a request waits for Redis before it is let through unlimited. */
        private Duration timeout = Duration.ofMillis(200);
        /** How long connecting to Redis may take (meanwhile requests pass unlimited). */
        private Duration connectTimeout = Duration.ofSeconds(1);

        private String keyPrefix = "crm:rate-limit:";

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }
}
