package dev.relay.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "relay.router")
public interface RouterConfig {

    /** Static workers by id (Helm values): {@code relay.router.workers.<id>.base-url=...}. */
    Map<String, StaticWorker> workers();

    /** Model aliases, e.g. {@code relay.router.aliases.smart=deepseek-ai/DeepSeek-V3.1}; merged over the defaults. */
    Map<String, String> aliases();

    /** Context window per model when its workers do not report {@code max_model_len}. Quote keys with / or :. */
    Map<String, Integer> contextWindows();

    /** {@code owned_by} per model when the id has no vendor prefix ({@code Qwen/...} gives {@code qwen}). */
    Map<String, String> ownedBy();

    @WithDefault("32768")
    int defaultContextWindow();

    /** Capacity assumed for a heartbeat that announces none. */
    @WithDefault("16")
    int defaultCapacity();

    /** Candidates in a route decision at most, best first: the gateway fails over down this list. */
    @WithDefault("8")
    int maxCandidates();

    /** round-robin, least-loaded or cache-aware. */
    @WithDefault("cache-aware")
    String strategy();

    Heartbeat heartbeat();

    Health health();

    Scrape scrape();

    Scoring scoring();

    interface StaticWorker {
        String baseUrl();

        @WithDefault("vllm")
        String protocol();

        @WithDefault("direct")
        String mode();

        List<String> models();

        @WithDefault("16")
        int capacity();

        @WithDefault("local")
        String region();

        @WithDefault("standard")
        String priceClass();

        Map<String, String> labels();
    }

    interface Heartbeat {
        /** A dynamic worker silent this long gets no new requests. */
        @WithDefault("15s")
        Duration drainAfter();

        /** A dynamic worker silent this long is forgotten. */
        @WithDefault("45s")
        Duration removeAfter();

        @WithDefault("1s")
        Duration sweepInterval();
    }

    interface Health {
        @WithDefault("2s")
        Duration probeInterval();

        @WithDefault("1500ms")
        Duration probeTimeout();

        /** Consecutive failed requests, or failed probes, that eject a worker. */
        @WithDefault("3")
        int failuresToEject();

        /** Shortest time out before a successful probe readmits an ejected worker. */
        @WithDefault("5s")
        Duration minEjection();

        /** How often the model list ({@code max_model_len}) of a vLLM/OpenAI worker is read again. */
        @WithDefault("5m")
        Duration modelsRefresh();
    }

    interface Scrape {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("250ms")
        Duration interval();

        @WithDefault("1s")
        Duration timeout();

        /**
         * When the router's in-flight count for a worker stays above the worker's scraped running + waiting at
         * every scrape for this long, the excess is taken as lost finished reports and dropped.
         */
        @WithDefault("10s")
        Duration reconcileAfter();
    }

    interface Scoring {
        @WithDefault("1.0")
        double queueWeight();

        @WithDefault("0.5")
        double kvWeight();

        @WithDefault("1.0")
        double prefixWeight();

        @WithDefault("0.1")
        double latencyWeight();

        @WithDefault("0.05")
        double priceWeight();

        @WithDefault("1000")
        double latencyScaleMs();

        /** Spread of loads (max − min of (waiting + in-flight) / capacity) above which ordering is by load alone. */
        @WithDefault("0.5")
        double loadGuard();

        /** Prefix-block hashes remembered per worker (1024 blocks of 16 tokens: the last 16k prompt tokens). */
        @WithDefault("1024")
        int prefixBlocksPerWorker();
    }
}
