package dev.relay.router.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The workers serving one model, precomputed whenever membership or a descriptor changes, so a pick only reads
 * each worker's live state: split by mode, sorted by id, with a flag telling whether any worker restricts tiers.
 */
public record ModelPool(List<Worker> all, Worker[] direct, Worker[] opengpu, boolean tierRestricted) {

    static ModelPool of(List<Worker> sortedById) {
        List<Worker> direct = new ArrayList<>();
        List<Worker> opengpu = new ArrayList<>();
        boolean restricted = false;
        for (Worker worker : sortedById) {
            WorkerDescriptor d = worker.descriptor();
            (Vocabulary.OPENGPU.equals(d.mode()) ? opengpu : direct).add(worker);
            restricted |= d.labels().containsKey(WorkerDescriptor.TIERS_LABEL);
        }
        return new ModelPool(List.copyOf(sortedById), direct.toArray(Worker[]::new), opengpu.toArray(Worker[]::new),
                restricted);
    }

    /** Eligible workers of one mode that pass the source and tier filters, in id order. */
    public List<Worker> eligible(String mode, String source, String tier) {
        Worker[] workers = Vocabulary.OPENGPU.equals(mode) ? opengpu : direct;
        List<Worker> out = new ArrayList<>(workers.length);
        if (source == null && !tierRestricted) {
            for (Worker worker : workers) {
                if (worker.eligible()) {
                    out.add(worker);
                }
            }
            return out;
        }
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
