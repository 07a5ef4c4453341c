package dev.relay.routing.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Rotates the starting worker on every pick; the baseline the other strategies are compared against. */
public final class RoundRobin implements RoutingStrategy {

    private final AtomicLong next = new AtomicLong();

    @Override
    public <W extends WorkerSignals> List<W> best(List<W> eligible, PickRequest request, int limit) {
        int n = eligible.size();
        int k = Math.min(Math.max(0, limit), n);
        List<W> ordered = new ArrayList<>(k);
        if (n == 0) {
            return ordered;
        }
        int start = (int) Math.floorMod(next.getAndIncrement(), (long) n);
        for (int i = 0; i < k; i++) {
            ordered.add(eligible.get((start + i) % n));
        }
        return ordered;
    }
}
