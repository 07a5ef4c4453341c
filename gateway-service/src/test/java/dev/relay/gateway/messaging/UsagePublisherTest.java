package dev.relay.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Kafka unreachable: the publisher retries a bounded number of times, then logs the whole event as lost. */
class UsagePublisherTest {

    @Test
    void eventIsLoggedAsLostAfterBoundedRetriesWhenKafkaIsUnreachable() {
        List<String> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(UsagePublisher.class.getName());
        logger.addHandler(capture);
        UsagePublisher publisher = new UsagePublisher(UsagePublisher.producerProperties("127.0.0.1:1", 1500),
                new ObjectMapper().findAndRegisterModules(), 2, 50);
        try {
            UsageEvent event = new UsageEvent(UUID.randomUUID().toString(), "req-1", "acct-1", "key-1", "m", "direct",
                    "w-1", 3, 4, "res_1", 100, "completed", Instant.now());

            assertThrows(RuntimeException.class, () -> publisher.publish(event).await().atMost(Duration.ofSeconds(60)));
            assertTrue(errors.stream().anyMatch(line -> line.contains("LOST") && line.contains(event.eventId())),
                    "lost event logged with its fields: " + errors);
        } finally {
            logger.removeHandler(capture);
            publisher.close();
        }
    }
}
