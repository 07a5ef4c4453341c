package dev.relay.router.scoring;

import java.util.List;

/** Orders by (waiting + in-flight) / capacity, lowest first; equal loads keep the given order. */
public final class LeastLoaded implements RoutingStrategy {

    @Override
    public <W extends WorkerSignals> List<W> order(List<W> eligible, PickRequest request) {
        double[] loads = Ordering.costs(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            loads[i] = WorkerScorer.load(eligible.get(i));
        }
        return Ordering.byCost(eligible, loads);
    }
}
