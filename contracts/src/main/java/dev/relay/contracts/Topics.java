package dev.relay.contracts;

/** Kafka topic names. Keys: account id for usage and balances, key id for keys, task id for tasks, worker id for workers. */
public final class Topics {
    public static final String USAGE = "relay.usage";
    public static final String KEYS = "relay.keys";
    public static final String BALANCES = "relay.balances";
    public static final String TASKS_REQUESTED = "relay.tasks.requested";
    public static final String TASKS_STATUS = "relay.tasks.status";
    public static final String WORKERS = "relay.workers";
    public static final String SETTLEMENTS = "relay.settlements";

    private Topics() {
    }
}
