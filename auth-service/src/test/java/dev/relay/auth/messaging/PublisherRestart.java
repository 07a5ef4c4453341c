package dev.relay.auth.messaging;

/**
 * Stops the outbox publisher as this replica's shutdown does and starts it again as its start does, so that a test
 * sees what a change commits meanwhile wait in the outbox (as it does through a restart or a Kafka outage).
 */
public final class PublisherRestart {

    private PublisherRestart() {
    }

    public static void stop(OutboxPublisher publisher) {
        publisher.stop(null);
    }

    public static void start(OutboxPublisher publisher) {
        publisher.start(null);
    }
}
