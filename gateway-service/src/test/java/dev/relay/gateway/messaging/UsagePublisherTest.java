package dev.relay.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.UsageEvent;
import dev.relay.gateway.fleet.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Kafka unreachable or the publisher closed: bounded retries, then the whole event is logged as lost. */
class UsagePublisherTest {

    @Test
    void eventIsLoggedAsLostAfterBoundedRetriesWhenKafkaIsUnreachable() {
        UsagePublisher publisher = new UsagePublisher(UsagePublisher.producerProperties("127.0.0.1:1", 1500),
                new ObjectMapper().findAndRegisterModules(), 2, 50, event -> { });
        try (LogCapture errors = LogCapture.errorsOf(UsagePublisher.class)) {
            UsageEvent event = event();

            assertThrows(RuntimeException.class, () -> publisher.publish(event).await().atMost(Duration.ofSeconds(60)));
            assertTrue(errors.lines().stream().anyMatch(line -> line.contains("LOST") && line.contains(event.eventId())),
                    "lost event logged with its fields: " + errors.lines());
        } finally {
            publisher.close();
        }
    }

    @Test
    void eventPublishedAfterShutdownIsLoggedAsLostNotDropped() {
        UsagePublisher publisher = new UsagePublisher(UsagePublisher.producerProperties("127.0.0.1:1", 1500),
                new ObjectMapper().findAndRegisterModules(), 3, 50, event -> { });
        publisher.close();
        try (LogCapture errors = LogCapture.errorsOf(UsagePublisher.class)) {
            UsageEvent event = event();

            assertThrows(RuntimeException.class, () -> publisher.publish(event).await().atMost(Duration.ofSeconds(60)));
            assertTrue(errors.lines().stream().anyMatch(line -> line.contains("LOST") && line.contains(event.eventId())),
                    "lost event logged with its fields: " + errors.lines());
        }
    }

    private static UsageEvent event() {
        return new UsageEvent(UUID.randomUUID().toString(), "req-1", "acct-1", "key-1", "m", "direct", "w-1", 3, 4,
                "res_1", 100, "completed", Instant.now(), "direct:" + UUID.randomUUID(), null, 0, 0);
    }
}
