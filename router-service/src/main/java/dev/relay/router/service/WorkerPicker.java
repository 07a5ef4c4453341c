package dev.relay.router.service;

import dev.relay.router.registry.Vocabulary;
import dev.relay.router.registry.Worker;
import dev.relay.router.registry.WorkerDescriptor;
import dev.relay.router.registry.WorkerRegistry;
import dev.relay.router.scoring.PickRequest;
import dev.relay.router.scoring.PrefixIndex;
import dev.relay.router.scoring.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot path of a route: filter the workers serving a model by health, source, tier and mode, let the strategy
 * order them, and remember the chosen worker for the prompt's prefix blocks. Pure Java so the JMH benchmark can
 * measure exactly what a request pays.
 */
public final class WorkerPicker {

    /** @param mode the mode actually used ({@code auto} resolved); candidates best first, empty when none is eligible */
    public record Pick(String mode, List<Worker> candidates) {
    }

    private final WorkerRegistry registry;
    private final RoutingStrategy strategy;
    private final PrefixIndex prefixIndex;

    public WorkerPicker(WorkerRegistry registry, RoutingStrategy strategy, PrefixIndex prefixIndex) {
        this.registry = registry;
        this.strategy = strategy;
        this.prefixIndex = prefixIndex;
    }

    /**
     * @param mode {@code auto}, {@code direct} or {@code opengpu}; auto means direct when any eligible direct
     *     worker can serve, else opengpu
     * @param source protocol family the client asked for, or null for any
     * @param tier the caller's tier, checked against a worker's {@value WorkerDescriptor#TIERS_LABEL} label
     */
    public Pick pick(String model, String mode, String source, String tier, long[] prefixHashes) {
        List<Worker> direct = new ArrayList<>();
        List<Worker> opengpu = new ArrayList<>();
        for (Worker worker : registry.serving(model)) {
            if (!worker.eligible()) {
                continue;
            }
            WorkerDescriptor d = worker.descriptor();
            if ((source != null && !source.equals(d.protocol())) || !d.allowsTier(tier)) {
                continue;
            }
            if (Vocabulary.DIRECT.equals(d.mode())) {
                direct.add(worker);
            } else if (Vocabulary.OPENGPU.equals(d.mode())) {
                opengpu.add(worker);
            }
        }
        String chosen = switch (mode) {
            case Vocabulary.DIRECT -> Vocabulary.DIRECT;
            case Vocabulary.OPENGPU -> Vocabulary.OPENGPU;
            default -> direct.isEmpty() && !opengpu.isEmpty() ? Vocabulary.OPENGPU : Vocabulary.DIRECT;
        };
        List<Worker> eligible = Vocabulary.DIRECT.equals(chosen) ? direct : opengpu;
        if (eligible.isEmpty()) {
            return new Pick(chosen, List.of());
        }
        PickRequest request = new PickRequest(prefixHashes);
        List<Worker> ordered = strategy.order(eligible, request);
        prefixIndex.record(ordered.get(0).id(), request.prefixHashes());
        return new Pick(chosen, ordered);
    }
}
