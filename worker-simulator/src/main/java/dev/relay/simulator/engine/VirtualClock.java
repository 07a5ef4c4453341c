package dev.relay.simulator.engine;

/**
 * Simulated time for discrete-event runs: many engines share one clock that jumps straight to the next event.
 * A real-time driver uses the wall clock instead (see the service layer's EngineDriver).
 */
public final class VirtualClock implements SimClock {

    private long now;

    @Override
    public long nanos() {
        return now;
    }

    /** Moves time forward (never back). */
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("time cannot go back from " + now + " to " + nanos);
        }
        now = nanos;
    }
}
