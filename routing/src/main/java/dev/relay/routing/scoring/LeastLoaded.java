package dev.relay.routing.scoring;

import java.util.List;

/** Orders by (waiting + in-flight) / capacity, lowest first; equal loads keep the given order. */
public final class LeastLoaded implements RoutingStrategy {

    @Override
    public <W extends WorkerSignals> List<W> best(List<W> eligible, PickRequest request, int limit) {
        double[] loads = Ordering.costs(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            loads[i] = WorkerScorer.load(eligible.get(i));
        }
        return Ordering.best(eligible, loads, limit);
    }
}
