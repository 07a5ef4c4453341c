package dev.relay.router.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.WorkerScorer;
import java.time.Instant;
import java.util.Map;

/**
 * One registry entry as {@code GET /internal/workers} shows it to operators and tests: the descriptor's fields
 * (id, baseUrl, protocol, mode, models, capacity, region, priceClass, labels, origin) flattened, then live state.
 */
public record WorkerView(
        @JsonUnwrapped WorkerDescriptor descriptor,
        String health,
        String lifecycle,
        boolean eligible,
        String ejectionReason,
        int passiveFailures,
        int probeFailures,
        Instant lastHeartbeatAt,
        Instant lastProbeAt,
        String lastProbeError,
        Map<String, Integer> contextWindows,
        Signals signals) {

    /** @param metricsAvailable null until the first scrape; false for workers without Prometheus metrics */
    public record Signals(int inFlight, int running, int waiting, double kvUsage, Boolean metricsAvailable,
            Instant lastScrapeAt, double load, double latencyEwmaMs, double ttftEwmaMs, int prefixBlocks) {
    }

    public static WorkerView of(Worker w, PrefixIndex prefixIndex) {
        return new WorkerView(w.descriptor(), w.health().name().toLowerCase(), w.lifecycle().name().toLowerCase(),
                w.eligible(), w.ejectionReason(), w.passiveFailures(), w.probeFailures(), w.lastHeartbeatAt(),
                w.lastProbeAt(), w.lastProbeError(), w.contextWindows(),
                new Signals(w.inFlight(), w.running(), w.waiting(), w.kvUsage(), w.metricsAvailable(), w.lastScrapeAt(),
                        WorkerScorer.load(w), w.latencyEwmaMs(), w.ttftEwmaMs(), prefixIndex.size(w.id())));
    }
}
