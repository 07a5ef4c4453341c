package dev.relay.simulator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Many engines on one virtual clock, for discrete-event experiments such as the routing benchmark: submit at the
 * current instant, then {@link #advanceTo} the next arrival; the fleet steps whichever engine is due first, so the
 * events come back in time order across engines. Single-threaded, like the engines.
 */
public final class VirtualFleet {

    /** An engine event and the index of the engine it happened on. */
    public record FleetEvent(int engine, EngineEvent event) {
    }

    private final List<InferenceEngine> engines;
    private final VirtualClock clock = new VirtualClock();

    public VirtualFleet(List<EngineConfig> configs) {
        this.engines = new ArrayList<>(configs.size());
        configs.forEach(config -> engines.add(new InferenceEngine(config)));
    }

    public long now() {
        return clock.nanos();
    }

    public int size() {
        return engines.size();
    }

    /** Read-only use (load, KV use, cached prefix) by a router under test; submit through the fleet. */
    public InferenceEngine engine(int index) {
        return engines.get(index);
    }

    public void submit(int engine, SequenceRequest request) {
        engines.get(engine).submit(request, clock.nanos());
    }

    public boolean cancel(int engine, String requestId) {
        return engines.get(engine).cancel(requestId, clock.nanos());
    }

    /** The earliest next event over all engines; {@link Long#MAX_VALUE} when every engine is idle. */
    public long nextEventTime() {
        long next = Long.MAX_VALUE;
        for (InferenceEngine engine : engines) {
            next = Math.min(next, engine.nextEventTime());
        }
        return next;
    }

    /** Runs every event up to and including {@code nanos}, in time order, and sets the clock there. */
    public List<FleetEvent> advanceTo(long nanos) {
        List<FleetEvent> events = new ArrayList<>();
        long next;
        while ((next = nextEventTime()) <= nanos) {
            clock.advanceTo(next);
            for (int i = 0; i < engines.size(); i++) {
                if (engines.get(i).nextEventTime() == next) {
                    for (EngineEvent event : engines.get(i).step(next)) {
                        events.add(new FleetEvent(i, event));
                    }
                }
            }
        }
        clock.advanceTo(nanos);
        return events;
    }

    /** Runs until every engine is idle. */
    public List<FleetEvent> drain() {
        List<FleetEvent> events = new ArrayList<>();
        while (nextEventTime() != Long.MAX_VALUE) {
            events.addAll(advanceTo(nextEventTime()));
        }
        return events;
    }
}
