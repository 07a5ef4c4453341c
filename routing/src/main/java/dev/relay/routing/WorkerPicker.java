package dev.relay.routing;

import dev.relay.routing.registry.ContextWindows;
import dev.relay.routing.registry.ModelPool;
import dev.relay.routing.registry.Vocabulary;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerRegistry;
import dev.relay.routing.scoring.PickRequest;
import dev.relay.routing.scoring.PrefixIndex;
import dev.relay.routing.scoring.RoutingStrategy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The hot path of a route: filter the workers serving a model by health, source, tier, mode and context window,
 * let the strategy choose the best few, and remember the chosen worker for the prompt's prefix blocks. Pure Java
 * so the JMH benchmark can measure exactly what a request pays.
 */
public final class WorkerPicker {

    /**
     * @param mode the mode actually used ({@code auto} resolved)
     * @param candidates at most {@code maxCandidates}, best first; empty when none is eligible
     */
    public record Pick(String mode, List<Worker> candidates) {
    }

    private final WorkerRegistry registry;
    private final RoutingStrategy strategy;
    private final PrefixIndex prefixIndex;
    private final ContextWindows windows;
    private final int maxCandidates;
    private final Executor recorder;

    /** Only reported context windows, prefixes recorded on the calling thread (tests, simulations). */
    public WorkerPicker(WorkerRegistry registry, RoutingStrategy strategy, PrefixIndex prefixIndex, int maxCandidates) {
        this(registry, strategy, prefixIndex, new ContextWindows(registry, Map.of()), maxCandidates, Runnable::run);
    }

    /**
     * @param maxCandidates how many workers a pick returns at most: enough for the gateway to fail over, few enough
     *     that choosing them is one pass over the eligible workers rather than a sort of all of them
     * @param recorder where the chosen worker's prefix blocks are recorded; the service passes a background
     *     thread, so the request does not wait for index upkeep (a record arriving a moment late costs nothing)
     */
    public WorkerPicker(WorkerRegistry registry, RoutingStrategy strategy, PrefixIndex prefixIndex,
            ContextWindows windows, int maxCandidates, Executor recorder) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be at least 1");
        }
        this.registry = registry;
        this.strategy = strategy;
        this.prefixIndex = prefixIndex;
        this.windows = windows;
        this.maxCandidates = maxCandidates;
        this.recorder = recorder;
    }

    /**
     * @param mode {@code auto}, {@code direct} or {@code opengpu}; auto means direct when any eligible direct
     *     worker can serve, else opengpu
     * @param source protocol family the client asked for, or null for any
     * @param tier the caller's tier, checked against a worker's {@value WorkerDescriptor#TIERS_LABEL} label
     * @param promptTokens the prompt's size; workers whose context window for the model is smaller are left out
     */
    public Pick pick(String model, String mode, String source, String tier, long[] prefixHashes, int promptTokens) {
        ModelPool pool = registry.pool(model);
        String chosen = Vocabulary.AUTO.equals(mode) ? Vocabulary.DIRECT : mode;
        if (pool == null) {
            return new Pick(chosen, List.of());
        }
        List<Worker> eligible = windows.fitting(pool.eligible(chosen, source, tier), model, promptTokens);
        if (eligible.isEmpty() && Vocabulary.AUTO.equals(mode)) {
            List<Worker> opengpu = windows.fitting(pool.eligible(Vocabulary.OPENGPU, source, tier), model,
                    promptTokens);
            if (!opengpu.isEmpty()) {
                chosen = Vocabulary.OPENGPU;
                eligible = opengpu;
            }
        }
        if (eligible.isEmpty()) {
            return new Pick(chosen, List.of());
        }
        PickRequest request = new PickRequest(prefixHashes);
        List<Worker> ordered = strategy.best(eligible, request, maxCandidates);
        long[] hashes = request.prefixHashes();
        if (hashes.length > 0) {
            String chosenId = ordered.get(0).id();
            long[] copy = hashes.clone(); // the caller may reuse its array
            recorder.execute(() -> prefixIndex.record(chosenId, copy));
        }
        return new Pick(chosen, ordered);
    }
}
