package dev.relay.simulator.engine;

/** The simulated time of an engine, in nanoseconds from an arbitrary origin. */
@FunctionalInterface
public interface SimClock {
    long nanos();
}
