package dev.relay.simulator.engine;

import java.util.Map;

/** The engine's load and counters at one instant, per model; KV use is the whole cache's (one GPU, one cache). */
public record EngineSnapshot(Map<String, ModelCounters.Snapshot> models, double kvCacheUsage, int running,
                             int waiting) {
}
