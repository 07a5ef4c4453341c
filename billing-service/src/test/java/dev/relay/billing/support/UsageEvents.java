package dev.relay.billing.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.contracts.UsageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes usage events on the real relay.usage topic, the way the gateway does (plain kafka-clients producer). */
@ApplicationScoped
public class UsageEvents {

    private final ObjectMapper json;
    private final KafkaProducer<String, String> producer;

    public UsageEvents(ObjectMapper json, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.json = json;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static String newAccount() {
        return "acct_test_" + UUID.randomUUID();
    }

    public static UsageEvent event(String accountId, String model, long prompt, long completion) {
        return event(accountId, model, prompt, completion, null, 0, "completed", Instant.now());
    }

    public static UsageEvent event(String accountId, String model, long prompt, long completion, String reservationId,
            long reservedMicro, String outcome, Instant occurredAt) {
        return new UsageEvent("evt_" + UUID.randomUUID(), "req_" + UUID.randomUUID(), accountId, "key_test", model,
                "direct", "worker-1", prompt, completion, reservationId, reservedMicro, outcome, occurredAt, null, null);
    }

    /** The same event, its credit held at version {@code version} of its model's price. */
    public static UsageEvent heldAt(UsageEvent e, int version) {
        return new UsageEvent(e.eventId(), e.requestId(), e.accountId(), e.keyId(), e.model(), e.mode(), e.workerId(),
                e.promptTokens(), e.completionTokens(), e.reservationId(), e.reservedMicro(), e.outcome(),
                e.occurredAt(), e.taskId(), version);
    }

    /** Sends and waits for the broker's acknowledgement of every event. */
    public void publish(List<UsageEvent> events) {
        try {
            for (UsageEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.USAGE, event.accountId(), json.writeValueAsString(event)));
            }
            producer.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(UsageEvent... events) {
        publish(List.of(events));
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
