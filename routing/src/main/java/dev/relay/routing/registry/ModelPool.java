package dev.relay.routing.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workers serving one model, precomputed whenever membership or a descriptor changes, so a pick only reads
 * each worker's live state: split by mode, sorted by id, with a flag telling whether any worker restricts tiers.
 * The unfiltered eligible list of each mode is cached until some worker's eligibility flips (rare: ejections,
 * drains), so the common pick does not walk every worker just to filter.
 */
public final class ModelPool {

    private record Cached(long epoch, List<Worker> workers) {
    }

    private final List<Worker> all;
    private final Worker[] direct;
    private final Worker[] opengpu;
    private final boolean tierRestricted;
    private final AtomicLong eligibilityEpoch;
    private volatile Cached directCache;
    private volatile Cached opengpuCache;

    private ModelPool(List<Worker> all, Worker[] direct, Worker[] opengpu, boolean tierRestricted, AtomicLong epoch) {
        this.all = all;
        this.direct = direct;
        this.opengpu = opengpu;
        this.tierRestricted = tierRestricted;
        this.eligibilityEpoch = epoch;
    }

    static ModelPool of(List<Worker> sortedById, AtomicLong eligibilityEpoch) {
        List<Worker> direct = new ArrayList<>();
        List<Worker> opengpu = new ArrayList<>();
        boolean restricted = false;
        for (Worker worker : sortedById) {
            WorkerDescriptor d = worker.descriptor();
            (Vocabulary.OPENGPU.equals(d.mode()) ? opengpu : direct).add(worker);
            restricted |= d.labels().containsKey(WorkerDescriptor.TIERS_LABEL);
        }
        return new ModelPool(List.copyOf(sortedById), direct.toArray(Worker[]::new), opengpu.toArray(Worker[]::new),
                restricted, eligibilityEpoch);
    }

    /** Every worker serving the model, in any state, sorted by id. */
    public List<Worker> all() {
        return all;
    }

    /** Eligible workers of one mode that pass the source and tier filters, in id order; do not modify. */
    public List<Worker> eligible(String mode, String source, String tier) {
        boolean opengpuMode = Vocabulary.OPENGPU.equals(mode);
        Worker[] workers = opengpuMode ? opengpu : direct;
        if (source != null || tierRestricted) {
            return filter(workers, source, tier);
        }
        long epoch = eligibilityEpoch.get(); // read before filtering: a flip meanwhile makes the entry stale
        Cached cached = opengpuMode ? opengpuCache : directCache;
        if (cached != null && cached.epoch() == epoch) {
            return cached.workers();
        }
        List<Worker> fresh = List.copyOf(filter(workers, null, null));
        if (opengpuMode) {
            opengpuCache = new Cached(epoch, fresh);
        } else {
            directCache = new Cached(epoch, fresh);
        }
        return fresh;
    }

    private static List<Worker> filter(Worker[] workers, String source, String tier) {
        List<Worker> out = new ArrayList<>(workers.length);
        for (Worker worker : workers) {
            if (!worker.eligible()) {
                continue;
            }
            WorkerDescriptor d = worker.descriptor();
            if ((source == null || source.equals(d.protocol())) && d.allowsTier(tier)) {
                out.add(worker);
            }
        }
        return out;
    }
}
