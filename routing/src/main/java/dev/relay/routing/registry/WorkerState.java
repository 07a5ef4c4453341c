package dev.relay.routing.registry;

/** Health and lifecycle of a worker; only a HEALTHY, ACTIVE worker receives new requests. */
public final class WorkerState {

    public enum Health { HEALTHY, EJECTED }

    public enum Lifecycle { ACTIVE, DRAINING }

    private WorkerState() {
    }
}
