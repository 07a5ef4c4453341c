package dev.relay.bench.routing;

import dev.relay.routing.scoring.PickRequest;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.RoutingStrategy;
import dev.relay.routing.scoring.ScoringWeights;
import dev.relay.simulator.engine.EngineConfig;
import dev.relay.simulator.engine.EngineEvent;
import dev.relay.simulator.engine.SequenceRequest;
import dev.relay.simulator.engine.SequenceTiming;
import dev.relay.simulator.engine.VirtualFleet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One strategy against one workload on a fresh fleet, in virtual time. At each arrival the strategy orders the
 * workers from the signals the router would have (see {@link SimulatedWorker}) and the request goes to the first;
 * the prefix index records that worker as holding the prompt's blocks (the router does so for the first candidate).
 * Scrapes happen every {@code scrapeIntervalNanos}. Only requests arriving after the warm-up are measured; the
 * throughput counts what completes inside the measurement window, then the fleet drains so that every measured
 * request has its TTFT (however long it queued).
 */
public final class RoutingRun {

    public static final String MODEL = "Qwen/Qwen3-Coder";
    /** router-service's default {@code relay.router.scoring.prefix-blocks-per-worker}. */
    static final int PREFIX_BLOCKS_PER_WORKER = 1024;

    /** Figures of one run; times in milliseconds. */
    public record Result(String strategy, double offeredRate, int measured, double arrivedPerSecond,
                         double completedPerSecond,
                         double outputTokensPerSecond, double ttftP50, double ttftP90, double ttftP99,
                         double cacheHitRate) {
    }

    private RoutingRun() {
    }

    public static Result run(String strategyName, ScoringWeights weights, List<EngineConfig> fleetConfigs,
                             ChatWorkload workload, double offeredRate, double warmupSeconds, double durationSeconds,
                             long scrapeIntervalNanos) {
        VirtualFleet fleet = new VirtualFleet(fleetConfigs);
        PrefixIndex prefixIndex = new PrefixIndex(PREFIX_BLOCKS_PER_WORKER);
        RoutingStrategy strategy = RoutingStrategy.named(strategyName, prefixIndex, weights);
        List<SimulatedWorker> workers = new ArrayList<>();
        for (int i = 0; i < fleetConfigs.size(); i++) {
            workers.add(new SimulatedWorker(i, fleetConfigs.get(i).maxNumSeqs()));
        }
        long windowStart = Math.round(warmupSeconds * 1e9);
        long windowEnd = Math.round(durationSeconds * 1e9);
        Tally tally = new Tally(windowStart, windowEnd);
        Map<String, SimulatedWorker> placed = new HashMap<>();

        long nextScrape = 0;
        for (ChatWorkload.Request request : workload.requests()) {
            while (nextScrape <= request.arrivalNanos()) {
                tally.observe(fleet.advanceTo(nextScrape), placed);
                workers.forEach(w -> w.scrape(fleet.engine(w.index)));
                nextScrape += scrapeIntervalNanos;
            }
            tally.observe(fleet.advanceTo(request.arrivalNanos()), placed);
            long[] hashes = request.prefixHashes();
            SimulatedWorker chosen = strategy.order(workers, new PickRequest(hashes)).get(0);
            prefixIndex.record(chosen.id(), hashes);
            chosen.picked();
            placed.put(request.id(), chosen);
            tally.measure(request);
            fleet.submit(chosen.index, new SequenceRequest(request.id(), MODEL, request.promptTokens(),
                    request.outputTokens()));
        }
        tally.observe(fleet.drain(), placed);
        return tally.result(strategyName, offeredRate);
    }

    /** Counts TTFTs of measured requests and what completes inside the window. */
    private static final class Tally {
        private final long windowStart;
        private final long windowEnd;
        private final Map<String, Long> measuredArrivals = new HashMap<>();
        private final List<Double> ttftMs = new ArrayList<>();
        private long completedInWindow;
        private long tokensInWindow;
        private long promptTokens;
        private long cachedTokens;

        Tally(long windowStart, long windowEnd) {
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        void measure(ChatWorkload.Request request) {
            if (request.arrivalNanos() >= windowStart) {
                measuredArrivals.put(request.id(), request.arrivalNanos());
            }
        }

        void observe(List<VirtualFleet.FleetEvent> events, Map<String, SimulatedWorker> placed) {
            for (VirtualFleet.FleetEvent fleetEvent : events) {
                EngineEvent event = fleetEvent.event();
                boolean inWindow = event.atNanos() >= windowStart && event.atNanos() < windowEnd;
                if (event.carriesToken() && inWindow) {
                    tokensInWindow++;
                }
                if (event.kind() == EngineEvent.Kind.FINISHED) {
                    SequenceTiming timing = event.timing();
                    placed.remove(event.requestId()).finished(timing.totalNanos() / 1e6);
                    if (inWindow) {
                        completedInWindow++;
                    }
                    Long arrival = measuredArrivals.remove(event.requestId());
                    if (arrival != null) {
                        ttftMs.add((timing.firstTokenAt() - arrival) / 1e6);
                        promptTokens += timing.promptTokens();
                        cachedTokens += timing.cachedPromptTokens();
                    }
                }
            }
        }

        Result result(String strategy, double offeredRate) {
            if (!measuredArrivals.isEmpty()) {
                throw new IllegalStateException(measuredArrivals.size() + " measured requests never finished");
            }
            double seconds = (windowEnd - windowStart) / 1e9;
            Percentiles ttft = new Percentiles(ttftMs.stream().mapToDouble(Double::doubleValue).toArray());
            return new Result(strategy, offeredRate, ttft.count(), ttft.count() / seconds, completedInWindow / seconds,
                    tokensInWindow / seconds, ttft.at(50), ttft.at(90), ttft.at(99),
                    promptTokens == 0 ? 0 : (double) cachedTokens / promptTokens);
        }
    }
}
