package dev.relay.router.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Rotates the starting worker on every pick; the baseline the other strategies are compared against. */
public final class RoundRobin implements RoutingStrategy {

    private final AtomicLong next = new AtomicLong();

    @Override
    public <W extends WorkerSignals> List<W> order(List<W> eligible, PickRequest request) {
        int n = eligible.size();
        List<W> ordered = new ArrayList<>(n);
        if (n == 0) {
            return ordered;
        }
        int start = (int) Math.floorMod(next.getAndIncrement(), (long) n);
        for (int i = 0; i < n; i++) {
            ordered.add(eligible.get((start + i) % n));
        }
        return ordered;
    }
}
